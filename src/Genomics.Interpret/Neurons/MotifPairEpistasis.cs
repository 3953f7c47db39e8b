namespace Genomics.Interpret.Neurons;

/// <summary>How a motif pair's joint effect compares with the sum of its single effects (CombMotif's epistasis analysis).</summary>
public enum InteractionType
{
    /// <summary>Motif A raises the prediction and the pair acts more than additively.</summary>
    PositiveSynergistic,

    /// <summary>Motif A raises the prediction and the pair acts less than additively.</summary>
    PositiveAntagonistic,

    /// <summary>Motif A lowers the prediction and the pair lowers it more than additively.</summary>
    NegativeSynergistic,

    /// <summary>Motif A lowers the prediction and the pair lowers it less than additively.</summary>
    NegativeAntagonistic,

    /// <summary>No significant difference between the joint and the summed single effects.</summary>
    Additive,

    /// <summary>A and B are both significant with opposite directions (CombMotif's type "none").</summary>
    Opposite,

    /// <summary>Not more than the minimum number of quadruples was found.</summary>
    InsufficientData,
}

/// <summary>Which inequality decides synergy for positive motifs.</summary>
public enum EpistasisRule
{
    /// <summary>
    /// The rule CombMotif's code applies (and its published table shows): for a positive motif A, joint &gt; marginal is
    /// synergistic; for a negative motif A, joint &lt; marginal is synergistic.
    /// </summary>
    Code,

    /// <summary>
    /// The inequality CombMotif's README states for positive motifs (joint &lt; marginal is synergistic); negative
    /// motifs as in <see cref="Code"/>.
    /// </summary>
    Readme,
}

/// <summary>A motif pair: two patterns over A, C, G, T with N for any base.</summary>
/// <param name="MotifA">The first pattern, e.g. <c>TGTANA</c>.</param>
/// <param name="MotifB">The second pattern.</param>
public sealed record MotifPair(string MotifA, string MotifB);

/// <summary>Settings of motif-pair mutagenesis. Defaults are CombMotif's.</summary>
public sealed record MotifPairEpistasisOptions
{
    /// <summary>A fragment is the first window above this fraction of the neuron's maximum. Default 0.9; in (0, 1].</summary>
    public double FragmentThreshold { get; init; } = 0.9;

    /// <summary>Tests run only with more than this many quadruples. Default 5; at least 0.</summary>
    public int MinimumQuadruples { get; init; } = 5;

    /// <summary>Significance level. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The synergy inequality for positive motifs. Default <see cref="EpistasisRule.Code"/>.</summary>
    public EpistasisRule Rule { get; init; } = EpistasisRule.Code;

    /// <summary>The model output whose prediction is compared. Default 0.</summary>
    public int Target { get; init; }

    /// <summary>The seed when none is set here or in the network's context (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>Seed of the scrambling bases; null uses the network's context seed (<see cref="NeuronNetwork.Context"/>), or <see cref="DefaultSeed"/> when that is null too: the rule of <see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, which every engine follows. The generator takes its low 32 bits.</summary>
    public long? Seed { get; init; }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public MotifPairEpistasisOptions Validate()
    {
        if (FragmentThreshold is <= 0 or > 1 || double.IsNaN(FragmentThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(FragmentThreshold), FragmentThreshold, "FragmentThreshold must be in (0, 1].");
        }

        if (MinimumQuadruples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumQuadruples), MinimumQuadruples, "MinimumQuadruples must be at least 0.");
        }

        if (Alpha is <= 0 or >= 1 || double.IsNaN(Alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1).");
        }

        if (Target < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "Target must be at least 0.");
        }

        return this;
    }
}

/// <summary>
/// The outcome for one neuron and motif pair. Signed p-values are negative when the first group's mean exceeds the
/// second's; NaN when the test was not run or all paired differences were zero.
/// </summary>
/// <param name="Task">The neuron, e.g. <c>conv5_neuron12</c>.</param>
/// <param name="Pair">The motif pair.</param>
/// <param name="Quadruples">The number of (original, A scrambled, B scrambled, both scrambled) quadruples.</param>
/// <param name="SignedPA">Wilcoxon of A scrambled vs original.</param>
/// <param name="SignedPB">Wilcoxon of B scrambled vs original.</param>
/// <param name="SignedPBothVsA">Wilcoxon of both scrambled vs A scrambled.</param>
/// <param name="SignedPBothVsB">Wilcoxon of both scrambled vs B scrambled.</param>
/// <param name="SignedPBothVsOriginal">Wilcoxon of both scrambled vs original.</param>
/// <param name="Interaction">The interaction type.</param>
/// <param name="InteractionP">Wilcoxon p of joint (o − n) vs marginal (a + b − 2n); NaN when not tested.</param>
/// <param name="MeanJoint">Mean of o − n.</param>
/// <param name="MeanMarginal">Mean of a + b − 2n.</param>
public sealed record MotifPairEpistasis(
    string Task,
    MotifPair Pair,
    int Quadruples,
    double SignedPA,
    double SignedPB,
    double SignedPBothVsA,
    double SignedPBothVsB,
    double SignedPBothVsOriginal,
    InteractionType Interaction,
    double InteractionP,
    double MeanJoint,
    double MeanMarginal);

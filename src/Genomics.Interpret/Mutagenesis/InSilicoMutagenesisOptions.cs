using Genomics.Interpret.Evaluation;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>Settings of <see cref="InSilicoMutagenesis"/>.</summary>
public sealed record InSilicoMutagenesisOptions
{
    /// <summary>Default options: the whole sequence, mean-centred attribution scores, automatic algorithm.</summary>
    public static InSilicoMutagenesisOptions Default { get; } = new();

    /// <summary>First position mutated (inclusive, zero-based); null for 0.</summary>
    public int? Start { get; init; }

    /// <summary>End of the mutated window (exclusive); null for the sequence length. Positions outside the window get Δ = 0.</summary>
    public int? End { get; init; }

    /// <summary>
    /// Centre across channels: subtract, at every position, the mean over the four bases from the scores returned by
    /// <see cref="InSilicoMutagenesis.Attribute"/> (the zero-sum gauge), so the observed base's score is minus the mean
    /// effect of substituting it. Default true. Without it the actual scores are zero everywhere (Δ at the observed base
    /// is zero by definition) and only the hypothetical scores carry information. <see cref="IsmResult.Deltas"/> are always raw.
    /// </summary>
    public bool CentreAcrossChannels { get; init; } = true;

    /// <summary>How the substituted sequences are evaluated (whole model, local edits or automatic); default <see cref="EvaluationAlgorithm.Auto"/>.</summary>
    public EvaluationAlgorithm Algorithm { get; init; } = EvaluationAlgorithm.Auto;

    /// <summary>Checks every setting that does not depend on the input; <see cref="InSilicoMutagenesis"/> calls it
    /// when it is created, and checks the window against the sequence length when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
    public InSilicoMutagenesisOptions Validate()
    {
        if (Start is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, "The window start cannot be negative.");
        }

        if (End is { } end && end <= (Start ?? 0))
        {
            throw new ArgumentOutOfRangeException(nameof(End), end, $"The window end must be greater than the start ({Start ?? 0}).");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown ISM algorithm.");
        }

        return this;
    }

    /// <summary>The window [start, end) for sequences of length <paramref name="length"/>.</summary>
    /// <param name="length">L.</param>
    /// <param name="paramName">The argument reported on failure (the options of the run).</param>
    /// <exception cref="ArgumentOutOfRangeException">The window lies outside the sequence; the message names the option.</exception>
    internal (int Start, int End) WindowFor(int length, string paramName = "options")
    {
        var start = Start ?? 0;
        var end = End ?? length;
        if (start >= length)
        {
            throw new ArgumentOutOfRangeException(paramName, start, $"{nameof(Start)}: the window start must lie in [0, {length}) for sequences of length {length}.");
        }

        if (end > length)
        {
            throw new ArgumentOutOfRangeException(paramName, end, $"{nameof(End)}: the window end must lie in ({start}, {length}] for sequences of length {length}.");
        }

        return (start, end);
    }
}

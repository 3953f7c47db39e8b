using System.Text.RegularExpressions;
using Genomics.Interpret.Statistics;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// CombMotif's motif-pair epistasis (zengxc-thu/combmotif): motif-pair mutagenesis inside the fragments that strongly activate a neuron.
/// </summary>
/// <remarks>
/// <para>
/// For each sequence, the fragment is the first stride-1 window whose neuron value exceeds 0.9·max. In fragments holding
/// both patterns (N = any base), every pair of occurrences whose starts differ by at least the longer pattern's length
/// gives four copies of the whole sequence — original (o), A scrambled (a), B scrambled (b), both (n); scrambling replaces
/// the motif positions with uniform random bases (seeded); extra input channels (coding frame, splice sites) are zero.
/// All copies are predicted in batches.
/// </para>
/// <para>
/// With more than 5 quadruples: Wilcoxon signed-rank tests (SciPy 1.7 defaults) a vs o, b vs o, n vs a, n vs b, n vs o,
/// each signed negative when the first group's mean is larger. If A and B are both significant with opposite signs the
/// type is <see cref="InteractionType.Opposite"/>; otherwise joint = o − n and marginal = a + b − 2n are compared by
/// Wilcoxon and by their means, with the inequality of <see cref="MotifPairEpistasisOptions.Rule"/>. The rule itself is
/// <see cref="Classify"/>, which also classifies published test results.
/// </para>
/// <para><b>Thread safety.</b> An instance may be called from several threads at once, on one model or on several: every network evaluation holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class MotifPairEpistasisAnalysis
{
    private readonly NeuronNetwork _network;
    private readonly ISequenceModel _model;
    private readonly MotifPairEpistasisOptions _options;

    /// <summary>Creates the analysis.</summary>
    /// <param name="network">The neurons that locate fragments.</param>
    /// <param name="model">The full model that predicts the mutated sequences: one-hot input whose first four channels are A, C, G, T (further channels are set to zero).</param>
    /// <param name="options">Settings; CombMotif's defaults when null.</param>
    /// <exception cref="ArgumentException">The model's input has fewer than four channels or is not one-hot/track input of DNA.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="MotifPairEpistasisOptions.Validate"/>), or <see cref="MotifPairEpistasisOptions.Target"/> is beyond the model's outputs; the parameter name is the option's.</exception>
    public MotifPairEpistasisAnalysis(NeuronNetwork network, ISequenceModel model, MotifPairEpistasisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Input.Channels < 4)
        {
            throw new ArgumentException($"The model takes {model.Input.Channels} channels; at least the four DNA channels are needed.", nameof(model));
        }

        _network = network;
        _model = model;
        _options = (options ?? new MotifPairEpistasisOptions()).Validate();
        RequireTargetBelow(_options.Target, model.Output.Targets, nameof(MotifPairEpistasisOptions.Target));
    }

    /// <summary>
    /// Whether motifs A and B act in opposite directions with both effects significant: CombMotif's type "none"
    /// (<see cref="InteractionType.Opposite"/>), for which no interaction test is run.
    /// </summary>
    /// <param name="signedPA">Signed Wilcoxon p of A scrambled vs original (the table's <c>a-o</c>): negative when scrambling A raises the prediction.</param>
    /// <param name="signedPB">Signed Wilcoxon p of B scrambled vs original (<c>b-o</c>).</param>
    /// <param name="alpha">Significance level, in (0, 1). Default 0.05.</param>
    /// <returns>True when |p_A| &lt; alpha, |p_B| &lt; alpha and the signs differ; false otherwise (also for NaN p-values).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    public static bool AreOpposite(double signedPA, double signedPB, double alpha = 0.05)
    {
        RequireAlpha(alpha);
        return Math.Abs(signedPA) < alpha && Math.Abs(signedPB) < alpha && Math.Sign(signedPA) != Math.Sign(signedPB);
    }

    /// <summary>
    /// CombMotif's classification of a motif pair from its test results alone (the rule every analysis of this class
    /// applies): <see cref="InteractionType.Opposite"/> when <see cref="AreOpposite"/>; otherwise the family follows the
    /// sign of <paramref name="signedPA"/> (positive: scrambling A lowers the prediction), the pair is additive unless
    /// <paramref name="interactionP"/> &lt; <paramref name="alpha"/>, and synergy or antagonism follows the direction of
    /// mean(joint) − mean(marginal) with the inequality of <paramref name="rule"/>.
    /// </summary>
    /// <param name="signedPA">Signed Wilcoxon p of A scrambled vs original (the table's <c>a-o</c>): negative when scrambling A raises the prediction.</param>
    /// <param name="signedPB">Signed Wilcoxon p of B scrambled vs original (<c>b-o</c>).</param>
    /// <param name="interactionP">Wilcoxon p of joint (o − n) vs marginal (a + b − 2n); NaN counts as not significant.</param>
    /// <param name="jointVersusMarginal">The sign of mean(joint) − mean(marginal): positive, negative or 0 (equal means: additive).</param>
    /// <param name="alpha">Significance level, in (0, 1). Default 0.05.</param>
    /// <param name="rule">The synergy inequality for positive motifs. Default <see cref="EpistasisRule.Code"/>, the rule that produced CombMotif's published table.</param>
    /// <returns>The interaction type (never <see cref="InteractionType.InsufficientData"/>, which depends on the number of quadruples).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1), or <paramref name="rule"/> is not a defined value.</exception>
    public static InteractionType Classify(double signedPA, double signedPB, double interactionP, int jointVersusMarginal, double alpha = 0.05, EpistasisRule rule = EpistasisRule.Code)
    {
        RequireAlpha(alpha);
        if (rule is not (EpistasisRule.Code or EpistasisRule.Readme))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule, "The rule must be EpistasisRule.Code or EpistasisRule.Readme.");
        }

        if (AreOpposite(signedPA, signedPB, alpha))
        {
            return InteractionType.Opposite;
        }

        var significant = interactionP < alpha;
        var above = jointVersusMarginal > 0;
        var below = jointVersusMarginal < 0;
        if (signedPA > 0)
        {
            var synergy = rule == EpistasisRule.Code ? above : below;
            var antagonism = rule == EpistasisRule.Code ? below : above;
            return significant && synergy ? InteractionType.PositiveSynergistic
                : significant && antagonism ? InteractionType.PositiveAntagonistic
                : InteractionType.Additive;
        }

        return significant && below ? InteractionType.NegativeSynergistic
            : significant && above ? InteractionType.NegativeAntagonistic
            : InteractionType.Additive;
    }

    private static void RequireAlpha(double alpha)
    {
        if (alpha is <= 0 or >= 1 || double.IsNaN(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1).");
        }
    }

    private static void RequireTargetBelow(int target, int targets, string paramName)
    {
        if (target >= targets)
        {
            throw new ArgumentOutOfRangeException(paramName, target, $"Target {target} is beyond the model's {targets} outputs.");
        }
    }

    /// <summary>Tests motif pairs for one neuron.</summary>
    /// <param name="layer">The neuron layer.</param>
    /// <param name="neuron">The neuron index.</param>
    /// <param name="maxActivation">The neuron's maximum activation (e.g. from <see cref="NeuronContributionAnalysis.EstimateMaxActivations"/>); positive.</param>
    /// <param name="sequences">Sequences over A, C, G, T (other letters count as no base), all as long as the model's input.</param>
    /// <param name="pairs">Motif pairs, patterns over A, C, G, T, N.</param>
    /// <param name="progress">Receives (stage "epistasis", pairs done, pairs).</param>
    /// <param name="cancellationToken">Checked before every pair and batch.</param>
    /// <returns>One result per pair, in order.</returns>
    /// <exception cref="ArgumentException">Invalid layer, neuron, maximum, sequences or patterns.</exception>
    public IReadOnlyList<MotifPairEpistasis> Analyze(string layer, int neuron, double maxActivation, IReadOnlyList<string> sequences, IReadOnlyList<MotifPair> pairs, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = _network.Layer(layer);
        ArgumentOutOfRangeException.ThrowIfNegative(neuron);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(neuron, info.Channels);
        if (!(maxActivation > 0) || !double.IsFinite(maxActivation))
        {
            throw new ArgumentOutOfRangeException(nameof(maxActivation), maxActivation, "The maximum activation must be positive and finite.");
        }

        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(pairs);
        if (sequences.Count == 0 || sequences.Any(s => s is null || s.Length < info.ReceptiveField || s.Length != sequences[0].Length)
            || (_model.Input.Length is int length && sequences[0].Length != length))
        {
            throw new ArgumentException($"Sequences must be non-empty, of equal length, at least {info.ReceptiveField} long and as long as the model's input ({_model.Input.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}).", nameof(sequences));
        }

        var patterns = pairs.Select(p => (ToRegex(p?.MotifA, nameof(pairs)), ToRegex(p?.MotifB, nameof(pairs)))).ToArray();
        var fragments = Fragments(info, neuron, maxActivation, sequences, cancellationToken);
        var random = new Random(unchecked((int)_network.Context.SeedFor(_options.Seed, MotifPairEpistasisOptions.DefaultSeed)));
        var results = new List<MotifPairEpistasis>(pairs.Count);
        for (var k = 0; k < pairs.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(AnalyzePair(info, neuron, sequences, fragments, pairs[k], patterns[k], random, cancellationToken));
            progress?.Report(new OperationProgress("epistasis", k + 1, pairs.Count));
        }

        return results;
    }

    private MotifPairEpistasis AnalyzePair(NeuronLayer info, int neuron, IReadOnlyList<string> sequences, int[] fragments, MotifPair pair, (Regex A, Regex B) patterns, Random random, CancellationToken cancellationToken)
    {
        var lenA = pair.MotifA.Length;
        var lenB = pair.MotifB.Length;
        var copies = new List<string>();
        for (var i = 0; i < sequences.Count; i++)
        {
            if (fragments[i] < 0)
            {
                continue;
            }

            var fragment = sequences[i].Substring(fragments[i], info.ReceptiveField);
            var hitsA = Occurrences(patterns.A, fragment);
            var hitsB = Occurrences(patterns.B, fragment);
            foreach (var a in hitsA)
            {
                foreach (var b in hitsB)
                {
                    if (Math.Abs(a - b) < Math.Max(lenA, lenB))
                    {
                        continue;
                    }

                    var startA = fragments[i] + a;
                    var startB = fragments[i] + b;
                    var original = sequences[i];
                    var scrambledA = Scramble(original, startA, lenA, random);
                    var scrambledB = Scramble(original, startB, lenB, random);
                    var both = Scramble(Scramble(original, startA, lenA, random), startB, lenB, random);
                    copies.AddRange([original, scrambledA, scrambledB, both]);
                }
            }
        }

        var quadruples = copies.Count / 4;
        var task = $"{info.Name}_neuron{neuron}";
        if (quadruples <= _options.MinimumQuadruples)
        {
            return new MotifPairEpistasis(task, pair, quadruples, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, InteractionType.InsufficientData, double.NaN, double.NaN, double.NaN);
        }

        var predictions = Predict(copies, cancellationToken);
        var o = new double[quadruples];
        var sa = new double[quadruples];
        var sb = new double[quadruples];
        var n = new double[quadruples];
        for (var q = 0; q < quadruples; q++)
        {
            o[q] = predictions[4 * q];
            sa[q] = predictions[(4 * q) + 1];
            sb[q] = predictions[(4 * q) + 2];
            n[q] = predictions[(4 * q) + 3];
        }

        var pA = Signed(sa, o);
        var pB = Signed(sb, o);
        var pNA = Signed(n, sa);
        var pNB = Signed(n, sb);
        var pNO = Signed(n, o);
        var joint = o.Zip(n, (x, y) => x - y).ToArray();
        var marginal = Enumerable.Range(0, quadruples).Select(q => sa[q] + sb[q] - (2 * n[q])).ToArray();
        var meanJoint = joint.Average();
        var meanMarginal = marginal.Average();
        var alpha = _options.Alpha;
        if (AreOpposite(pA, pB, alpha))
        {
            return new MotifPairEpistasis(task, pair, quadruples, pA, pB, pNA, pNB, pNO, InteractionType.Opposite, double.NaN, meanJoint, meanMarginal);
        }

        var p = Unsigned(joint, marginal);
        var direction = meanJoint > meanMarginal ? 1 : meanJoint < meanMarginal ? -1 : 0;
        var type = Classify(pA, pB, p, direction, alpha, _options.Rule);
        return new MotifPairEpistasis(task, pair, quadruples, pA, pB, pNA, pNB, pNO, type, p, meanJoint, meanMarginal);
    }

    /// <summary>The first stride-1 window above the threshold in each sequence, or −1.</summary>
    private int[] Fragments(NeuronLayer info, int neuron, double maxActivation, IReadOnlyList<string> sequences, CancellationToken cancellationToken)
    {
        using var oneHot = Encode(sequences, 4);
        var scan = NeuronScan.AllWindows(_network, info, oneHot, cancellationToken);
        var windows = sequences[0].Length - info.ReceptiveField + 1;
        var cut = _options.FragmentThreshold * maxActivation;
        var result = new int[sequences.Count];
        for (var i = 0; i < sequences.Count; i++)
        {
            result[i] = -1;
            for (var j = 0; j < windows; j++)
            {
                if (scan[(((i * info.Channels) + neuron) * windows) + j] > cut)
                {
                    result[i] = j;
                    break;
                }
            }
        }

        return result;
    }

    private double[] Predict(List<string> copies, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        var inputs = Encode(copies, _model.Input.Channels);
        var outputs = new BatchedPredictor(_network.Context).Predict(_model, inputs, null, cancellationToken);
        return outputs.select(1, _options.Target).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    private static Tensor Encode(IReadOnlyList<string> sequences, int channels)
    {
        var length = sequences[0].Length;
        var data = new byte[sequences.Count * channels * length];
        for (var i = 0; i < sequences.Count; i++)
        {
            for (var p = 0; p < length; p++)
            {
                var b = NeuronMath.Bases.IndexOf(char.ToUpperInvariant(sequences[i][p]), StringComparison.Ordinal);
                if (b >= 0)
                {
                    data[(((i * channels) + b) * length) + p] = 1;
                }
            }
        }

        return TorchSharp.torch.tensor(data, [sequences.Count, channels, length]);
    }

    private static string Scramble(string sequence, int start, int length, Random random)
    {
        var chars = sequence.ToCharArray();
        for (var p = start; p < start + length; p++)
        {
            chars[p] = NeuronMath.Bases[random.Next(4)];
        }

        return new string(chars);
    }

    private static List<int> Occurrences(Regex pattern, string text)
    {
        var starts = new List<int>();
        for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
        {
            starts.Add(m.Index);
        }

        return starts;
    }

    private static Regex ToRegex(string? motif, string paramName)
    {
        if (string.IsNullOrEmpty(motif) || motif.Any(c => "ACGTN".IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal) < 0))
        {
            throw new ArgumentException($"Motif '{motif}' must be a non-empty pattern over A, C, G, T and N.", paramName);
        }

        var body = string.Concat(motif.ToUpperInvariant().Select(c => c == 'N' ? "[ACGT]" : c.ToString()));
        return new Regex($"(?=({body}))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(5));
    }

    private static double Signed(double[] first, double[] second)
    {
        var p = Unsigned(first, second);
        return first.Average() > second.Average() ? -p : p;
    }

    private static double Unsigned(double[] first, double[] second)
    {
        return first.Zip(second).All(t => t.First == t.Second) ? double.NaN : WilcoxonSignedRankTest.Test(first, second).PValue;
    }
}

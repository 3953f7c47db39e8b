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
/// Wilcoxon and by their means, with the inequality of <see cref="MotifPairEpistasisOptions.Rule"/>.
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
        if (Math.Abs(pA) < alpha && Math.Abs(pB) < alpha && Math.Sign(pA) != Math.Sign(pB))
        {
            return new MotifPairEpistasis(task, pair, quadruples, pA, pB, pNA, pNB, pNO, InteractionType.Opposite, double.NaN, meanJoint, meanMarginal);
        }

        var p = Unsigned(joint, marginal);
        var significant = p < alpha;
        InteractionType type;
        if (pA > 0)
        {
            var synergy = _options.Rule == EpistasisRule.Code ? meanJoint > meanMarginal : meanJoint < meanMarginal;
            var antagonism = _options.Rule == EpistasisRule.Code ? meanJoint < meanMarginal : meanJoint > meanMarginal;
            type = significant && synergy ? InteractionType.PositiveSynergistic
                : significant && antagonism ? InteractionType.PositiveAntagonistic
                : InteractionType.Additive;
        }
        else
        {
            type = significant && meanJoint < meanMarginal ? InteractionType.NegativeSynergistic
                : significant && meanJoint > meanMarginal ? InteractionType.NegativeAntagonistic
                : InteractionType.Additive;
        }

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

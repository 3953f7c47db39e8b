using Genomics.Interpret.Statistics;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// CombMotif's neuron contribution (zengxc-thu/combmotif): each neuron's maximum activation over random windows, then a two-sample t-test of a
/// per-sequence value (CombMotif: the measured target; model predictions work too) between sequences that activate the
/// neuron — some stride-1 window above θ·max — and those that do not.
/// </summary>
public static class NeuronContributionAnalysis
{
    /// <summary>CombMotif's number of sampling rounds for a receptive field: ⌊RF/10·400/5⌋ (RF 72 → 576).</summary>
    /// <param name="receptiveField">The layer's receptive field.</param>
    /// <returns>The number of rounds, at least 1.</returns>
    public static int DefaultRounds(int receptiveField) => Math.Max(1, (int)Math.Floor(receptiveField / 10.0 * 400 / 5));

    /// <summary>Estimates every neuron's maximum activation from random windows of the sequences (step 1).</summary>
    /// <param name="network">The neurons.</param>
    /// <param name="layer">The layer name.</param>
    /// <param name="sequences">One-hot sequences (N, 4, L) on the CPU, L at least the receptive field.</param>
    /// <param name="rounds">Sampling rounds (CombMotif: <see cref="DefaultRounds"/>); at least 1.</param>
    /// <param name="windowsPerRound">Random windows per round (CombMotif: 20,000); at least 1.</param>
    /// <param name="seed">Seed of the window draws; null uses the network's context seed, or 0 when that is null too
    /// (<see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>). The generator takes its low 32 bits.</param>
    /// <param name="progress">Receives (stage "max-activation", rounds done, rounds).</param>
    /// <param name="cancellationToken">Checked every round.</param>
    /// <returns>The running maximum per neuron.</returns>
    /// <exception cref="ArgumentException">Unknown layer, sequences of the wrong shape, or a count below 1.</exception>
    public static double[] EstimateMaxActivations(NeuronNetwork network, string layer, Tensor sequences, int rounds, int windowsPerRound, long? seed, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var info = network.Layer(layer);
        RequireSequences(sequences, info, nameof(sequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerRound, 1);
        var random = new Random(unchecked((int)network.Context.SeedFor(seed, 0)));
        var n = sequences.shape[0];
        var length = sequences.shape[2];
        var max = Enumerable.Repeat(double.NegativeInfinity, info.Channels).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var rows = new long[windowsPerRound];
            var starts = new long[windowsPerRound];
            for (var i = 0; i < windowsPerRound; i++)
            {
                rows[i] = random.NextInt64(n);
                starts[i] = random.NextInt64(length - info.ReceptiveField + 1);
            }

            var offsets = torch.arange(info.ReceptiveField, ScalarType.Int64);
            var positions = torch.tensor(starts).unsqueeze(1) + offsets.unsqueeze(0);
            var picked = sequences.index_select(0, torch.tensor(rows));
            var gather = positions.unsqueeze(1).expand(windowsPerRound, 4, info.ReceptiveField);
            var windows = picked.gather(2, gather);
            using var values = network.EvaluateWindows(info.Name, windows, null, cancellationToken);
            var flat = values.data<float>().ToArray();
            for (var i = 0; i < windowsPerRound; i++)
            {
                for (var c = 0; c < info.Channels; c++)
                {
                    max[c] = Math.Max(max[c], flat[(i * info.Channels) + c]);
                }
            }

            progress?.Report(new OperationProgress("max-activation", r + 1, rounds));
        }

        return max;
    }

    /// <summary>Classifies every neuron of a layer as enhancing, suppressing or neutral (steps 2–3).</summary>
    /// <param name="network">The neurons.</param>
    /// <param name="layer">The layer name.</param>
    /// <param name="sequences">One-hot sequences (N, 4, L) on the CPU.</param>
    /// <param name="values">One value per sequence (CombMotif: the measured target), finite.</param>
    /// <param name="maxActivations">Each neuron's maximum activation (e.g. from <see cref="EstimateMaxActivations"/>).</param>
    /// <param name="threshold">θ: a sequence activates a neuron when a window exceeds θ·max. Default 0.7; in (0, 1].</param>
    /// <param name="alpha">Significance level. Default 0.05.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One entry per neuron, in channel order.</returns>
    /// <exception cref="ArgumentException">Unknown layer, shapes or counts that do not match, or values out of range.</exception>
    public static IReadOnlyList<NeuronContribution> Classify(NeuronNetwork network, string layer, Tensor sequences, IReadOnlyList<double> values, IReadOnlyList<double> maxActivations, double threshold = 0.7, double alpha = 0.05, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(maxActivations);
        var info = network.Layer(layer);
        RequireSequences(sequences, info, nameof(sequences));
        var n = (int)sequences.shape[0];
        if (values.Count != n || values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"Expected {n} finite values, one per sequence, but got {values.Count}.", nameof(values));
        }

        if (maxActivations.Count != info.Channels)
        {
            throw new ArgumentException($"Expected {info.Channels} maximum activations for layer {info.Name} but got {maxActivations.Count}.", nameof(maxActivations));
        }

        if (threshold is <= 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in (0, 1].");
        }

        if (alpha is <= 0 or >= 1 || double.IsNaN(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be in (0, 1).");
        }

        var scan = NeuronScan.AllWindows(network, info, sequences, cancellationToken);
        var windows = (int)sequences.shape[2] - info.ReceptiveField + 1;
        var result = new NeuronContribution[info.Channels];
        for (var c = 0; c < info.Channels; c++)
        {
            var on = new List<double>();
            var off = new List<double>();
            var cut = threshold * maxActivations[c];
            for (var i = 0; i < n; i++)
            {
                var active = false;
                for (var j = 0; j < windows && !active; j++)
                {
                    active = scan[(((i * info.Channels) + c) * windows) + j] > cut;
                }

                (active ? on : off).Add(values[i]);
            }

            var meanOn = on.Count > 0 ? on.Average() : double.NaN;
            var meanOff = off.Count > 0 ? off.Average() : double.NaN;
            if (on.Count == 0 || off.Count == 0 || on.Count + off.Count < 3)
            {
                result[c] = new NeuronContribution(info, c, ContributionKind.None, double.NaN, double.NaN, on.Count, off.Count, meanOn, meanOff);
                continue;
            }

            var test = StudentTTest.TwoSample(on, off);
            var kind = test.PValue < alpha ? (meanOn > meanOff ? ContributionKind.Positive : ContributionKind.Negative) : ContributionKind.Neutral;
            result[c] = new NeuronContribution(info, c, kind, test.Statistic, test.PValue, on.Count, off.Count, meanOn, meanOff);
        }

        return result;
    }

    internal static void RequireSequences(Tensor sequences, NeuronLayer layer, string paramName)
    {
        ArgumentNullException.ThrowIfNull(sequences, paramName);
        if (sequences.dim() != 3 || sequences.shape[0] == 0 || sequences.shape[1] != 4 || sequences.shape[2] < layer.ReceptiveField)
        {
            throw new ArgumentException($"Expected one-hot sequences (N, 4, L) with L at least {layer.ReceptiveField} but got [{string.Join(", ", sequences.shape)}].", paramName);
        }
    }
}

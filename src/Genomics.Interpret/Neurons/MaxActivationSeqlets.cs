using System.Globalization;
using Genomics.Interpret.Motifs;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>One receptive-field window of a real sequence and a neuron's value on it.</summary>
/// <param name="Example">The sequence index.</param>
/// <param name="Start">The window's first position.</param>
/// <param name="Activation">The neuron's value.</param>
public readonly record struct NeuronSeqlet(int Example, int Start, float Activation);

/// <summary>A neuron's strongest windows in a set of sequences and their position frequency matrix.</summary>
/// <param name="Layer">The neuron layer.</param>
/// <param name="Neuron">The neuron index.</param>
/// <param name="Seqlets">The windows, by descending activation (ties: example, then start).</param>
/// <param name="Counts">Column-wise base counts of the windows, 4 × RF (rows A, C, G, T; N columns add nothing).</param>
public sealed record NeuronSeqlets(NeuronLayer Layer, int Neuron, IReadOnlyList<NeuronSeqlet> Seqlets, double[,] Counts)
{
    /// <summary>The windows' position frequency matrix as a motif (probabilities from <see cref="Counts"/>).</summary>
    /// <returns>The motif <c>{layer}_neuron{n}_seqlets</c>, or null when no window was kept.</returns>
    public Motif? ToMotif()
    {
        if (Seqlets.Count == 0)
        {
            return null;
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{Layer.Name}_neuron{Neuron}_seqlets");
        return new Motif(id, PositionProbabilityMatrix.FromCounts(Counts, pseudocount: 1e-9)) { Sites = Seqlets.Count };
    }
}

/// <summary>
/// The classic first look at convolution neurons: for every neuron of a layer, the top-k stride-1 receptive-field
/// windows of real sequences by pre-activation value, stacked into a position frequency matrix.
/// </summary>
public static class MaxActivationSeqlets
{
    /// <summary>Finds each neuron's strongest windows.</summary>
    /// <param name="network">The neurons.</param>
    /// <param name="layer">The layer name.</param>
    /// <param name="sequences">One-hot sequences (N, 4, L) on the CPU, L at least the receptive field.</param>
    /// <param name="top">Windows kept per neuron; at least 1.</param>
    /// <param name="minimumActivation">Windows at or below this value are never kept (default 0: positive values only).</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One entry per neuron, in channel order.</returns>
    /// <exception cref="ArgumentException">Unknown layer or sequences of the wrong shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is below 1.</exception>
    public static IReadOnlyList<NeuronSeqlets> Find(NeuronNetwork network, string layer, Tensor sequences, int top, double minimumActivation = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var info = network.Layer(layer);
        NeuronContributionAnalysis.RequireSequences(sequences, info, nameof(sequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var scan = NeuronScan.AllWindows(network, info, sequences, cancellationToken);
        var n = (int)sequences.shape[0];
        var length = (int)sequences.shape[2];
        var windows = length - info.ReceptiveField + 1;
        byte[] data;
        using (NewDisposeScope())
        {
            data = sequences.to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        }

        var result = new NeuronSeqlets[info.Channels];
        for (var c = 0; c < info.Channels; c++)
        {
            var candidates = new List<NeuronSeqlet>();
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < windows; j++)
                {
                    var v = scan[(((i * info.Channels) + c) * windows) + j];
                    if (v > minimumActivation)
                    {
                        candidates.Add(new NeuronSeqlet(i, j, v));
                    }
                }
            }

            var kept = candidates.OrderByDescending(s => s.Activation).ThenBy(s => s.Example).ThenBy(s => s.Start).Take(top).ToArray();
            var counts = new double[4, info.ReceptiveField];
            foreach (var s in kept)
            {
                for (var b = 0; b < 4; b++)
                {
                    for (var p = 0; p < info.ReceptiveField; p++)
                    {
                        counts[b, p] += data[(((s.Example * 4) + b) * length) + s.Start + p];
                    }
                }
            }

            result[c] = new NeuronSeqlets(info, c, kept, counts);
        }

        return result;
    }
}

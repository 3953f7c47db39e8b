using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>Shared utilities: one-hot packing, counts, information content.</summary>
internal static class NeuronMath
{
    public const string Bases = "ACGT";

    /// <summary>Packs base-index windows into a uint8 one-hot tensor (N, 4, W) on the CPU.</summary>
    public static Tensor OneHot(IReadOnlyList<byte[]> sequences, int width)
    {
        var data = new byte[sequences.Count * 4 * width];
        for (var i = 0; i < sequences.Count; i++)
        {
            var s = sequences[i];
            for (var p = 0; p < width; p++)
            {
                data[(((i * 4) + s[p]) * width) + p] = 1;
            }
        }

        return torch.tensor(data, [sequences.Count, 4, width]);
    }

    public static double[,] Counts(IReadOnlyList<byte[]> sequences, IEnumerable<int> indices, int width)
    {
        var counts = new double[4, width];
        foreach (var i in indices)
        {
            var s = sequences[i];
            for (var p = 0; p < width; p++)
            {
                counts[s[p], p] += 1;
            }
        }

        return counts;
    }

    /// <summary>Per-column information 2 − H (bits) of a count or probability matrix, with p floored at 1e-7 inside the logarithm.</summary>
    public static double[] Information(double[,] matrix)
    {
        var width = matrix.GetLength(1);
        var info = new double[width];
        for (var p = 0; p < width; p++)
        {
            var total = 0.0;
            for (var b = 0; b < 4; b++)
            {
                total += matrix[b, p];
            }

            var h = 0.0;
            for (var b = 0; b < 4; b++)
            {
                var q = total > 0 ? matrix[b, p] / total : 0.25;
                h -= q * Math.Log2(Math.Max(q, 1e-7));
            }

            info[p] = 2 - h;
        }

        return info;
    }

    public static string Key(byte[] sequence)
    {
        return string.Create(sequence.Length, sequence, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = Bases[s[i]];
            }
        });
    }

    public static byte[] RandomSequence(Random random, int width)
    {
        var s = new byte[width];
        for (var i = 0; i < width; i++)
        {
            s[i] = (byte)random.Next(4);
        }

        return s;
    }

    /// <summary>A seed for one (base seed, layer, neuron) triple.</summary>
    public static int DeriveSeed(int seed, int depth, int neuron)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u;
            h ^= (uint)(depth + 1) * 0x85EBCA77u;
            h = (h << 13) | (h >> 19);
            h ^= (uint)(neuron + 1) * 0xC2B2AE3Du;
            h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}

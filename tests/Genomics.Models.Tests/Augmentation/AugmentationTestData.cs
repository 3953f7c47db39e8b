using Genomics.Models.Encoding;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Augmentation;

/// <summary>Small batches for the augmentation tests.</summary>
internal static class AugmentationTestData
{
    /// <summary>Random one-hot DNA (N, 4, L), float32, from a seed.</summary>
    public static Tensor OneHot(int count, int length, int seed)
    {
        var random = new Random(seed);
        var sequences = Enumerable.Range(0, count)
            .Select(_ => new string(Enumerable.Range(0, length).Select(_ => "ACGT"[random.Next(4)]).ToArray()))
            .ToArray();
        return OneHotEncoder.Encode(sequences);
    }

    /// <summary>
    /// A marker batch (N, 4, L): channel 0 of position l holds l + 2 and the other channels 0, so after an augmentation
    /// that only moves columns, <see cref="Sources"/> recovers where every output column came from (random bases hold 0 or 1).
    /// </summary>
    public static Tensor Markers(int count, int length)
    {
        var values = new float[count * 4 * length];
        for (var n = 0; n < count; n++)
        {
            for (var l = 0; l < length; l++)
            {
                values[n * 4 * length + l] = l + 2;
            }
        }

        return torch.tensor(values, [count, 4, length]);
    }

    /// <summary>Per row, the input position of every output column of a marker batch, or −1 for a random base.</summary>
    public static int[][] Sources(Tensor output)
    {
        var (count, length) = ((int)output.shape[0], (int)output.shape[2]);
        var values = Values(output);
        var rows = new int[count][];
        for (var n = 0; n < count; n++)
        {
            rows[n] = new int[length];
            for (var l = 0; l < length; l++)
            {
                var marker = values[n * 4 * length + l];
                rows[n][l] = marker >= 2 ? (int)marker - 2 : -1;
            }
        }

        return rows;
    }

    /// <summary>The values of a tensor in row-major order.</summary>
    public static float[] Values(Tensor tensor) => tensor.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>True when every column of (N, 4, L) is one-hot.</summary>
    public static bool IsOneHot(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        var binary = (batch.eq(0) | batch.eq(1)).all().item<bool>();
        var sums = batch.sum(1);
        return binary && sums.eq(1).all().item<bool>();
    }

    /// <summary>The number of columns of each row that are all zero.</summary>
    public static int[] ZeroColumns(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        var zero = batch.abs().sum(1).eq(0).sum(1);
        return zero.to_type(ScalarType.Int32).data<int>().ToArray();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>Seeded random one-hot DNA batches for tests.</summary>
public static class TestSequences
{
    /// <summary>Uniform random bases as a one-hot batch (N, 4, L) in A, C, G, T order, reproducible by seed.</summary>
    /// <param name="batch">N.</param>
    /// <param name="length">L.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="dtype">Element type; float32 by default.</param>
    public static Tensor RandomOneHot(long batch, long length, long seed, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var indices = torch.randint(0, 4, [batch, length], generator: generator);
        return nn.functional.one_hot(indices, 4).permute(0, 2, 1).to_type(dtype).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Uniform random bases A, C, G, T drawn from <paramref name="random"/>, one draw per base.</summary>
    /// <param name="random">The generator.</param>
    /// <param name="length">The number of bases.</param>
    public static string RandomBases(Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new string(Enumerable.Range(0, length).Select(_ => "ACGT"[random.Next(4)]).ToArray());
    }

    /// <summary>
    /// FASTA text of <paramref name="records"/> records named <paramref name="idPrefix"/>0, <paramref name="idPrefix"/>1, …,
    /// each one line of <paramref name="length"/> random bases, reproducible by seed.
    /// </summary>
    /// <param name="records">The number of records.</param>
    /// <param name="length">The bases per record.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="idPrefix">The start of each record's id.</param>
    public static string RandomFasta(int records, int length, int seed, string idPrefix = "s")
    {
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, records).Select(i => $">{idPrefix}{i}\n" + RandomBases(random, length) + "\n"));
    }
}

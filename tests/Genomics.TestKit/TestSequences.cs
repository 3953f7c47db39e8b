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
}

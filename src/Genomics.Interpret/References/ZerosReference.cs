using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>The all-zero reference (every column 'N'): the classic DeepLIFT baseline; the seed is ignored.</summary>
public sealed class ZerosReference : IReferenceGenerator
{
    /// <inheritdoc />
    /// <remarks>Shapes: (N, 4, L) in, (N, K, 4, L) float32 zeros out. Input columns are still checked to be one-hot.</remarks>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed,
            static (ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch, ref ReferenceRandom random) =>
                destination.Fill(ReferenceBatch.Unknown));
}

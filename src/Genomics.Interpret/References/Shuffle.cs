using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>
/// Mononucleotide shuffle: each reference is a uniformly random permutation of the input's positions, so base
/// counts are kept but dinucleotide structure is not. Unknown bases (all-zero columns) are permuted too.
/// </summary>
public sealed class Shuffle : IReferenceGenerator
{
    /// <inheritdoc />
    /// <remarks>Shapes: (N, 4, L) in, (N, K, 4, L) float32 out.</remarks>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) => GenerateFrom(sequences, referenceCount, seed, 0);

    /// <inheritdoc />
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed,
            static (ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch, ref ReferenceRandom random) =>
            {
                source.CopyTo(destination);
                random.Shuffle(destination);
            }, firstExample);
}

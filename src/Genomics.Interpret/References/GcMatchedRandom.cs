using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>
/// GC-matched random references: each known position independently becomes C or G with probability equal to
/// the example's GC fraction (C + G over A + C + G + T), split evenly, otherwise A or T, split evenly.
/// </summary>
/// <remarks>Unknown bases (all-zero columns) stay unknown at the same positions; an example with no known base
/// gives all-zero references.</remarks>
public sealed class GcMatchedRandom : IReferenceGenerator
{
    /// <inheritdoc />
    /// <remarks>Shapes: (N, 4, L) in, (N, K, 4, L) float32 out.</remarks>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed, Fill);

    /// <inheritdoc />
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed, Fill, firstExample);

    private static void Fill(ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch, ref ReferenceRandom random)
    {
        int known = 0, gc = 0;
        foreach (var s in source)
        {
            known += s < ReferenceBatch.Unknown ? 1 : 0;
            gc += s is 1 or 2 ? 1 : 0;
        }

        var fraction = known == 0 ? 0.0 : (double)gc / known;
        for (var p = 0; p < source.Length; p++)
        {
            if (source[p] == ReferenceBatch.Unknown)
            {
                destination[p] = ReferenceBatch.Unknown;
                continue;
            }

            var strong = random.NextDouble() < fraction;
            var second = random.NextInt(2) == 1;
            destination[p] = strong ? (second ? (byte)2 : (byte)1) : (second ? (byte)3 : (byte)0);
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 2 (batch mode): inserts a stretch of random DNA at one position shared by the whole batch and
/// pads with random DNA to a fixed length L + <see cref="MaxLength"/> (evoaug-tf <c>RandomInsertionBatch</c>).
/// </summary>
/// <remarks>
/// One length ℓ ~ U{<see cref="MinLength"/>..<see cref="MaxLength"/>} and one position p ~ U{0..L−1} are drawn for the
/// batch. Every output sequence is ⌊(max − ℓ)/2⌋ random bases, x[0..p), ℓ random bases, x[p..L), and the remaining
/// max − ℓ − ⌊(max − ℓ)/2⌋ random bases, so its length is L + max. Random bases are uniform over A, C, G, T and drawn
/// per sequence, left to right. Because the output is longer than the input, an <see cref="EvoAugPolicy"/> pads
/// every other batch with <see cref="RandomPadding"/> of the same length.
/// </remarks>
public sealed class InsertionAugmentation : ISequenceAugmentation
{
    /// <summary>The published shortest insertion, 0.</summary>
    public const int DefaultMinLength = 0;

    /// <summary>The published longest insertion, 20 (also the padding added to every sequence).</summary>
    public const int DefaultMaxLength = 20;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="minLength">Shortest insertion, ≥ 0. Default 0.</param>
    /// <param name="maxLength">Longest insertion and total added length, ≥ <paramref name="minLength"/> and ≥ 1. Default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException">A length is out of range.</exception>
    public InsertionAugmentation(int minLength = DefaultMinLength, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Math.Max(minLength, 1));
        MinLength = minLength;
        MaxLength = maxLength;
    }

    /// <summary>Gets the shortest insertion.</summary>
    public int MinLength { get; }

    /// <summary>Gets the longest insertion.</summary>
    public int MaxLength { get; }

    /// <inheritdoc />
    public string Name => "insertion";

    /// <inheritdoc />
    public int AddedLength => MaxLength;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L + <see cref="MaxLength"/>), float32.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        var (count, length) = AugmentationArrays.Validate(batch, random);
        var inserted = random.Next(MinLength, MaxLength + 1);
        var position = random.Next(0, length);
        var left = (MaxLength - inserted) / 2;
        var right = MaxLength - inserted - left;
        var outLength = length + MaxLength;
        var source = AugmentationArrays.Read(batch);
        var target = new float[count * AugmentationArrays.Channels * outLength];
        for (var n = 0; n < count; n++)
        {
            var at = 0;
            AugmentationArrays.RandomBases(target, outLength, at, n, left, random);
            at += left;
            AugmentationArrays.Copy(source, length, 0, target, outLength, at, n, position);
            at += position;
            AugmentationArrays.RandomBases(target, outLength, at, n, inserted, random);
            at += inserted;
            AugmentationArrays.Copy(source, length, position, target, outLength, at, n, length - position);
            at += length - position;
            AugmentationArrays.RandomBases(target, outLength, at, n, right, random);
        }

        return AugmentationArrays.Wrap(target, count, outLength);
    }
}

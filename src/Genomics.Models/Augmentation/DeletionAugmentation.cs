using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 3: deletes a random stretch from each sequence independently and refills to the original
/// length with random DNA at both ends (evoaug-tf <c>RandomDeletion</c>).
/// </summary>
/// <remarks>
/// Per sequence, a length ℓ ~ U{<see cref="MinLength"/>..<see cref="MaxLength"/>} and a start s ~ U{0..L − max} are
/// drawn; the output is ⌊ℓ/2⌋ random bases, x[0..s), x[s+ℓ..L), and ℓ − ⌊ℓ/2⌋ random bases, so the length stays L.
/// Random bases are uniform over A, C, G, T. Sequences must be at least <see cref="MaxLength"/> long.
/// </remarks>
public sealed class DeletionAugmentation : ISequenceAugmentation
{
    /// <summary>The published shortest deletion, 0.</summary>
    public const int DefaultMinLength = 0;

    /// <summary>The published longest deletion, 30.</summary>
    public const int DefaultMaxLength = 30;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="minLength">Shortest deletion, ≥ 0. Default 0.</param>
    /// <param name="maxLength">Longest deletion, ≥ <paramref name="minLength"/>. Default 30.</param>
    /// <exception cref="ArgumentOutOfRangeException">A length is out of range.</exception>
    public DeletionAugmentation(int minLength = DefaultMinLength, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        MinLength = minLength;
        MaxLength = maxLength;
    }

    /// <summary>Gets the shortest deletion.</summary>
    public int MinLength { get; }

    /// <summary>Gets the longest deletion.</summary>
    public int MaxLength { get; }

    /// <inheritdoc />
    public string Name => "deletion";

    /// <inheritdoc />
    public int AddedLength => 0;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32; L must be at least <see cref="MaxLength"/>.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        var (count, length) = AugmentationArrays.Validate(batch, random);
        if (length < MaxLength)
        {
            throw new ArgumentException($"Sequences of length {length} are shorter than the longest deletion ({MaxLength}).", nameof(batch));
        }

        var source = AugmentationArrays.Read(batch);
        var target = new float[source.Length];
        for (var n = 0; n < count; n++)
        {
            var deleted = random.Next(MinLength, MaxLength + 1);
            var start = random.Next(0, length - MaxLength + 1);
            var left = deleted / 2;
            var at = 0;
            AugmentationArrays.RandomBases(target, length, at, n, left, random);
            at += left;
            AugmentationArrays.Copy(source, length, 0, target, length, at, n, start);
            at += start;
            var rest = length - start - deleted;
            AugmentationArrays.Copy(source, length, start + deleted, target, length, at, n, rest);
            at += rest;
            AugmentationArrays.RandomBases(target, length, at, n, deleted - left, random);
        }

        return AugmentationArrays.Wrap(target, count, length);
    }
}

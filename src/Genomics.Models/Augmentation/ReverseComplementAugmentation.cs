using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 1: reverse-complements each sequence independently with probability <see cref="Probability"/>
/// (evoaug-tf <c>RandomRC</c>).
/// </summary>
/// <remarks>
/// The reverse complement reverses both the length axis and the A, C, G, T channel axis (A↔T, C↔G); applying it twice
/// gives the input back. One uniform draw per sequence, in row order, decides it. Output length L.
/// </remarks>
public sealed class ReverseComplementAugmentation : ISequenceAugmentation
{
    /// <summary>The published probability, 0.5.</summary>
    public const double DefaultProbability = 0.5;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="probability">Chance that a sequence is reverse-complemented, in [0, 1]. Default 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public ReverseComplementAugmentation(double probability = DefaultProbability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must be in [0, 1].");
        }

        Probability = probability;
    }

    /// <summary>Gets the chance that a sequence is reverse-complemented.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public string Name => "reverse-complement";

    /// <inheritdoc />
    public int AddedLength => 0;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        var (count, _) = AugmentationArrays.Validate(batch, random);
        var flags = new bool[count];
        for (var n = 0; n < count; n++)
        {
            flags[n] = random.NextDouble() < Probability;
        }

        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(flags).view(count, 1, 1);
        return torch.where(mask, batch.flip(1, 2), batch).contiguous().MoveToOuterDisposeScope();
    }
}

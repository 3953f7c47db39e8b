using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 4 (batch mode): cuts every sequence at one point and swaps the two pieces, i.e. rolls all
/// sequences of the batch circularly by one shared shift (evoaug-tf <c>RandomTranslocationBatch</c>).
/// </summary>
/// <remarks>
/// One shift s ~ U{−<see cref="MaxShift"/>..<see cref="MaxShift"/> − 1} is drawn for the batch (the published
/// half-open range, −20..19 by default) and out[n, c, j] = x[n, c, (j − s) mod L], as numpy's and TensorFlow's
/// <c>roll</c>. Output length L.
/// </remarks>
public sealed class TranslocationAugmentation : ISequenceAugmentation
{
    /// <summary>The published largest shift, 20.</summary>
    public const int DefaultMaxShift = 20;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="maxShift">Bound of the shift, ≥ 1: shifts are drawn from −maxShift to maxShift − 1. Default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShift"/> is below 1.</exception>
    public TranslocationAugmentation(int maxShift = DefaultMaxShift)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShift, 1);
        MaxShift = maxShift;
    }

    /// <summary>Gets the bound of the shift.</summary>
    public int MaxShift { get; }

    /// <inheritdoc />
    public string Name => "translocation";

    /// <inheritdoc />
    public int AddedLength => 0;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        AugmentationArrays.Validate(batch, random);
        var shift = random.Next(-MaxShift, MaxShift);
        return batch.roll(shift, 2);
    }
}

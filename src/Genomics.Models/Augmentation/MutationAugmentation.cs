using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 5: sets a fixed number of random positions of each sequence to a uniformly random base
/// (evoaug-tf <c>RandomMutation</c>).
/// </summary>
/// <remarks>
/// The number of positions per sequence is round(<see cref="MutateFraction"/> / 0.75 · L) (round half to even, as
/// TensorFlow): since a random base equals the original one a quarter of the time, about <see cref="MutateFraction"/>
/// of the positions really change (40 positions for L = 600, 41 for L = 620). Positions are distinct within a
/// sequence and drawn independently per sequence; the chosen columns become one-hot (also where the input column was
/// all zero). Output length L.
/// </remarks>
public sealed class MutationAugmentation : ISequenceAugmentation
{
    /// <summary>The published expected fraction of changed positions, 0.05.</summary>
    public const double DefaultMutateFraction = 0.05;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="mutateFraction">Expected fraction of changed positions, in [0, 0.75]. Default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mutateFraction"/> is outside [0, 0.75].</exception>
    public MutationAugmentation(double mutateFraction = DefaultMutateFraction)
    {
        if (!(mutateFraction >= 0 && mutateFraction <= 0.75))
        {
            throw new ArgumentOutOfRangeException(nameof(mutateFraction), mutateFraction, "The fraction must be in [0, 0.75].");
        }

        MutateFraction = mutateFraction;
    }

    /// <summary>Gets the expected fraction of changed positions.</summary>
    public double MutateFraction { get; }

    /// <inheritdoc />
    public string Name => "mutation";

    /// <inheritdoc />
    public int AddedLength => 0;

    /// <summary>The number of positions set per sequence of length <paramref name="length"/>.</summary>
    /// <param name="length">The sequence length L, ≥ 0.</param>
    /// <returns>round(<see cref="MutateFraction"/> / 0.75 · L), at most L.</returns>
    public int PositionsPerSequence(int length) =>
        Math.Min(length, (int)Math.Round(MutateFraction / 0.75 * length, MidpointRounding.ToEven));

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        var (count, length) = AugmentationArrays.Validate(batch, random);
        var mutations = PositionsPerSequence(length);
        var values = AugmentationArrays.Read(batch);
        var positions = new int[length];
        for (var n = 0; n < count; n++)
        {
            for (var l = 0; l < length; l++)
            {
                positions[l] = l;
            }

            // Partial Fisher–Yates: the first `mutations` entries become a uniform sample without replacement.
            for (var i = 0; i < mutations; i++)
            {
                var j = random.Next(i, length);
                (positions[i], positions[j]) = (positions[j], positions[i]);
                AugmentationArrays.SetBase(values, length, n, positions[i], random.Next(AugmentationArrays.Channels));
            }
        }

        return AugmentationArrays.Wrap(values, count, length);
    }
}

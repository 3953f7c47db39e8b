using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug augmentation 6: adds Gaussian noise N(<see cref="Mean"/>, <see cref="StandardDeviation"/>²) to every value of
/// the one-hot batch (evoaug-tf <c>RandomNoise</c>). The result is no longer one-hot.
/// </summary>
/// <remarks>
/// The noise comes from a libtorch CPU generator seeded with one 64-bit draw of the given <see cref="Random"/>, so it is
/// reproducible without touching libtorch's global generator. Output length L.
/// </remarks>
public sealed class GaussianNoiseAugmentation : ISequenceAugmentation
{
    /// <summary>The published noise mean, 0.</summary>
    public const double DefaultMean = 0;

    /// <summary>The published noise standard deviation, 0.2.</summary>
    public const double DefaultStandardDeviation = 0.2;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="mean">Mean of the noise, finite. Default 0.</param>
    /// <param name="standardDeviation">Standard deviation of the noise, finite and ≥ 0. Default 0.2.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public GaussianNoiseAugmentation(double mean = DefaultMean, double standardDeviation = DefaultStandardDeviation)
    {
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }

        if (!(standardDeviation >= 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and non-negative.");
        }

        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>Gets the mean of the noise.</summary>
    public double Mean { get; }

    /// <summary>Gets the standard deviation of the noise.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public string Name => "noise";

    /// <inheritdoc />
    public int AddedLength => 0;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32.</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        AugmentationArrays.Validate(batch, random);
        using var generator = new Generator(unchecked((ulong)random.NextInt64()));
        using var scope = torch.NewDisposeScope();
        var noise = torch.randn(batch.shape, ScalarType.Float32, generator: generator);
        return (batch + (noise * StandardDeviation) + Mean).MoveToOuterDisposeScope();
    }
}

using Genomics.Models.Training;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// Pads every sequence with random DNA: ⌊<see cref="Length"/>/2⌋ bases before and the rest after (EvoAug's
/// <c>_pad_end</c>). An <see cref="EvoAugPolicy"/> pads every training batch in which no insertion was chosen so all
/// batches have length L + 20; used alone (as an <see cref="IBatchTransform"/>) it is the EvoAug fine-tuning stage;
/// <see cref="ApplyForEvaluation"/> pads validation, test and prediction inputs reproducibly.
/// </summary>
/// <remarks>
/// Random bases are uniform over A, C, G, T, drawn per sequence, left flank first. The published model pads 600-nt
/// promoters with 10 + 10 bases to 620.
/// </remarks>
public sealed class RandomPadding : ISequenceAugmentation, IBatchTransform
{
    /// <summary>The published total padding, 20 (10 before and 10 after).</summary>
    public const int DefaultLength = 20;

    /// <summary>The seed the original fixes before padding test data, 1234.</summary>
    public const int EvaluationSeed = 1234;

    /// <summary>Creates the padding.</summary>
    /// <param name="length">Total bases added per sequence, ≥ 0. Default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public RandomPadding(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    /// <summary>Gets the total number of bases added per sequence.</summary>
    public int Length { get; }

    /// <summary>Gets the number of bases added before each sequence, ⌊<see cref="Length"/>/2⌋.</summary>
    public int LeftLength => Length / 2;

    /// <summary>Gets the number of bases added after each sequence, <see cref="Length"/> − <see cref="LeftLength"/>.</summary>
    public int RightLength => Length - LeftLength;

    /// <inheritdoc />
    public string Name => "padding";

    /// <inheritdoc />
    public int AddedLength => Length;

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L + <see cref="Length"/>), float32; x itself sits at positions [<see cref="LeftLength"/>, <see cref="LeftLength"/> + L).</remarks>
    public Tensor Apply(Tensor batch, Random random)
    {
        var (count, length) = AugmentationArrays.Validate(batch, random);
        var outLength = length + Length;
        var source = AugmentationArrays.Read(batch);
        var target = new float[count * AugmentationArrays.Channels * outLength];
        for (var n = 0; n < count; n++)
        {
            AugmentationArrays.RandomBases(target, outLength, 0, n, LeftLength, random);
            AugmentationArrays.Copy(source, length, 0, target, outLength, LeftLength, n, length);
            AugmentationArrays.RandomBases(target, outLength, LeftLength + length, n, RightLength, random);
        }

        return AugmentationArrays.Wrap(target, count, outLength);
    }

    /// <summary>Pads validation, test or prediction inputs with flanks drawn from a fixed seed.</summary>
    /// <param name="batch">One-hot sequences (N, 4, L), float32, on the CPU; not modified.</param>
    /// <param name="seed">The seed; default <see cref="EvaluationSeed"/> (1234, as the original).</param>
    /// <returns>A new tensor (N, 4, L + <see cref="Length"/>), float32; the same batch and seed always give the same result.</returns>
    /// <remarks>
    /// Sequence n gets the n-th flanks drawn from the seed, so padding the forward and the reverse-complement inputs of a
    /// conjoined prediction with the same seed gives both the same flanks.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch is not a non-empty (N, 4, L) float32 CPU tensor.</exception>
    public Tensor ApplyForEvaluation(Tensor batch, int seed = EvaluationSeed) => Apply(batch, new Random(seed));

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L + <see cref="Length"/>), float32; the flanks come from <see cref="BatchTransformContext.CreateRandom"/>.</remarks>
    public Tensor Transform(Tensor inputs, BatchTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Apply(inputs, context.CreateRandom());
    }
}

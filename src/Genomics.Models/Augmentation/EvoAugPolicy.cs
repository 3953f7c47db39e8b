using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// EvoAug (Lee et al., Genome Biology 2023; port of 54yyyu/evoaug-tf <c>RobustModel</c> as DeepDifE uses it): for every
/// training batch, picks <see cref="AugmentationsPerBatch"/> augmentations of the list at random — the same ones for the
/// whole batch — and applies them in list order; when none of them lengthens the sequences, pads every sequence with
/// random DNA so that all batches have the same length.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Published"/> is the DeepDifE configuration: reverse complement (p = 0.5), insertion (0–20, batch mode),
/// deletion (0–30), translocation (shift −20..19, batch mode), mutation (5 %), Gaussian noise (σ = 0.2), exactly two per
/// batch, so 600-nt promoters become 620 nt. Validation and prediction inputs are padded with
/// <see cref="RandomPadding.ApplyForEvaluation"/> of <see cref="Padding"/>; the fine-tuning stage trains with
/// <see cref="Padding"/> alone (<see cref="Architectures.DeepDifE.DeepDifETraining.FineTune(TrainerOptions)"/>).
/// </para>
/// <para>
/// Reproducibility: every draw (the choice of augmentations, then each augmentation's draws in order) comes from the
/// given <see cref="Random"/>; as an <see cref="IBatchTransform"/> the generator is seeded per batch from the trainer's
/// seed and step. Output length: L + <see cref="PaddingLength"/> for every batch. At most one augmentation of the list
/// may change the length, so that this holds whatever is chosen.
/// </para>
/// </remarks>
public sealed class EvoAugPolicy : IBatchTransform
{
    /// <summary>The published number of augmentations per batch, 2.</summary>
    public const int DefaultAugmentationsPerBatch = 2;

    private readonly ISequenceAugmentation[] _augmentations;

    /// <summary>Creates a policy.</summary>
    /// <param name="augmentations">The candidate augmentations in the order they are applied; at least one, no nulls, at most one with <see cref="ISequenceAugmentation.AddedLength"/> &gt; 0.</param>
    /// <param name="augmentationsPerBatch">How many are applied per batch, in [1, number of augmentations]. Default 2.</param>
    /// <param name="fixedCount">
    /// True (default, evoaug's <c>hard_aug=True</c> as DeepDifE uses it) applies exactly <paramref name="augmentationsPerBatch"/>
    /// per batch; false draws the number uniformly from 1 to <paramref name="augmentationsPerBatch"/> per batch.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="augmentations"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, holds a null, or more than one augmentation changes the length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="augmentationsPerBatch"/> is out of range.</exception>
    public EvoAugPolicy(IReadOnlyList<ISequenceAugmentation> augmentations, int augmentationsPerBatch = DefaultAugmentationsPerBatch, bool fixedCount = true)
    {
        ArgumentNullException.ThrowIfNull(augmentations);
        if (augmentations.Count == 0 || augmentations.Any(a => a is null))
        {
            throw new ArgumentException("Give at least one augmentation and no null entries.", nameof(augmentations));
        }

        var lengthening = augmentations.Where(a => a.AddedLength != 0).ToArray();
        if (lengthening.Length > 1)
        {
            throw new ArgumentException(
                $"At most one augmentation may change the length, but {string.Join(", ", lengthening.Select(a => a.Name))} do; batches would differ in length.",
                nameof(augmentations));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(augmentationsPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(augmentationsPerBatch, augmentations.Count);
        _augmentations = [.. augmentations];
        AugmentationsPerBatch = augmentationsPerBatch;
        FixedCount = fixedCount;
        Padding = new RandomPadding(lengthening.Length == 0 ? 0 : lengthening[0].AddedLength);
    }

    /// <summary>Gets the candidate augmentations in application order.</summary>
    public IReadOnlyList<ISequenceAugmentation> Augmentations => _augmentations;

    /// <summary>Gets how many augmentations are applied per batch (the maximum when <see cref="FixedCount"/> is false).</summary>
    public int AugmentationsPerBatch { get; }

    /// <summary>Gets whether exactly <see cref="AugmentationsPerBatch"/> augmentations are applied to every batch.</summary>
    public bool FixedCount { get; }

    /// <summary>Gets the number of positions every output sequence gains (20 for <see cref="Published"/>; 0 without a lengthening augmentation).</summary>
    public int PaddingLength => Padding.Length;

    /// <summary>
    /// Gets the padding applied when no lengthening augmentation was chosen. It is also the fine-tuning transform
    /// (no augmentation, padding only) and pads evaluation inputs through <see cref="RandomPadding.ApplyForEvaluation"/>.
    /// </summary>
    public RandomPadding Padding { get; }

    /// <summary>Creates the published DeepDifE policy: the six EvoAug augmentations with their published settings, exactly two per batch.</summary>
    /// <returns>A new policy; output length L + 20.</returns>
    public static EvoAugPolicy Published() => new(
        [
            new ReverseComplementAugmentation(),
            new InsertionAugmentation(),
            new DeletionAugmentation(),
            new TranslocationAugmentation(),
            new MutationAugmentation(),
            new GaussianNoiseAugmentation(),
        ]);

    /// <summary>The length of the policy's output for inputs of length <paramref name="inputLength"/>.</summary>
    /// <param name="inputLength">The input length L, ≥ 1.</param>
    /// <returns>L + <see cref="PaddingLength"/>.</returns>
    public int OutputLength(int inputLength) => inputLength + PaddingLength;

    /// <summary>Draws which augmentations one batch gets.</summary>
    /// <param name="random">The source of the draws (the first draws <see cref="Apply"/> makes).</param>
    /// <returns>Indices into <see cref="Augmentations"/>, distinct and ascending (application order).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public IReadOnlyList<int> ChooseAugmentations(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var count = FixedCount ? AugmentationsPerBatch : random.Next(1, AugmentationsPerBatch + 1);
        var indices = Enumerable.Range(0, _augmentations.Length).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, indices.Length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        var chosen = indices[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Augments one training batch.</summary>
    /// <param name="batch">One-hot sequences (N, 4, L), float32, on the CPU; not modified.</param>
    /// <param name="random">The source of every draw: first <see cref="ChooseAugmentations"/>, then each chosen augmentation in order, then the padding.</param>
    /// <returns>A new tensor (N, 4, L + <see cref="PaddingLength"/>), float32; the caller owns it.</returns>
    /// <remarks>Shape (N, 4, L) → (N, 4, L + <see cref="PaddingLength"/>), float32.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The batch is not a non-empty (N, 4, L) float32 CPU tensor or is too short for a chosen augmentation.</exception>
    public Tensor Apply(Tensor batch, Random random)
    {
        AugmentationArrays.Validate(batch, random);
        var chosen = ChooseAugmentations(random);
        using var scope = torch.NewDisposeScope();
        var x = batch;
        var lengthened = false;
        foreach (var index in chosen)
        {
            var augmentation = _augmentations[index];
            x = augmentation.Apply(x, random);
            lengthened |= augmentation.AddedLength != 0;
        }

        if (!lengthened && PaddingLength > 0)
        {
            x = Padding.Apply(x, random);
        }

        // A chosen list may leave x as the input itself (e.g. a custom no-op); never hand the caller's tensor back.
        return (ReferenceEquals(x, batch) ? x.clone() : x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L + <see cref="PaddingLength"/>), float32; draws come from <see cref="BatchTransformContext.CreateRandom"/>.</remarks>
    public Tensor Transform(Tensor inputs, BatchTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Apply(inputs, context.CreateRandom());
    }
}

using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// DeepDifE's PhyloAug batch generator for custom training loops: every epoch visits the training genes once in a
/// fresh random order, in batches of <see cref="BatchSize"/> (⌈N / batch⌉ steps, the last one smaller), and augments
/// each batch with a <see cref="PhyloAugSampler"/>. The <see cref="Trainer"/> does the same with
/// <see cref="TrainerOptions.BatchTransform"/> set to the sampler, <see cref="TrainerOptions.Shuffle"/> on.
/// </summary>
/// <remarks>Epoch e is reproducible: its order and draws come from one generator seeded from (<see cref="Seed"/>, e).</remarks>
public sealed class PhyloAugBatchGenerator
{
    /// <summary>The published batch size, 200.</summary>
    public const int DefaultBatchSize = 200;

    private readonly PhyloAugSampler _sampler;
    private readonly TrainingSet _training;

    /// <summary>Creates a generator.</summary>
    /// <param name="sampler">The sampler; its rows are the training set's rows.</param>
    /// <param name="training">The training genes once each, forward strand: inputs (N, 4, L) on the CPU and their targets; not disposed here.</param>
    /// <param name="batchSize">Rows per batch, ≥ 1. Default 200.</param>
    /// <param name="seed">Seed of the shuffling and of the sampler's draws. Default 0.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException">The set is invalid or its size differs from the sampler's row count.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public PhyloAugBatchGenerator(PhyloAugSampler sampler, TrainingSet training, int batchSize = DefaultBatchSize, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(training);
        training.Validate(nameof(training));
        if (training.Count != sampler.RowCount)
        {
            throw new ArgumentException($"The training set has {training.Count} rows but the sampler knows {sampler.RowCount} genes.", nameof(training));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _sampler = sampler;
        _training = training;
        BatchSize = batchSize;
        Seed = seed;
    }

    /// <summary>Gets the rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the seed.</summary>
    public long Seed { get; }

    /// <summary>Gets the number of batches per epoch, ⌈N / <see cref="BatchSize"/>⌉.</summary>
    public int StepsPerEpoch => (int)((_training.Count + BatchSize - 1) / BatchSize);

    /// <summary>Generates the batches of one epoch lazily.</summary>
    /// <param name="epoch">The epoch number (any integer; it only selects the random stream).</param>
    /// <returns><see cref="StepsPerEpoch"/> batches; dispose each one when done with it.</returns>
    /// <remarks>Batch inputs (n, 4, L) float32 with n = <see cref="BatchSize"/> except possibly the last; targets are the matching rows.</remarks>
    public IEnumerable<PhyloAugBatch> Epoch(int epoch)
    {
        var random = BatchTransformContext.RandomFromSeed(BatchTransformContext.DeriveSeed(Seed, epoch));
        var order = Enumerable.Range(0, (int)_training.Count).ToArray();
        random.Shuffle(order);
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var rows = order[start..Math.Min(order.Length, start + BatchSize)];
            yield return Build(rows, random);
        }
    }

    private PhyloAugBatch Build(int[] rows, Random random)
    {
        var choices = _sampler.Choose(rows, random);
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(rows.Select(r => (long)r).ToArray());
        var inputs = _sampler.Build(_training.Inputs.index_select(0, index).to_type(ScalarType.Float32), choices);
        var targets = _training.Targets.index_select(0, index);
        return new PhyloAugBatch(inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope(), choices);
    }
}

using Genomics.Models.Augmentation;
using Genomics.Models.Training;

namespace Genomics.Models.Architectures.DeepDifE;

/// <summary>
/// <see cref="TrainerOptions"/> for <see cref="DeepDifEModel"/>'s published training recipes with batch-time augmentation
/// (VIB-PSB/DeepDifE): R1 with EvoAug, R3 with PhyloAug, and the un-augmented fine-tuning stage that follows.
/// </summary>
/// <remarks>
/// All use binary cross-entropy on one logit (targets (N, 1) of 0/1), Adam, and monitor the validation loss; early
/// stopping restores the best weights. Keras' ReduceLROnPlateau is <see cref="LearningRateSchedule.ReduceOnPlateau"/>
/// with the same factor, patience and floor. The Keras L2 kernel penalties (1e-6) belong to the model, not to these options.
/// </remarks>
public static class DeepDifETraining
{
    /// <summary>
    /// R1: up to 100 epochs, batch 100, Adam lr 1e-3, early stopping on the validation loss (patience 20, best weights
    /// restored), learning rate × 0.1 after 5 epochs without improvement (floor 1e-7), EvoAug on every batch.
    /// </summary>
    /// <param name="policy">The augmentation policy; default <see cref="EvoAugPolicy.Published"/>. Validation inputs must already be padded (<see cref="RandomPadding.ApplyForEvaluation"/>).</param>
    /// <param name="seed">Seed for shuffling, dropout and the augmentations. Default 0.</param>
    /// <returns>The options.</returns>
    public static TrainerOptions EvoAug(EvoAugPolicy? policy = null, long seed = 0) =>
        Common(policy ?? EvoAugPolicy.Published(), batchSize: 100, patience: 20, seed);

    /// <summary>
    /// R3: up to 100 epochs, batch 200 (⌈N/200⌉ steps per epoch), Adam lr 1e-3, early stopping on the validation loss
    /// (patience 40, best weights restored), plateau schedule as R1, PhyloAug on every batch; the model takes 600 nt
    /// (no EvoAug).
    /// </summary>
    /// <param name="sampler">The PhyloAug sampler built for the training set given to the trainer.</param>
    /// <param name="seed">Seed for shuffling, dropout and the substitutions. Default 0.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sampler"/> is null.</exception>
    public static TrainerOptions PhyloAug(PhyloAugSampler sampler, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return Common(sampler, PhyloAugBatchGenerator.DefaultBatchSize, patience: 40, seed);
    }

    /// <summary>
    /// The fine-tuning stage after an augmented stage: the same loss, early stopping and seed, a fresh Adam at a lower
    /// learning rate with a constant schedule, and no augmentation — only EvoAug's random padding when the first stage
    /// used an <see cref="EvoAugPolicy"/> that lengthens the sequences (evoaug's <c>finetune_mode</c>).
    /// </summary>
    /// <param name="firstStage">The options of the augmented stage (e.g. from <see cref="EvoAug"/> or <see cref="PhyloAug"/>).</param>
    /// <returns>The options; defaults as R3's fine-tuning: 10 epochs, batch 100, Adam lr 1e-4. Train them on the un-augmented training set (forward + reverse complement).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="firstStage"/> is null.</exception>
    public static TrainerOptions FineTune(TrainerOptions firstStage)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        IBatchTransform? padding = firstStage.BatchTransform is EvoAugPolicy { PaddingLength: > 0 } policy ? policy.Padding : null;
        return FineTune(firstStage, padding);
    }

    /// <summary>The fine-tuning stage with an explicit transform and settings (see <see cref="FineTune(TrainerOptions)"/>).</summary>
    /// <param name="firstStage">The options of the augmented stage.</param>
    /// <param name="transform">The transform of the fine-tuning batches (e.g. <see cref="EvoAugPolicy.Padding"/>), or null for none.</param>
    /// <param name="learningRate">Adam's learning rate, &gt; 0. Default 1e-4 (R3; the EvoAug paper fine-tunes at the same rate).</param>
    /// <param name="epochs">Epochs, ≥ 1. Default 10 (R3).</param>
    /// <param name="batchSize">Batch size, ≥ 1. Default 100 (R3).</param>
    /// <returns>The options (without the first stage's <see cref="TrainerOptions.StatePath"/> and <see cref="TrainerOptions.Resume"/>; set them anew for this stage).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="firstStage"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public static TrainerOptions FineTune(TrainerOptions firstStage, IBatchTransform? transform, double learningRate = 1e-4, int epochs = 10, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        var options = firstStage with
        {
            Optimizer = firstStage.Optimizer with { LearningRate = learningRate },
            Schedule = LearningRateSchedule.Constant,
            Epochs = epochs,
            BatchSize = batchSize,
            BatchTransform = transform,
            StatePath = null, // a stage's training state belongs to that stage; never resume stage 1 as stage 2
            Resume = false,
        };
        options.Validate();
        return options;
    }

    private static TrainerOptions Common(IBatchTransform transform, int batchSize, int patience, long seed) => new()
    {
        Loss = TrainingLoss.BinaryCrossEntropy(),
        Epochs = 100,
        BatchSize = batchSize,
        Optimizer = OptimizerOptions.Adam(1e-3),
        EarlyStopping = new EarlyStoppingOptions { Patience = patience },
        RestoreBestWeights = true,
        Monitor = ValidationMetric.Loss,
        Schedule = LearningRateSchedule.ReduceOnPlateau(0.1, 5, 1e-7),
        BatchTransform = transform,
        Seed = seed,
    };
}

using Genomics.Models.Training;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>DeepAllele's training recipe (Muquesting/DeepAllele-public) as <see cref="TrainerOptions"/>.</summary>
public static class PairedAlleleTraining
{
    /// <summary>
    /// Trainer settings for <see cref="PairedAlleleModel"/>: mean squared error averaged over the three outputs with equal
    /// weights, Adam with L2 weight decay 1e-5, a triangular cyclic learning rate stepped per batch between
    /// <paramref name="learningRate"/>/2 and 2 · <paramref name="learningRate"/> (2,000 steps up, 2,000 down), early stopping
    /// on the validation loss with the best weights restored.
    /// </summary>
    /// <param name="learningRate">The base rate, &gt; 0. Default 1e-4.</param>
    /// <param name="batchSize">Examples per step, ≥ 1. Default 32.</param>
    /// <param name="maxEpochs">Epoch limit, ≥ 1. Default 100.</param>
    /// <param name="patience">Epochs without a lower validation loss before stopping, ≥ 1. Default 4.</param>
    /// <param name="seed">Shuffling and dropout seed. Default 1 (DeepAllele trains seeds 1–5).</param>
    /// <returns>The options; train with validation data (DeepAllele holds out chromosomes 16, 17 and 18).</returns>
    /// <remarks>
    /// Targets are (N, 3) float32: first count, second count, ratio — with counts ln(1 + reads) and ratio their difference.
    /// DeepAllele's ATAC script monitors the validation ratio correlation instead; set <see cref="TrainerOptions.Monitor"/>
    /// to a correlation on a ratio-only objective to follow it.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static TrainerOptions Options(double learningRate = 1e-4, int batchSize = 32, int maxEpochs = 100, int patience = 4, long seed = 1)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        return new TrainerOptions
        {
            Loss = TrainingLoss.MeanSquaredError(),
            Optimizer = OptimizerOptions.Adam(learningRate, weightDecay: 1e-5),
            Schedule = LearningRateSchedule.Cyclic(learningRate / 2, learningRate * 2, stepsUp: 2_000),
            EarlyStopping = new EarlyStoppingOptions { Patience = patience },
            Monitor = ValidationMetric.Loss,
            RestoreBestWeights = true,
            Epochs = maxEpochs,
            BatchSize = batchSize,
            Seed = seed,
        };
    }
}

using Genomics.Models.Training;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>DeepCBA's training recipe (Jie-Lii/DeepCBA) as <see cref="TrainerOptions"/>.</summary>
public static class DeepCbaTraining
{
    /// <summary>
    /// Creates the DeepCBA recipe: mean squared error; Adam with learning rate 1e-3, betas 0.9 and 0.999 and Keras'
    /// epsilon 1e-7; mini-batches of 64; 500 epochs, keeping the weights of the epoch with the best validation
    /// Pearson correlation (no early stopping).
    /// </summary>
    /// <param name="epochs">Epochs, ≥ 1. Default 500.</param>
    /// <param name="batchSize">Examples per step, ≥ 1. Default 64.</param>
    /// <param name="seed">Seed for shuffling and dropout. Default 0.</param>
    /// <returns>The trainer options; adjust further with <c>with { ... }</c>. Pass validation data to
    /// <see cref="Trainer.Train"/> for the best-epoch selection (without it the last epoch's weights are kept).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static TrainerOptions Recipe(int epochs = 500, int batchSize = 64, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return new TrainerOptions
        {
            Loss = TrainingLoss.MeanSquaredError(),
            Epochs = epochs,
            BatchSize = batchSize,
            Optimizer = OptimizerOptions.Adam(1e-3) with { Epsilon = 1e-7 },
            Monitor = ValidationMetric.Pearson,
            RestoreBestWeights = true,
            Seed = seed,
        };
    }
}

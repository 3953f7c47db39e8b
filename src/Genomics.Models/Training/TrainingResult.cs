namespace Genomics.Models.Training;

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="History">One record per completed epoch.</param>
/// <param name="BestEpoch">The epoch with the best monitored value (the last epoch without validation data).</param>
/// <param name="BestValue">The best monitored value, or null without validation data.</param>
/// <param name="StoppedEarly">True when early stopping ended training before the last epoch.</param>
/// <param name="RestoredBestWeights">True when the model's weights were reset to those of <paramref name="BestEpoch"/>.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, int BestEpoch, double? BestValue, bool StoppedEarly, bool RestoredBestWeights);

namespace Genomics.Models.Training;

/// <summary>What happened in one epoch.</summary>
/// <param name="Epoch">The 1-based epoch number.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Loss on the validation set, or null without one.</param>
/// <param name="ValidationMetric">The monitored metric on the validation set (equal to the loss when monitoring the loss), or null.</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Improved">Whether the monitored value improved on the best so far.</param>
public sealed record EpochRecord(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationMetric, double LearningRate, bool Improved);

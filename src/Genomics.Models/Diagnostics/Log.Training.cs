using Microsoft.Extensions.Logging;

namespace Genomics.Models.Diagnostics;

/// <summary>Training log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.TrainingStart, Level = LogLevel.Information, Message = "Training on {Train} examples (validation {Valid}) for up to {Epochs} epochs, batch {BatchSize}, loss {Loss}")]
    public static partial void TrainingStart(ILogger logger, long train, long valid, int epochs, int batchSize, string loss);

    [LoggerMessage(EventId = EventIds.EpochDone, Level = LogLevel.Information, Message = "Epoch {Epoch}: training loss {TrainLoss:G5}, validation loss {ValidLoss:G5}, monitored {Metric:G5}, learning rate {Rate:G3}")]
    public static partial void EpochDone(ILogger logger, int epoch, double trainLoss, double validLoss, double metric, double rate);

    [LoggerMessage(EventId = EventIds.EarlyStop, Level = LogLevel.Information, Message = "Early stop after epoch {Epoch}; best epoch {BestEpoch}")]
    public static partial void EarlyStop(ILogger logger, int epoch, int bestEpoch);

    [LoggerMessage(EventId = EventIds.CheckpointSaved, Level = LogLevel.Debug, Message = "Epoch {Epoch}: best weights written to {Path}")]
    public static partial void CheckpointSaved(ILogger logger, int epoch, string path);

    [LoggerMessage(EventId = EventIds.StateSaved, Level = LogLevel.Debug, Message = "Epoch {Epoch}: training state written to {Path}")]
    public static partial void StateSaved(ILogger logger, int epoch, string path);

    [LoggerMessage(EventId = EventIds.TrainingResumed, Level = LogLevel.Information, Message = "Resuming after epoch {Epoch} from {Path}")]
    public static partial void TrainingResumed(ILogger logger, int epoch, string path);

    [LoggerMessage(EventId = EventIds.TrainingEnd, Level = LogLevel.Information, Message = "Training done: {Epochs} epochs, best epoch {BestEpoch}, {Seconds:F1} s")]
    public static partial void TrainingEnd(ILogger logger, int epochs, int bestEpoch, double seconds);
}

using Microsoft.Extensions.Logging;

namespace Genomics.Models.Diagnostics;

/// <summary>Cross-validation log messages (the hyper-parameter search logs from the Genomics.Tuning package).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.CrossValidationStart, Level = LogLevel.Information, Message = "Cross-validation: {Folds} grouped folds over {Examples} examples ({Groups} groups), reverse complements added: {ReverseComplement}")]
    public static partial void CrossValidationStart(ILogger logger, int folds, long examples, int groups, bool reverseComplement);

    [LoggerMessage(EventId = EventIds.FoldDone, Level = LogLevel.Information, Message = "Fold {Fold}: {Train} training and {Test} held-out examples, held-out loss {Loss:G5}, {Seconds:F1} s")]
    public static partial void FoldDone(ILogger logger, int fold, int train, int test, double loss, double seconds);

    [LoggerMessage(EventId = EventIds.CrossValidationEnd, Level = LogLevel.Information, Message = "Cross-validation done: held-out loss {Mean:G5} ± {Deviation:G3}, {Seconds:F1} s")]
    public static partial void CrossValidationEnd(ILogger logger, double mean, double deviation, double seconds);
}

using Microsoft.Extensions.Logging;

namespace Genomics.Models.Diagnostics;

/// <summary>Cross-validation and hyper-parameter search log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.CrossValidationStart, Level = LogLevel.Information, Message = "Cross-validation: {Folds} grouped folds over {Examples} examples ({Groups} groups), reverse complements added: {ReverseComplement}")]
    public static partial void CrossValidationStart(ILogger logger, int folds, long examples, int groups, bool reverseComplement);

    [LoggerMessage(EventId = EventIds.FoldDone, Level = LogLevel.Information, Message = "Fold {Fold}: {Train} training and {Test} held-out examples, held-out loss {Loss:G5}, {Seconds:F1} s")]
    public static partial void FoldDone(ILogger logger, int fold, int train, int test, double loss, double seconds);

    [LoggerMessage(EventId = EventIds.CrossValidationEnd, Level = LogLevel.Information, Message = "Cross-validation done: held-out loss {Mean:G5} ± {Deviation:G3}, {Seconds:F1} s")]
    public static partial void CrossValidationEnd(ILogger logger, double mean, double deviation, double seconds);

    [LoggerMessage(EventId = EventIds.StudyStart, Level = LogLevel.Information, Message = "Study: {Trials} trials over {Parameters} parameters, {Direction}, {Finished} finished before")]
    public static partial void StudyStart(ILogger logger, int trials, int parameters, string direction, int finished);

    [LoggerMessage(EventId = EventIds.TrialDone, Level = LogLevel.Information, Message = "Trial {Number} {State}: value {Value:G6} in {Seconds:F1} s ({Parameters})")]
    public static partial void TrialDone(ILogger logger, int number, string state, double value, double seconds, string parameters);

    [LoggerMessage(EventId = EventIds.TrialFailed, Level = LogLevel.Warning, Message = "Trial {Number} failed: {Error}")]
    public static partial void TrialFailed(ILogger logger, int number, string error);

    [LoggerMessage(EventId = EventIds.StudyEnd, Level = LogLevel.Information, Message = "Study done: {Complete} complete, {Pruned} pruned, {Failed} failed; best value {Best:G6}, {Seconds:F1} s")]
    public static partial void StudyEnd(ILogger logger, int complete, int pruned, int failed, double best, double seconds);
}

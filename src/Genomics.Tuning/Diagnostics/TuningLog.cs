using Microsoft.Extensions.Logging;

namespace Genomics.Models.Tuning.Diagnostics;

/// <summary>
/// Hyper-parameter search log messages. Their event ids, 1460–1469, sit inside Genomics.Models' training range
/// (1400–1499), where they were before the search moved into its own package, so log filters keep working.
/// </summary>
internal static partial class TuningLog
{
    public const int StudyStartId = 1460;
    public const int TrialDoneId = 1461;
    public const int TrialFailedId = 1462;
    public const int StudyEndId = 1463;

    [LoggerMessage(EventId = StudyStartId, Level = LogLevel.Information, Message = "Study: {Trials} trials over {Parameters} parameters, {Direction}, {Finished} finished before")]
    public static partial void StudyStart(ILogger logger, int trials, int parameters, string direction, int finished);

    [LoggerMessage(EventId = TrialDoneId, Level = LogLevel.Information, Message = "Trial {Number} {State}: value {Value:G6} in {Seconds:F1} s ({Parameters})")]
    public static partial void TrialDone(ILogger logger, int number, string state, double value, double seconds, string parameters);

    [LoggerMessage(EventId = TrialFailedId, Level = LogLevel.Warning, Message = "Trial {Number} failed: {Error}")]
    public static partial void TrialFailed(ILogger logger, int number, string error);

    [LoggerMessage(EventId = StudyEndId, Level = LogLevel.Information, Message = "Study done: {Complete} complete, {Pruned} pruned, {Failed} failed; best value {Best:G6}, {Seconds:F1} s")]
    public static partial void StudyEnd(ILogger logger, int complete, int pruned, int failed, double best, double seconds);
}

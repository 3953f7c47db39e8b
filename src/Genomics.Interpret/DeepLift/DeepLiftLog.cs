using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.DeepLift;

/// <summary>Log messages of DeepLIFT (event ids 2100–2109).</summary>
internal static partial class DeepLiftLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2100;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2109;

    public const int StartId = 2100;
    public const int ConvergenceWarningId = 2101;

    [LoggerMessage(EventId = StartId, Level = LogLevel.Information, Message = "DeepLIFT: {Examples} example(s) × {References} reference(s), {Mode}")]
    public static partial void Start(ILogger logger, long examples, int references, string mode);

    [LoggerMessage(EventId = ConvergenceWarningId, Level = LogLevel.Warning, Message = "DeepLIFT convergence: {Failures} (example, reference) pair(s) have a delta above {Threshold} (largest {MaxDelta}); a nonlinearity may not be covered by the rescale rules")]
    public static partial void ConvergenceWarning(ILogger logger, long failures, double threshold, double maxDelta);
}

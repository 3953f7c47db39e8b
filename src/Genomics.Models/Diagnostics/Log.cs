using Microsoft.Extensions.Logging;

namespace Genomics.Models.Diagnostics;

/// <summary>All log messages of Genomics.Models (compute and device part).</summary>
internal static partial class Log
{
    /// <summary>The first event id of Genomics.Models (see <see cref="EventIds"/> for the areas).</summary>
    public const int FirstEventId = 1100;

    /// <summary>The last event id of Genomics.Models.</summary>
    public const int LastEventId = 1699;

    [LoggerMessage(EventId = EventIds.CudaFallback, Level = LogLevel.Warning, Message = "CUDA device {Index} is not available; running on the CPU instead")]
    public static partial void CudaFallback(ILogger logger, int index);

    [LoggerMessage(EventId = EventIds.BatchedStart, Level = LogLevel.Information, Message = "{Stage}: {Count} examples in batches of {BatchSize} on {Device}")]
    public static partial void BatchedStart(ILogger logger, string stage, long count, int batchSize, string device);

    [LoggerMessage(EventId = EventIds.BatchedEnd, Level = LogLevel.Information, Message = "{Stage}: {Count} examples done in {Seconds:F2} s")]
    public static partial void BatchedEnd(ILogger logger, string stage, long count, double seconds);

    [LoggerMessage(EventId = EventIds.BatchDone, Level = LogLevel.Debug, Message = "{Stage}: {Done}/{Total}")]
    public static partial void BatchDone(ILogger logger, string stage, long done, long total);
}

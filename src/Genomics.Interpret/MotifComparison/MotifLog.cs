using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.MotifComparison;

/// <summary>Log messages of the motif comparison and scanning code (event ids 2300–2349).</summary>
internal static partial class MotifLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2300;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2349;

    public const int ComparisonStartId = 2301;
    public const int ComparisonEndId = 2302;

    [LoggerMessage(EventId = ComparisonStartId, Level = LogLevel.Information, Message = "tomtom: {Queries} queries against {Targets} targets ({Orientations} orientation(s), {Columns} target columns)")]
    public static partial void ComparisonStart(ILogger logger, int queries, int targets, int orientations, int columns);

    [LoggerMessage(EventId = ComparisonEndId, Level = LogLevel.Information, Message = "tomtom: {Matches} matches in {Seconds:F2} s")]
    public static partial void ComparisonEnd(ILogger logger, int matches, double seconds);
}

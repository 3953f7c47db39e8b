using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Modisco;

/// <summary>Log messages of motif discovery (event ids 2400–2499).</summary>
internal static partial class ModiscoLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2400;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2499;

    public const int StartId = 2401;
    public const int SeqletsId = 2402;
    public const int MetaclusterId = 2403;
    public const int EndId = 2404;
    public const int NoSeqletsId = 2405;
    public const int NoPatternsId = 2406;

    [LoggerMessage(EventId = StartId, Level = LogLevel.Information, Message = "modisco: {Examples} examples × {Length} nt")]
    public static partial void Start(ILogger logger, int examples, int length);

    [LoggerMessage(EventId = SeqletsId, Level = LogLevel.Information, Message = "modisco: {Seqlets} seqlets (thresholds {Negative:G4} / {Positive:G4})")]
    public static partial void Seqlets(ILogger logger, int seqlets, double negative, double positive);

    [LoggerMessage(EventId = MetaclusterId, Level = LogLevel.Debug, Message = "modisco: {Metacluster}: {Seqlets} seqlets → {Patterns} patterns")]
    public static partial void Metacluster(ILogger logger, string metacluster, int seqlets, int patterns);

    [LoggerMessage(EventId = EndId, Level = LogLevel.Information, Message = "modisco: {Positive} positive and {Negative} negative patterns in {Seconds:F2} s")]
    public static partial void End(ILogger logger, int positive, int negative, double seconds);

    [LoggerMessage(EventId = NoSeqletsId, Level = LogLevel.Warning, Message = "modisco: no seqlets passed the thresholds; are the attributions all zero?")]
    public static partial void NoSeqlets(ILogger logger);

    [LoggerMessage(EventId = NoPatternsId, Level = LogLevel.Warning, Message = "modisco: no patterns: {Reason}")]
    public static partial void NoPatterns(ILogger logger, string reason);
}

using Genomics.Interpret.Evaluation;
using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>Log messages of in-silico mutagenesis and variant effects (event ids 2200–2299).</summary>
internal static partial class MutagenesisLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2200;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2299;

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "ISM ({Algorithm}): {Sequences} sequence(s), window [{Start}, {End}), {Mutants} substitutions on {Device}")]
    public static partial void Start(ILogger logger, EvaluationAlgorithm algorithm, long sequences, int start, int end, long mutants, string device);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "ISM: {Mutants} substitutions done in {Seconds:F2} s")]
    public static partial void End(ILogger logger, long mutants, double seconds);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "ISM: local-edit evaluation is not available ({Reason}); running every substitution through the whole model")]
    public static partial void FallbackToFull(ILogger logger, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug, Message = "ISM: {Done}/{Total} substitutions")]
    public static partial void BatchDone(ILogger logger, long done, long total);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Variant effects: {Variants} variant(s) in {Pairs} sequence pair(s)")]
    public static partial void VariantsFound(ILogger logger, int variants, int pairs);
}

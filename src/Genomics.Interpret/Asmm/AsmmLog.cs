using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Asmm;

/// <summary>DeepASMM log messages (event ids 2600–2699).</summary>
internal static partial class AsmmLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2600;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2699;

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "DeepASMM: {Motifs} candidate motifs, {Samples} background samples of length {Length}, {Autonomy} autonomy and {Synergy} synergy perturbations, {Outputs} outputs")]
    public static partial void Start(ILogger logger, int motifs, int samples, int length, long autonomy, long synergy, int outputs);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "DeepASMM done: {Motifs} motifs in {Seconds:F1} s")]
    public static partial void End(ILogger logger, int motifs, double seconds);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Information, Message = "DeepASMM: local-edit evaluation is not available ({Reason}); running every perturbation through the whole model")]
    public static partial void FallbackToFull(ILogger logger, string reason);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Information, Message = "DeepASMM: local-edit evaluation, {Samples} background sample(s) per activation chunk ({Bytes} bytes each)")]
    public static partial void LocalEditPlan(ILogger logger, int samples, long bytes);
}

using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Asmm;

/// <summary>DeepASMM log messages (event ids 2600–2619).</summary>
internal static partial class AsmmLog
{
    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "DeepASMM: {Motifs} candidate motifs, {Samples} background samples of length {Length}, {Autonomy} autonomy and {Synergy} synergy perturbations, {Outputs} outputs")]
    public static partial void Start(ILogger logger, int motifs, int samples, int length, long autonomy, long synergy, int outputs);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Debug, Message = "DeepASMM: motifs {First}-{Last} scored")]
    public static partial void ChunkDone(ILogger logger, int first, int last);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "DeepASMM done: {Motifs} motifs in {Seconds:F1} s")]
    public static partial void End(ILogger logger, int motifs, double seconds);
}

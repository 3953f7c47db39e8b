using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Gradients;

/// <summary>Log messages of the gradient attributions (event ids 2110–2199).</summary>
internal static partial class SaliencyLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2110;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2199;

    public const int StartId = 2110;

    [LoggerMessage(EventId = StartId, Level = LogLevel.Information, Message = "Saliency ({Method}): {Examples} example(s), {RowsPerExample} forward row(s) each")]
    public static partial void Start(ILogger logger, string method, long examples, long rowsPerExample);
}

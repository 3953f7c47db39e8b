using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Gradients;

/// <summary>Log messages of the gradient attributions (event ids 2350–2399).</summary>
internal static partial class SaliencyLog
{
    public const int StartId = 2110;

    [LoggerMessage(EventId = StartId, Level = LogLevel.Information, Message = "Saliency ({Method}): {Examples} example(s), {RowsPerExample} forward row(s) each")]
    public static partial void Start(ILogger logger, string method, long examples, long rowsPerExample);
}

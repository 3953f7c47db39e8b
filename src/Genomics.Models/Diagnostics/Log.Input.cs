using Microsoft.Extensions.Logging;

namespace Genomics.Models.Diagnostics;

/// <summary>Input preparation log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.SequencesChanged, Level = LogLevel.Warning, Message = "{Change}")]
    public static partial void SequencesChanged(ILogger logger, string change);
}

using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Perturbation;

/// <summary>Log messages of perturbation experiments (event ids 2350–2399).</summary>
internal static partial class PerturbationLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2350;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2399;

    [LoggerMessage(EventId = 2350, Level = LogLevel.Information, Message = "Perturbation {Experiment}: {Sequences} perturbed sequence(s)")]
    public static partial void Start(ILogger logger, string experiment, long sequences);
}

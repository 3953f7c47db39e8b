using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Perturbation;

/// <summary>Log messages of perturbation experiments (event ids 2350–2399; 2301–2302 are the motif comparer's).</summary>
internal static partial class PerturbationLog
{
    [LoggerMessage(EventId = 2350, Level = LogLevel.Information, Message = "Perturbation {Experiment}: {Sequences} perturbed sequence(s)")]
    public static partial void Start(ILogger logger, string experiment, long sequences);
}

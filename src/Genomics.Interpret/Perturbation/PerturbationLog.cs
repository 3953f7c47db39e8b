using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Perturbation;

/// <summary>Log messages of perturbation experiments (event ids 2300–2399).</summary>
internal static partial class PerturbationLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Perturbation {Experiment}: {Sequences} perturbed sequence(s)")]
    public static partial void Start(ILogger logger, string experiment, long sequences);
}

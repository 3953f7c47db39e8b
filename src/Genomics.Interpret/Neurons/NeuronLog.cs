using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Neurons;

/// <summary>Log messages of neuron-level interpretation (event ids 2500–2599).</summary>
internal static partial class NeuronLog
{
    /// <summary>The first event id of this class's range.</summary>
    public const int FirstEventId = 2500;

    /// <summary>The last event id of this class's range.</summary>
    public const int LastEventId = 2599;

    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Sampling {Count} neurons of {Layer} (RF {ReceptiveField}, population {Population})")]
    public static partial void SamplingStart(ILogger logger, int count, string layer, int receptiveField, int population);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Debug, Message = "{Layer} generation {Generation}: {Active} neurons still searching")]
    public static partial void Generation(ILogger logger, string layer, int generation, int active);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "{Layer} neuron {Neuron}: {Samples} samples, maximum {Max:G4}, {Generations} generations ({Stop})")]
    public static partial void NeuronSampled(ILogger logger, string layer, int neuron, int samples, double max, int generations, SamplingStop stop);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Warning, Message = "{Layer} neuron {Neuron} never reached a positive value; no samples were collected")]
    public static partial void DeadNeuron(ILogger logger, string layer, int neuron);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "{Layer} neuron {Neuron}: demixed {Samples} samples into {Modes} motif modes")]
    public static partial void Demixed(ILogger logger, string layer, int neuron, int samples, int modes);
}

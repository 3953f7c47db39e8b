using System.CommandLine;
using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;

namespace Genomics.Cli;

/// <summary>Options shared by commands that run a model.</summary>
internal sealed class CommonOptions
{
    public Option<string> Device { get; } = new("--device")
    {
        Description = "Where to run: cpu, auto (CUDA when available, else CPU), cuda or cuda:N.",
        DefaultValueFactory = _ => "cpu",
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Examples per forward pass (memory vs speed).",
        DefaultValueFactory = _ => 128,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "CPU threads for libtorch, 1 to 4 x the processor count; 0 lets libtorch choose (all cores).",
        DefaultValueFactory = _ => 0,
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "Seed for everything random (initialisation, shuffles, references, neuron sampling); default 1. Steps the command leaves at their defaults (TF-MoDISco, neuron demixing) keep their own seeds unless --seed is given.",
        DefaultValueFactory = _ => 1L,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log progress details to standard error.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(BatchSize);
        command.Options.Add(Threads);
        command.Options.Add(Seed);
        command.Options.Add(Verbose);
    }

    public ComputeContext Context(ParseResult result, ILoggerFactory loggers)
    {
        var batch = result.GetValue(BatchSize);
        if (batch < 1)
        {
            throw new CliArgumentException("--batch-size", "must be at least 1.");
        }

        var threads = CheckThreads(result.GetValue(Threads), "--threads");
        DevicePolicy device;
        try
        {
            device = DevicePolicy.Parse(result.GetValue(Device) ?? "cpu");
        }
        catch (FormatException e)
        {
            throw new CliArgumentException("--device", e.Message, e);
        }

        return new ComputeContext
        {
            Device = device,
            BatchSize = batch,
            Threads = threads == 0 ? null : threads,
            Seed = GivenSeed(result),
            LoggerFactory = loggers,
        };
    }

    /// <summary>The --seed value, 1 when not given: the seed of initialisation, shuffles, references and neuron sampling.</summary>
    public long SeedValue(ParseResult result) => result.GetValue(Seed);

    /// <summary>
    /// The --seed given on the command line, else null. The context carries only this, so engines a command leaves at
    /// their defaults (TF-MoDISco's 1234, neuron demixing's 0) keep their documented seeds unless --seed is given
    /// (<see cref="ComputeContext.SeedFor"/>).
    /// </summary>
    public long? GivenSeed(ParseResult result) => result.GetResult(Seed) is { Implicit: false } ? result.GetValue(Seed) : null;

    /// <summary>The most threads an option accepts: four per processor (more only slows libtorch down).</summary>
    public static int MaxThreads => Environment.ProcessorCount * 4;

    /// <summary>Checks a thread count: 0 (automatic) or 1 to <see cref="MaxThreads"/>.</summary>
    public static int CheckThreads(int threads, string option) => threads >= 0 && threads <= MaxThreads
        ? threads
        : throw new CliArgumentException(option, $"{threads} is out of range: give 0 (automatic) or 1 to {MaxThreads} (4 x the {Environment.ProcessorCount} processors).");

    public ILoggerFactory Loggers(ParseResult result) => LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddFilter(level => level >= (result.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning)));
}

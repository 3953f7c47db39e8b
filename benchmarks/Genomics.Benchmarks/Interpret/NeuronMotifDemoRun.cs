using System.Diagnostics;
using System.Globalization;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using Genomics.Models.Architectures.NeuronMotifDemo;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// The NeuronMotif demo runs behind docs/benchmarks.md ("NeuronMotif demos"): sampling and demixing of every neuron of
/// every layer of NeuronMotif's demo model with CombMotif's published settings (population 1,000, at most 350
/// generations, seed 1), then TOMTOM matching of the modes against NeuronMotif's JASPAR file plus the simulation PWMs.
/// Too slow for a test (demo 2 takes tens of minutes on a CPU), so it is a command of this program:
/// <c>dotnet run -c Release --project benchmarks/Genomics.Benchmarks -- neuronmotif-demo 2 [layer] [--log file]</c>.
/// </summary>
/// <remarks>
/// It prints one line per layer (wall time of sampling plus demixing, without the matching), one per neuron and one per
/// mode, and checks what docs/benchmarks.md states of these runs: every search stopped before the generation limit and
/// every neuron gave samples and modes. It exits with 1 when a check fails. The demo weights and motifs are read from
/// the shared data folder (<c>../shared/data/neuronmotif</c> beside the folder holding Genomics.sln).
/// </remarks>
public static class NeuronMotifDemoRun
{
    /// <summary>The command name that selects this run in <see cref="Program"/>.</summary>
    public const string Command = "neuronmotif-demo";

    private const int Population = 1000;
    private const int Generations = 350;

    /// <summary>Runs a demo: <c>1|2 [layer] [--log file]</c>.</summary>
    /// <param name="args">The demo number, optionally one layer name, optionally <c>--log</c> and a file to append to.</param>
    /// <returns>0 when every check held, 1 when one failed, 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        string? log = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--log" && i + 1 < args.Count)
            {
                log = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count is < 1 or > 2 || positional[0] is not ("1" or "2"))
        {
            Console.Error.WriteLine($"usage: {Command} 1|2 [layer] [--log file]");
            return 2;
        }

        var demo = positional[0] == "1" ? 1 : 2;
        var only = positional.Count == 2 ? positional[1] : null;
        var failures = Run(demo, only, line =>
        {
            Console.WriteLine(line);
            if (log is not null)
            {
                File.AppendAllText(log, line + Environment.NewLine);
            }
        });
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("check failed: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs a demo, writing its lines to <paramref name="write"/>, and returns the failed checks.</summary>
    /// <param name="demo">1 or 2.</param>
    /// <param name="only">One layer to run, or null for every layer.</param>
    /// <param name="write">Receives each output line.</param>
    /// <returns>One line per failed check; empty when every check held.</returns>
    public static IReadOnlyList<string> Run(int demo, string? only, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var folder = DataFolder();
        using var model = NeuronMotifDemoModel.FromKeras(Path.Combine(folder, $"demo{demo}", "weight.hdf5"));
        var network = NeuronNetwork.FromModel(model);
        var database = DatabaseWithSimulationMotifs(folder, demo);
        var comparer = new TomtomComparer(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity });
        var failures = new List<string>();
        var layers = network.Layers.Where(l => only is null || l.Name == only).ToArray();
        if (layers.Length == 0)
        {
            failures.Add($"demo {demo} has no layer '{only}'");
        }

        foreach (var layer in layers)
        {
            var watch = Stopwatch.StartNew();
            var results = new NeuronDemixer(network, sampling: new NeuronSamplingOptions { PopulationSize = Population, MaxGenerations = Generations, Seed = 1 }).Run(layer.Name);
            var elapsed = watch.Elapsed.TotalSeconds;
            write(FormattableString.Invariant($"demo{demo} {layer.Name} RF {layer.ReceptiveField} neurons {layer.Channels}: {elapsed:F1} s"));
            foreach (var r in results)
            {
                var s = r.Samples;
                write(FormattableString.Invariant($"  neuron {s.Neuron}: {s.Sequences.Count} samples, max {s.MaxActivation:F3}, {s.Generations} gens ({s.Stop}), {r.Modes.Count} modes"));
                var where = $"{layer.Name} neuron {s.Neuron}";
                if (s.Stop == SamplingStop.GenerationLimit || s.Generations > Generations)
                {
                    failures.Add($"{where}: the search ran to the generation limit ({s.Generations} generations)");
                }

                if (s.Sequences.Count == 0 || r.Modes.Count == 0)
                {
                    failures.Add($"{where}: {s.Sequences.Count} samples, {r.Modes.Count} modes");
                }

                var matches = NeuronMotifMatching.Match([r], database, comparer, useSegments: false);
                for (var k = 0; k < Math.Min(6, r.Modes.Count); k++)
                {
                    var m = r.Modes[k];
                    var best = matches.Where(x => x.Mode == k).Take(3).Select(x => FormattableString.Invariant($"{x.Match.TargetId}/{x.Match.TargetName} p={x.Match.PValue:G3} q={x.Match.QValue:G3} off={x.Match.Offset}{x.Match.Orientation}"));
                    var sim = matches.Where(x => x.Mode == k && x.Match.TargetId.StartsWith("PWM", StringComparison.Ordinal)).Select(x => FormattableString.Invariant($"{x.Match.TargetId} p={x.Match.PValue:G3} q={x.Match.QValue:G3}"));
                    write(FormattableString.Invariant($"    {m.Path} n={m.SampleCount} max={m.MaxActivation:F3} {m.Consensus()} segs=[{string.Join(",", m.Segments.Select(g => $"{g.Start}-{g.End}"))}] top: {string.Join("; ", best)} | sim: {string.Join("; ", sim)}"));
                }
            }
        }

        return failures;
    }

    /// <summary>NeuronMotif's JASPAR motif database plus the simulation PWMs (ids PWM0, PWM1 for demo 1; PWM for demo 2).</summary>
    private static List<Motif> DatabaseWithSimulationMotifs(string folder, int demo)
    {
        var database = MemeMotifFormat.Read(Path.Combine(folder, "motifDB.txt")).ToList();
        var names = demo == 1 ? new[] { "PWM0", "PWM1" } : ["PWM"];
        database.AddRange(names.Select(n => new Motif(n, PositionProbabilityMatrix.FromCounts(Counts(Path.Combine(folder, $"demo{demo}", n))), $"simulation_{n}")));
        return database;
    }

    /// <summary>Reads a whitespace-separated 4 × W count matrix (rows A, C, G, T).</summary>
    internal static double[,] Counts(string path)
    {
        var rows = File.ReadAllLines(path)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var matrix = new double[4, rows[0].Length];
        for (var b = 0; b < 4; b++)
        {
            for (var j = 0; j < rows[0].Length; j++)
            {
                matrix[b, j] = rows[b][j];
            }
        }

        return matrix;
    }

    /// <summary>The shared neuronmotif data folder: <c>../shared/data/neuronmotif</c> beside the folder holding Genomics.sln.</summary>
    internal static string DataFolder()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Genomics.sln")))
                {
                    var data = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data", "neuronmotif"));
                    return Directory.Exists(data) ? data : throw new DirectoryNotFoundException($"No NeuronMotif data folder at '{data}'.");
                }
            }
        }

        throw new DirectoryNotFoundException("No folder above the working or program directory contains Genomics.sln; cannot locate the shared data folder.");
    }
}

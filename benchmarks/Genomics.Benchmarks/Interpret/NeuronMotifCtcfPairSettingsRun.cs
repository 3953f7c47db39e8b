using System.Diagnostics;
using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using Genomics.Models.Architectures.NeuronMotifDemo;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// The search for the smallest NeuronMotif setting at which demo 2's output neuron (conv5, RF 82) still shows its
/// expected result, the criterion of the test <c>NeuronMotifDemoTests.Demo2_OutputNeuronTopMode_HoldsTwoCtcfSitesAtThePositiveSpacing</c>:
/// the top mode (highest maximum activation) holds a CTCF-like site (Pearson r ≥ 0.6 with the simulation CTCF PWM, either
/// strand, over the 19 × 4 probabilities) starting in [0, 16) and another starting in [44, 60).
/// <c>dotnet run -c Release --project benchmarks/Genomics.Benchmarks -- neuronmotif-ctcf-pairs [population:perBin:seed ...]</c>;
/// every setting uses 3 k-means restarts (demixing seed 1) and CombMotif's other sampling defaults. The recorded output is
/// NeuronMotifCtcfPairSettingsRun.output.txt beside this file.
/// </summary>
public static class NeuronMotifCtcfPairSettingsRun
{
    /// <summary>The command name that selects this run in <see cref="Program"/>.</summary>
    public const string Command = "neuronmotif-ctcf-pairs";

    /// <summary>The correlation a CTCF-like site needs.</summary>
    public const double CtcfLike = 0.6;

    private static readonly string[] DefaultSettings = ["50:20:1", "50:40:1", "100:20:1", "100:30:1", "100:40:1", "100:40:2", "100:40:3", "100:40:4", "200:60:1", "200:60:2", "200:60:3", "200:60:4"];

    /// <summary>Runs the settings given as <c>population:perBin:seed</c> (a default grid when none are given).</summary>
    /// <param name="args">The settings.</param>
    /// <returns>0, or 2 for a malformed setting.</returns>
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new List<(int Population, int PerBin, int Seed)>();
        foreach (var spec in args.Count == 0 ? DefaultSettings : args)
        {
            var parts = spec.Split(':');
            if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                Console.Error.WriteLine($"usage: {Command} [population:perBin:seed ...] (bad setting '{spec}')");
                return 2;
            }

            var v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            settings.Add((v[0], v[1], v[2]));
        }

        var folder = NeuronMotifDemoRun.DataFolder();
        using var model = NeuronMotifDemoModel.FromKeras(Path.Combine(folder, "demo2", "weight.hdf5"));
        var network = NeuronNetwork.FromModel(model);
        var ctcf = PositionProbabilityMatrix.FromCounts(NeuronMotifDemoRun.Counts(Path.Combine(folder, "demo2", "PWM"))).ToArray();
        Console.WriteLine("population perBin seed | seconds generations modes | site in [0,16): start r strand | site in [44,60): start r strand | holds");
        foreach (var (population, perBin, seed) in settings)
        {
            var watch = Stopwatch.StartNew();
            var sampling = new NeuronSamplingOptions { PopulationSize = population, SamplesPerBin = perBin, Seed = seed };
            var result = new NeuronDemixer(network, new DemixingOptions { Restarts = 3, Seed = 1 }, sampling).Run("conv5")[0];
            var seconds = watch.Elapsed.TotalSeconds;
            var top = result.Modes[0].Probabilities();
            var first = Enumerable.Range(0, 16).Select(s => Site(top, s, ctcf)).MaxBy(t => t.R);
            var second = Enumerable.Range(44, 16).Select(s => Site(top, s, ctcf)).MaxBy(t => t.R);
            var holds = first.R >= CtcfLike && second.R >= CtcfLike;
            Console.WriteLine(FormattableString.Invariant($"{population} {perBin} {seed} | {seconds:F1} {result.Samples.Generations} {result.Modes.Count} | {first.Start} {first.R:F3} {first.Strand} | {second.Start} {second.R:F3} {second.Strand} | {(holds ? "yes" : "no")}"));
        }

        return 0;
    }

    private static (int Start, double R, char Strand) Site(double[,] matrix, int start, double[,] motif)
    {
        var forward = Pearson(matrix, start, motif, reverse: false);
        var reverse = Pearson(matrix, start, motif, reverse: true);
        return forward >= reverse ? (start, forward, '+') : (start, reverse, '-');
    }

    private static double Pearson(double[,] matrix, int start, double[,] motif, bool reverse)
    {
        var w = motif.GetLength(1);
        var x = new double[4 * w];
        var y = new double[4 * w];
        for (var j = 0; j < w; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                x[(4 * j) + b] = matrix[b, start + j];
                y[(4 * j) + b] = reverse ? motif[3 - b, w - 1 - j] : motif[b, j];
            }
        }

        return Genomics.Models.Evaluation.Metrics.Pearson(x, y);
    }
}

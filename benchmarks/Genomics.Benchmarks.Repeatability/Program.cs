using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.Models.Runtime;
using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Repeatability;

public static class Program
{
    public static int Main(string[] args)
    {
        var runs = Option(args, "--runs", 100);
        var threads = Option(args, "--threads", 0);
        var onednn = OptionText(args, "--onednn");
        TorchRuntime.EnsureAvailable();
        if (onednn is not null)
        {
            TorchRuntime.SetOneDnnEnabled(onednn == "on");
        }

        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        if (args.Contains("--show"))
        {
            var d = args[Array.IndexOf(args, "--show") + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            OpProbe.Show(d[0], d[1], d[2], d[3], d[4], d.Length > 5 ? d[5] : 0);
            return 0;
        }

        if (args.Contains("--time"))
        {
            var d = args[Array.IndexOf(args, "--time") + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            ConvTiming.Run(d[0], d[1], d[2], d[3], d[4], runs);
            return 0;
        }

        if (args.Contains("--ops"))
        {
            OpProbe.Run(runs);
            return 0;
        }

        Console.WriteLine($"oneDNN {TorchRuntime.OneDnnEnabled}, threads {torch.get_num_threads()}, runs {runs}");
        var losses = new Dictionary<float, int>();
        var nonFinite = 0;
        var watch = Stopwatch.StartNew();
        for (var run = 0; run < runs; run++)
        {
            var loss = TrainOnce();
            if (!float.IsFinite(loss))
            {
                nonFinite++;
            }

            losses[loss] = losses.GetValueOrDefault(loss) + 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"non-finite {nonFinite}/{runs}; distinct final losses {losses.Count}: {string.Join(", ", losses.Select(p => $"{p.Key:R}×{p.Value}"))}; {watch.Elapsed.TotalSeconds:F1} s"));
        return nonFinite == 0 && losses.Count == 1 ? 0 : 1;
    }

    private static float TrainOnce()
    {
        NeuronMotifDemoModel model;
        using (new TorchSeedScope(6))
        {
            model = new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo2);
        }

        using (model)
        using (var g = new Generator(7))
        {
            using var idx = randint(0, 4, [16, 82], generator: g);
            using var x = nn.functional.one_hot(idx, 4).permute(0, 2, 1).to_type(ScalarType.Float32).contiguous();
            using var y = (rand([16, 1], generator: g) > 0.5).to_type(ScalarType.Float32);
            var options = new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Epochs = 10, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-2) };
            try
            {
                var result = new Trainer(options).Train(model, new TrainingSet(x, y));
                return (float)result.History[^1].TrainingLoss;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("NaN", StringComparison.Ordinal))
            {
                return float.NaN;
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

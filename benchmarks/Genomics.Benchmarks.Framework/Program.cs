using System.Globalization;
using System.Text.Json;
using Genomics.Models.Runtime;
using TorchSharp;

namespace Genomics.Benchmarks.Framework;

/// <summary>
/// <code>
/// Genomics.Benchmarks.Framework export DIR [--onednn on|off]
/// Genomics.Benchmarks.Framework time [--arch Basset,DeepDifE,DeepChrome] [--ops forward,forward+backward,adam-step]
///                                    [--threads 1] [--onednn on|off] [--warmup 3] [--reps 5] [--tag TEXT]
/// Genomics.Benchmarks.Framework layers [--threads 1] [--onednn on|off] [--warmup 3] [--reps 5]
/// Genomics.Benchmarks.Framework pools [--threads 1] [--warmup 3] [--reps 5]
/// Genomics.Benchmarks.Framework gflops [--threads 1] [--onednn on|off] [--sizes 2048,4096] [--conv-sizes 2048] [--warmup 1] [--reps 5]
/// </code>
/// <c>export</c> writes each architecture's seeded weights, input, targets and reference results for
/// tools/reference/framework_twin.py; <c>time</c> prints one JSON line per architecture and operation with the median
/// and every timed run in seconds; <c>layers</c> times each step of Basset's forward pass alone; <c>pools</c> times max pooling with its gradient on Basset's pool inputs, libtorch's and the library's alternately; <c>gflops</c> prints the float32 <c>mm</c> rate, the rate of a width-1 convolution (the same
/// arithmetic through the convolution backend) and Basset's achieved forward GFLOP/s.
/// </summary>
public static class Program
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("export" or "time" or "gflops" or "layers" or "pools"))
        {
            Console.Error.WriteLine("usage: Genomics.Benchmarks.Framework export DIR | time [options] | layers [options] | pools [options] | gflops [options]  (see Program.cs)");
            return 2;
        }

        var options = ParseOptions(args.AsSpan(args[0] == "export" ? 2 : 1));
        var threads = int.Parse(options.GetValueOrDefault("threads", "1"), CultureInfo.InvariantCulture);
        var oneDnn = options.GetValueOrDefault("onednn", "off") switch
        {
            "on" => true,
            "off" => false,
            var other => throw new ArgumentException($"--onednn takes on or off, not '{other}'."),
        };
        TorchRuntime.EnsureAvailable();
        TorchRuntime.SetOneDnnEnabled(oneDnn);
        torch.set_num_threads(threads);
        var settings = new Settings("torchsharp", threads, TorchRuntime.OneDnnEnabled == true, torch.get_num_threads(), options.GetValueOrDefault("tag", ""));
        var cases = options.TryGetValue("arch", out var arch) ? arch.Split(',').Select(BenchCase.Find).ToList() : BenchCase.All.ToList();
        var warmup = int.Parse(options.GetValueOrDefault("warmup", args[0] == "gflops" ? "1" : "3"), CultureInfo.InvariantCulture);
        var reps = int.Parse(options.GetValueOrDefault("reps", "5"), CultureInfo.InvariantCulture);
        switch (args[0])
        {
            case "export":
                if (args.Length < 2)
                {
                    Console.Error.WriteLine("export needs a folder.");
                    return 2;
                }

                foreach (var c in cases)
                {
                    Console.WriteLine(Export.Write(c, args[1]));
                }

                break;
            case "time":
                var operations = options.TryGetValue("ops", out var ops) ? ops.Split(',') : Timing.Operations.ToArray();
                foreach (var c in cases)
                {
                    foreach (var (operation, seconds) in Timing.Run(c, operations, warmup, reps))
                    {
                        Console.WriteLine(JsonSerializer.Serialize(new TimingLine(settings, c.Name, c.Batch, operation, Timing.Median(seconds), seconds), s_json));
                    }
                }

                break;
            case "layers":
                foreach (var (step, seconds) in Layers.TimeBasset(warmup, reps))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new TimingLine(settings, "Basset", 128, "forward step " + step, Timing.Median(seconds), seconds), s_json));
                }

                break;
            case "pools":
                foreach (var (step, seconds) in Layers.TimeMaxPools(warmup, reps))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new TimingLine(settings, "Basset", 128, step + " forward+backward", Timing.Median(seconds), seconds), s_json));
                }

                break;
            default:
                GigaFlops(settings, options, warmup, reps);
                break;
        }

        return 0;
    }

    private static void GigaFlops(Settings settings, Dictionary<string, string> options, int warmup, int reps)
    {
        foreach (var n in options.GetValueOrDefault("sizes", "2048,4096").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var seconds = Flops.TimeMatMul(n, warmup, reps);
            var median = Timing.Median(seconds);
            var flops = 2.0 * n * n * n;
            Console.WriteLine(JsonSerializer.Serialize(new GigaFlopsLine(settings, $"mm {n}x{n}", flops / 1e9, median, flops / median / 1e9, seconds), s_json));
        }

        foreach (var n in options.GetValueOrDefault("conv-sizes", "2048").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var seconds = Flops.TimePointwiseConvolution(n, warmup, reps);
            var median = Timing.Median(seconds);
            var flops = 2.0 * 8 * 512 * n * n;
            Console.WriteLine(JsonSerializer.Serialize(new GigaFlopsLine(settings, $"conv1d width 1, (8, {n}, 512) x ({n}, {n}, 1)", flops / 1e9, median, flops / median / 1e9, seconds), s_json));
            seconds = Flops.TimeLibraryPointwiseConvolution(n, warmup, reps);
            median = Timing.Median(seconds);
            var path = Genomics.Models.Runtime.TorchRuntime.OwnMatrixProductsSupported && Genomics.Models.Runtime.TorchRuntime.UseOwnMatrixProducts ? "library tiles" : "library via libtorch addmm";
            Console.WriteLine(JsonSerializer.Serialize(new GigaFlopsLine(settings, $"{path}: conv1d width 1, (8, {n}, 512) x ({n}, {n}, 1)", flops / 1e9, median, flops / median / 1e9, seconds), s_json));
        }

        var basset = BenchCase.Find("Basset");
        var (model, input, targets) = basset.Create();
        using (input)
        using (targets)
        using (model.Module)
        {
            var (total, layers) = Flops.CountForward(model, input);
            var seconds = Timing.Measure(warmup, reps, () =>
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                model.Evaluate(input);
            });
            var median = Timing.Median(seconds);
            var breakdown = string.Join(", ", layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Layer} {l.Flops / 1e9:F2}")));
            Console.WriteLine(JsonSerializer.Serialize(new GigaFlopsLine(settings, $"Basset forward, batch {basset.Batch} ({breakdown} GFLOP)", total / 1e9, median, total / median / 1e9, seconds), s_json));
        }
    }

    private static Dictionary<string, string> ParseOptions(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    private sealed record Settings(string Framework, int Threads, bool OneDnn, int LibTorchThreads, string Tag);

    private sealed record TimingLine(Settings Settings, string Architecture, int Batch, string Operation, double MedianS, double[] Seconds);

    private sealed record GigaFlopsLine(Settings Settings, string Work, double Gflop, double MedianS, double GflopPerS, double[] Seconds);
}

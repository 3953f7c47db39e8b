using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Repeatability;

/// <summary>Times one convolution's forward and forward+backward (CPU time) through libtorch's conv1d and through the library's matrix-product kernel.</summary>
internal static class ConvTiming
{
    public static void Run(int b, int c, int l, int o, int k, int repeats)
    {
        using var generator = new Generator(42);
        using var x = randn([b, c, l], generator: generator);
        using var w = randn([o, c, k], generator: generator);
        using var bias = randn([o], generator: generator);
        using var exact = nn.functional.conv1d(x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64), bias.to_type(ScalarType.Float64));
        foreach (var (name, conv) in new (string, Func<Tensor, Tensor, Tensor, Tensor>)[]
        {
            ("conv1d", (x, w, b) => nn.functional.conv1d(x, w, b)),
            ("library", (x, w, b) => Genomics.Models.Layers.ConvolutionKernels.Conv1d(x, w, b)),
        })
        {
            var forward = Time(repeats, () =>
            {
                using var _ = no_grad();
                using var y = conv(x, w, bias);
            });
            var backward = Time(repeats, () =>
            {
                using var scope = NewDisposeScope();
                var xi = x.detach().requires_grad_();
                var wi = w.detach().requires_grad_();
                var bi = bias.detach().requires_grad_();
                var y = conv(xi, wi, bi);
                y.sum().backward();
            });
            double error;
            using (no_grad())
            using (var y = conv(x, w, bias))
            {
                error = (y.to_type(ScalarType.Float64) - exact).abs().max().item<double>();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B{b} C{c} L{l} O{o} K{k} {name,-10} oneDNN {TorchRuntime.OneDnnEnabled}: CPU time forward {forward * 1000:F1} ms, forward+backward {backward * 1000:F1} ms, max |Δ| vs float64 {error:G3}"));
        }
    }

    private static double Time(int repeats, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            times.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}

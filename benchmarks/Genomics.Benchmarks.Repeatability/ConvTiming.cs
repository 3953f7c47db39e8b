using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Repeatability;

/// <summary>Times one convolution's forward and forward+backward through libtorch's conv1d and through unfold + matrix products.</summary>
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
            ("unfold+mm", Unfolded),
            ("cl-chunk8", (x, w, b) => Chunked(x, w, b, 8)),
            ("cl-chunk2", (x, w, b) => Chunked(x, w, b, 2)),
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

    private static Tensor Unfolded(Tensor x, Tensor w, Tensor bias)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], o = w.shape[0], k = w.shape[2];
        var cols = x.unfold(2, k, 1);                                   // (B, C, Lout, K)
        var lout = cols.shape[2];
        var rows = cols.permute(0, 2, 1, 3).reshape(b * lout, c * k);  // (B·Lout, C·K)
        var y = addmm(bias, rows, w.reshape(o, c * k).t(), 1, 1);            // (B·Lout, O)
        return y.view(b, lout, o).permute(0, 2, 1).contiguous().MoveToOuterDisposeScope();
    }

    private static Tensor Chunked(Tensor x, Tensor w, Tensor bias, int chunk)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], o = w.shape[0], k = w.shape[2];
        var wt = w.permute(2, 1, 0).reshape(k * c, o);                  // rows ordered (k, c)
        var xl = x.transpose(1, 2).contiguous();                          // (B, L, C)
        var lout = x.shape[2] - k + 1;
        var parts = new List<Tensor>();
        for (long s = 0; s < b; s += chunk)
        {
            var n = Math.Min(chunk, b - s);
            var cols = xl.narrow(0, s, n).unfold(1, k, 1)                // (n, Lout, C, K)
                .transpose(2, 3).reshape(n * lout, k * c);               // (n·Lout, K·C)
            parts.Add(addmm(bias, cols, wt, 1, 1).view(n, lout, o));
        }

        return cat(parts, 0).transpose(1, 2).MoveToOuterDisposeScope();
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

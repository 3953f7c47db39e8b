using System.Globalization;
using Genomics.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Repeatability;

/// <summary>
/// Runs single operators (forward and backward) of the demo CNN's shapes many times with oneDNN on and compares each
/// result with libtorch's native kernels: counts non-finite results and reports the largest difference.
/// </summary>
internal static class OpProbe
{
    public static void Show(int b, int c, int l, int o, int k, int h = 0)
    {
        foreach (var on in new[] { false, true, true })
        {
            TorchRuntime.SetOneDnnEnabled(on);
            using var scope = NewDisposeScope();
            using var generator = new Generator(42);
            var x = (h > 0 ? randn([b, c, h, l], generator: generator) : randn([b, c, l], generator: generator)).requires_grad_();
            var w = (h > 0 ? randn([o, c, 1, k], generator: generator) : randn([o, c, k], generator: generator)).requires_grad_();
            var y = h > 0 ? nn.functional.conv2d(x, w) : nn.functional.conv1d(x, w);
            var g = ones(y.shape);
            var onlyX = autograd.grad([y], [x], [g], retain_graph: true)[0];
            var both = autograd.grad([y], [x, w], [g])[0];
            Console.WriteLine($"oneDNN {on}: grad x alone {string.Join(" ", onlyX.flatten().data<float>().ToArray().Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"oneDNN {on}: grad x with w {string.Join(" ", both.flatten().data<float>().ToArray().Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
        }

        TorchRuntime.SetOneDnnEnabled(false);
    }

    public static void Run(int repeats)
    {
        // (batch, in channels, length, out channels, kernel) of the demo-2 convolutions at training batch 8.
        (int B, int C, int L, int O, int K)[] convs = [(8, 4, 82, 5, 7), (8, 5, 38, 5, 3), (8, 5, 18, 6, 3), (8, 6, 8, 6, 3), (8, 6, 3, 1, 3),
            (8, 4, 600, 300, 19), (8, 300, 194, 200, 11), (8, 200, 61, 200, 7), (8, 16, 64, 32, 3), (8, 32, 64, 16, 3), (8, 4, 64, 16, 3), (8, 16, 64, 4, 3), (1, 4, 600, 300, 19)];
        foreach (var (b, c, l, o, k) in convs)
        {
            Probe($"conv1d B{b} C{c} L{l} O{o} K{k}", repeats, (generator, dtype) =>
            {
                var x = randn([b, c, l], generator: generator).to_type(dtype).requires_grad_();
                var w = randn([o, c, k], generator: generator).to_type(dtype).requires_grad_();
                var bias = randn([o], generator: generator).to_type(dtype).requires_grad_();
                var y = nn.functional.conv1d(x, w, bias);
                using var g = randn(y.shape, generator: generator).to_type(dtype);
                var (gx, gw, gb) = Grads(y, g, x, w, bias);
                return [y.detach(), gx, gw, gb];
            });
        }

        Probe("max_pool1d 2 (B8 C5 L76)", repeats, (generator, dtype) =>
        {
            var x = randn([8, 5, 76], generator: generator).to_type(dtype).requires_grad_();
            var y = nn.functional.max_pool1d(x, 2);
            using var g = randn(y.shape, generator: generator).to_type(dtype);
            var gx = autograd.grad([y], [x], [g])[0];
            return [y.detach(), gx];
        });
        Probe("batch_norm train (B8 C5 L76)", repeats, (generator, dtype) =>
        {
            var x = randn([8, 5, 76], generator: generator).to_type(dtype).requires_grad_();
            var w = randn([5], generator: generator).to_type(dtype).requires_grad_();
            var bias = randn([5], generator: generator).to_type(dtype).requires_grad_();
            using var rm = zeros(5).to_type(dtype);
            using var rv = ones(5).to_type(dtype);
            var y = nn.functional.batch_norm(x, rm, rv, w, bias, training: true, momentum: 0.01, eps: 1e-3);
            using var g = randn(y.shape, generator: generator).to_type(dtype);
            var (gx, gw, gb) = Grads(y, g, x, w, bias);
            return [y.detach(), gx, gw, gb];
        });
    }

    private static (Tensor, Tensor, Tensor) Grads(Tensor y, Tensor g, Tensor x, Tensor w, Tensor b)
    {
        var grads = autograd.grad([y], [x, w, b], [g]);
        return (grads[0], grads[1], grads[2]);
    }

    private static void Probe(string name, int repeats, Func<Generator, ScalarType, Tensor[]> op)
    {
        Tensor[] Compute(bool onednn, ScalarType dtype = ScalarType.Float32)
        {
            TorchRuntime.SetOneDnnEnabled(onednn);
            using var generator = new Generator(42);
            return op(generator, dtype);
        }

        using var scope = NewDisposeScope();
        var exact = Compute(false, ScalarType.Float64);
        var reference = Compute(false);
        var nativeError = reference.Zip(exact).Max(p => (p.First.to_type(ScalarType.Float64) - p.Second).abs().max().item<double>());
        var onednnError = Compute(true).Zip(exact).Max(p => (p.First.to_type(ScalarType.Float64) - p.Second).abs().max().item<double>());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} max |Δ| against float64: native {nativeError:G3}, oneDNN {onednnError:G3}"));
        int nonFinite = 0, differing = 0;
        var maxDiff = 0.0;
        var perOutput = new double[reference.Length];
        var badOutput = new int[reference.Length];
        for (var r = 0; r < repeats; r++)
        {
            using var inner = NewDisposeScope();
            var result = Compute(true);
            var bad = false;
            for (var i = 0; i < result.Length; i++)
            {
                if (!result[i].isfinite().all().item<bool>())
                {
                    bad = true;
                    badOutput[i]++;
                }
                else
                {
                    var d = (result[i] - reference[i]).abs().max().item<float>();
                    maxDiff = Math.Max(maxDiff, d);
                    perOutput[i] = Math.Max(perOutput[i], d);
                    if (d > 1e-4)
                    {
                        differing++;
                    }
                }
            }

            nonFinite += bad ? 1 : 0;
        }

        TorchRuntime.SetOneDnnEnabled(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} non-finite {nonFinite}/{repeats}, differing (>1e-4) {differing}, max |Δ| vs native {maxDiff:G3}; per output [{string.Join(", ", perOutput.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}], non-finite per output [{string.Join(", ", badOutput)}]"));
    }
}

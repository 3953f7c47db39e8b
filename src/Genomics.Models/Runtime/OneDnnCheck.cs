using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Runtime;

/// <summary>The outcome of <see cref="TorchRuntime.CheckOneDnn"/>: whether libtorch's oneDNN convolutions agree with exact values here.</summary>
/// <param name="Passed">True when every checked result was finite and within the tolerance.</param>
/// <param name="WorstCase">The convolution shape and result with the largest error, e.g. <c>"B8 C5 L38 O5 K3 grad input"</c>.</param>
/// <param name="WorstRelativeError">That largest error, relative to the largest magnitude of the exact result.</param>
/// <param name="Tolerance">The relative error allowed.</param>
public sealed record OneDnnCheck(bool Passed, string WorstCase, double WorstRelativeError, double Tolerance)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"oneDNN convolutions {(Passed ? "agree" : "DISAGREE")} with float64 results: worst {WorstCase}, relative error {WorstRelativeError:G3} (tolerance {Tolerance:G3})");
}

/// <summary>
/// Runs float32 convolutions (forward, input gradient, weight and bias gradients) through libtorch with oneDNN
/// switched on and compares them with libtorch's float64 native kernels, on the shapes that exposed wrong oneDNN results
/// on x86-64 virtual machines (docs/decisions/onednn.md): few channels (not a multiple of 8 or 16), minibatch of at
/// least 2, and the large Basset layers.
/// </summary>
internal static class OneDnnSelfTest
{
    internal const double Tolerance = 1e-4;

    /// <summary>(batch, in channels, length, out channels, kernel) of the checked convolutions.</summary>
    internal static readonly (int B, int C, int L, int O, int K)[] Shapes =
    [
        (8, 4, 82, 5, 7), (8, 5, 38, 5, 3), (8, 6, 8, 6, 3), (8, 16, 64, 4, 3), (4, 4, 200, 64, 19), (2, 300, 60, 200, 11), (4, 200, 61, 200, 7),
    ];

    /// <summary>Runs the check. Leaves oneDNN as it found it.</summary>
    /// <returns>The outcome.</returns>
    public static OneDnnCheck Run()
    {
        var before = NativeBackendSettings.GetOneDnn();
        var worst = (Case: "none", Error: 0.0);
        try
        {
            foreach (var (b, c, l, o, k) in Shapes)
            {
                NativeBackendSettings.SetOneDnn(false);
                using var scope = NewDisposeScope();
                var exact = Convolve(b, c, l, o, k, ScalarType.Float64);
                NativeBackendSettings.SetOneDnn(true);
                var onednn = Convolve(b, c, l, o, k, ScalarType.Float32);
                string[] names = ["output", "grad input", "grad weight", "grad bias"];
                for (var i = 0; i < exact.Length; i++)
                {
                    var scale = Math.Max(exact[i].abs().max().item<double>(), 1e-12);
                    var error = onednn[i].isfinite().all().item<bool>()
                        ? (onednn[i].to_type(ScalarType.Float64) - exact[i]).abs().max().item<double>() / scale
                        : double.PositiveInfinity;
                    if (error > worst.Error || worst.Case == "none")
                    {
                        worst = ($"B{b} C{c} L{l} O{o} K{k} {names[i]}", error);
                    }
                }
            }
        }
        finally
        {
            if (before is { } setting)
            {
                NativeBackendSettings.SetOneDnn(setting);
            }
        }

        return new OneDnnCheck(worst.Error <= Tolerance, worst.Case, worst.Error, Tolerance);
    }

    /// <summary>One convolution's output and gradients for seeded inputs (cast from float32 so both precisions see the same numbers).</summary>
    internal static Tensor[] Convolve(int b, int c, int l, int o, int k, ScalarType dtype)
    {
        using var generator = new Generator(42);
        var x = randn([b, c, l], generator: generator).to_type(dtype).requires_grad_();
        var w = randn([o, c, k], generator: generator).to_type(dtype).requires_grad_();
        var bias = randn([o], generator: generator).to_type(dtype).requires_grad_();
        var upstream = randn([b, o, l - k + 1], generator: generator).to_type(dtype);
        var y = nn.functional.conv1d(x, w, bias);
        var grads = autograd.grad([y], [x, w, bias], [upstream]);
        return [y.detach(), grads[0], grads[1], grads[2]];
    }
}

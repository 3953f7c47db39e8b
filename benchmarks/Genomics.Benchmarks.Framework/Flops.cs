using Genomics.Models.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Framework;

/// <summary>Floating-point operation counts and the machine's matrix-multiply peak.</summary>
public static class Flops
{
    /// <summary>
    /// Counts the multiply-accumulates of every convolution (the library's Conv1dLayer or torch's Conv1d) and dense layer (the library's DenseLayer or torch's Linear) of a model on one input batch (by running the
    /// forward pass once with hooks that read each layer's output shape) and returns 2 × their sum.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="input">The batch.</param>
    /// <returns>The forward FLOPs and, per layer, its name and FLOPs.</returns>
    /// <remarks>
    /// A Conv1d with weight (C_out, C_in / groups, k) producing (N, C_out, L_out) performs N·C_out·L_out·(C_in / groups)·k
    /// multiply-accumulates; a Linear with weight (out, in) producing (…, out) performs (elements of the output)·in.
    /// Biases, normalisation, activations and pooling are not counted (they are a fraction of a percent here).
    /// </remarks>
    public static (double Total, IReadOnlyList<(string Layer, double Flops)> Layers) CountForward(ISequenceModel model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = new List<(string, double)>();
        var removers = new List<Action>();
        foreach (var (name, module) in model.Module.named_modules())
        {
            switch (module)
            {
                case Conv1d conv:
                    var convHook = conv.register_forward_hook((m, _, output) =>
                    {
                        var w = conv.weight!.shape;
                        layers.Add((name, 2.0 * output.numel() * w[1] * w[2]));
                        return output;
                    });
                    removers.Add(convHook.remove);
                    break;
                case Genomics.Models.Layers.Conv1dLayer layer:
                    var layerHook = layer.register_forward_hook((m, _, output) =>
                    {
                        var w = layer.Weight.shape;
                        layers.Add((name, 2.0 * output.numel() * w[1] * w[2]));
                        return output;
                    });
                    removers.Add(layerHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((m, _, output) =>
                    {
                        layers.Add((name, 2.0 * output.numel() * linear.weight!.shape[1]));
                        return output;
                    });
                    removers.Add(linearHook.remove);
                    break;
                case Genomics.Models.Layers.DenseLayer dense:
                    var denseHook = dense.register_forward_hook((m, _, output) =>
                    {
                        layers.Add((name, 2.0 * output.numel() * dense.InFeatures));
                        return output;
                    });
                    removers.Add(denseHook.remove);
                    break;
                default:
                    break;
            }
        }

        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.Module.eval();
            model.Evaluate(input);
        }
        finally
        {
            foreach (var remover in removers)
            {
                remover();
            }
        }

        return (layers.Sum(l => l.Item2), layers);
    }

    /// <summary>Times <c>mm</c> of two random n × n float32 matrices.</summary>
    /// <param name="n">The matrix size.</param>
    /// <param name="warmup">Untimed runs.</param>
    /// <param name="reps">Timed runs.</param>
    /// <returns>The seconds of each timed run; each performs 2n³ FLOPs.</returns>
    public static double[] TimeMatMul(int n, int warmup, int reps)
    {
        using var generator = new Generator(3);
        using var a = randn([n, n], generator: generator);
        using var b = randn([n, n], generator: generator);
        return Timing.Measure(warmup, reps, () =>
        {
            using var c = mm(a, b);
        });
    }

    /// <summary>
    /// Times a width-1 convolution of (8, n, 512) by an (n, n, 1) kernel: the same arithmetic as an mm of
    /// (4096 × n) by (n × n), but run by libtorch's convolution backend (oneDNN's JIT kernels when oneDNN is on,
    /// im2col and BLAS when it is off), whose instruction set may differ from the BLAS that <c>mm</c> calls.
    /// </summary>
    /// <param name="n">Input and output channels.</param>
    /// <param name="warmup">Untimed runs.</param>
    /// <param name="reps">Timed runs.</param>
    /// <returns>The seconds of each timed run; each performs 2·8·512·n² FLOPs.</returns>
    public static double[] TimePointwiseConvolution(int n, int warmup, int reps)
    {
        using var generator = new Generator(4);
        using var input = randn([8, n, 512], generator: generator);
        using var weight = randn([n, n, 1], generator: generator);
        return Timing.Measure(warmup, reps, () =>
        {
            using var noGrad = no_grad();
            using var c = nn.functional.conv1d(input, weight);
        });
    }

    /// <summary>The same width-1 convolution through the library's convolution (its own AVX-512 tiles where available).</summary>
    public static double[] TimeLibraryPointwiseConvolution(int n, int warmup, int reps)
    {
        using var generator = new Generator(4);
        using var input = randn([8, n, 512], generator: generator);
        using var weight = randn([n, n, 1], generator: generator);
        return Timing.Measure(warmup, reps, () =>
        {
            using var noGrad = no_grad();
            using var c = Genomics.Models.Layers.ConvolutionKernels.Conv1d(input, weight, null);
        });
    }
}

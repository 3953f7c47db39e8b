using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// A layer followed by evaluation-mode batch normalisation and an activation, run for inference: the normalisation and
/// the activation overwrite the layer's fresh output in one pass instead of each writing a new tensor
/// (docs/decisions/inference-pointwise.md). Without a gradient to record, the normalisation is the affine map
/// x·α + β per channel (α = γ/√(σ² + ε), β = b − μ·α), and ReLU, sigmoid, tanh and exp have in-place forms, so nothing
/// but the layer's own output is allocated.
/// </summary>
/// <remarks>
/// The fused pass is taken only when it cannot be observed: the output does not require a gradient, no
/// <see cref="AttributionRules"/> are active, the normalisation is a <see cref="BatchNorm1d"/> in evaluation mode with
/// running statistics, and none of the three modules has a forward hook (a hook on the layer could hold its output,
/// which the fused pass overwrites). Otherwise the modules run one after another through <c>call</c>, as always.
/// The fused values equal the separate ones up to float32 rounding of the affine map.
/// </remarks>
internal static unsafe class InferencePointwise
{
    [ThreadStatic]
    private static long t_fused;

    /// <summary>How many fused passes this thread has run (tests check which path a call took).</summary>
    internal static long FusedOnThisThread => t_fused;

    /// <summary>Runs <paramref name="layer"/>, then <paramref name="normalization"/> and <paramref name="activation"/> when present.</summary>
    /// <param name="layer">A layer whose output is a new tensor that aliases neither its input nor its parameters (the
    /// library's <see cref="Conv1dLayer"/> and <see cref="DenseLayer"/>).</param>
    /// <param name="normalization">The normalisation after the layer, or null.</param>
    /// <param name="activation">The activation after the normalisation, or null.</param>
    /// <param name="input">The layer's input.</param>
    /// <returns>The activation's output (a new tensor, never the input).</returns>
    public static Tensor Run(nn.Module<Tensor, Tensor> layer, nn.Module<Tensor, Tensor>? normalization, Activation? activation, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        if ((normalization is null && activation is null) || !CanFuse(layer, normalization, activation))
        {
            return Ordinary(layer, normalization, activation, input);
        }

        var output = layer.forward(input);
        if (output.requires_grad || !output.is_floating_point())
        {
            return Continue(normalization, activation, output);
        }

        t_fused++;
        var kind = activation?.Kind ?? ActivationKind.Identity;
        var bn = (BatchNorm1d?)normalization;
        if (bn is not null)
        {
            Normalize(output, bn, kind == ActivationKind.Relu);
            kind = kind == ActivationKind.Relu ? ActivationKind.Identity : kind;
        }

        switch (kind)
        {
            case ActivationKind.Relu: output.relu_(); break;
            case ActivationKind.Sigmoid: output.sigmoid_(); break;
            case ActivationKind.Tanh: output.tanh_(); break;
            case ActivationKind.Exp: output.exp_(); break;
            default: break;                                              // Identity
        }

        return output;
    }

    /// <summary>Floats of layer output held at once by <see cref="RunPooled"/> (16 MB by default; tests lower it): a
    /// chunk's output stays in the last-level cache while it is normalised, activated and pooled.</summary>
    internal static long PooledChunkFloats { get; set; } = 4L << 20;

    /// <summary>False when the environment variable <c>GENOMICS_POOLED_INFERENCE</c> is 0 at start-up: blocks then
    /// run the whole batch through the fused pass and the pool in turn (the earlier path, kept for comparison).</summary>
    internal static bool PooledEnabled { get; } = Environment.GetEnvironmentVariable("GENOMICS_POOLED_INFERENCE") != "0";

    [ThreadStatic]
    private static long t_pooled;

    /// <summary>How many pooled passes this thread has run (tests check which path a call took).</summary>
    internal static long PooledOnThisThread => t_pooled;

    /// <summary>
    /// Runs <paramref name="layer"/>, <paramref name="normalization"/>, <paramref name="activation"/> and
    /// <paramref name="pool"/> for inference a chunk of examples at a time, when the layer's output for the whole batch
    /// would exceed <see cref="PooledChunkFloats"/>, the fused pass applies, no gradient is recorded and the pool has no
    /// forward hook: that output is never materialised, so the batch's largest activation is neither allocated nor read
    /// back from memory (docs/decisions/inference-pointwise.md). Every step treats examples independently, so the result
    /// equals the unchunked pass bit for bit.
    /// </summary>
    /// <param name="layer">As for <see cref="Run"/>.</param>
    /// <param name="normalization">The normalisation after the layer, or null.</param>
    /// <param name="activation">The activation after the normalisation, or null.</param>
    /// <param name="pool">The pool after the activation.</param>
    /// <param name="input">The layer's input (N, C, L).</param>
    /// <param name="outputFloatsPerExample">About how many floats the layer writes per example (channels × length).</param>
    /// <returns>The pool's output, or null when this pass does not apply (the caller runs the modules in turn).</returns>
    public static Tensor? RunPooled(nn.Module<Tensor, Tensor> layer, nn.Module<Tensor, Tensor>? normalization, Activation? activation, Pool1d pool, Tensor input, long outputFloatsPerExample)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(input);
        var n = input.dim() == 3 ? input.shape[0] : 0;
        var chunk = Math.Max(1, PooledChunkFloats / Math.Max(1, outputFloatsPerExample));
        if (!PooledEnabled || n <= chunk || is_grad_enabled() || input.requires_grad || ModuleHooks.HasHooks(pool) || !CanFuse(layer, normalization, activation))
        {
            return null;
        }

        Tensor? output = null;
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(chunk, n - start);
            var pooled = pool.forward(Run(layer, normalization, activation, input.narrow(0, start, count)));
            output ??= empty([n, pooled.shape[1], pooled.shape[2]], dtype: pooled.dtype, device: pooled.device).MoveToOuterDisposeScope();
            output.narrow(0, start, count).copy_(pooled);
        }

        t_pooled++;
        return output;
    }

    /// <summary>Whether the modules allow the fused pass before the layer runs (see the class remarks).</summary>
    private static bool CanFuse(nn.Module<Tensor, Tensor> layer, nn.Module<Tensor, Tensor>? normalization, Activation? activation)
    {
        if (AttributionRules.Current is not null)
        {
            return false;
        }

        if (normalization is not null
            && (normalization is not BatchNorm1d bn || bn.training || bn.running_mean is null || bn.running_var is null || ModuleHooks.HasHooks(bn)))
        {
            return false;
        }

        if (activation is not null
            && (activation.Kind is not (ActivationKind.Relu or ActivationKind.Sigmoid or ActivationKind.Tanh or ActivationKind.Exp or ActivationKind.Identity)
                || ModuleHooks.HasHooks(activation)))
        {
            return false;
        }

        return !ModuleHooks.HasHooks(layer);
    }

    private static Tensor Ordinary(nn.Module<Tensor, Tensor> layer, nn.Module<Tensor, Tensor>? normalization, Activation? activation, Tensor input) =>
        Continue(normalization, activation, layer.call(input));

    private static Tensor Continue(nn.Module<Tensor, Tensor>? normalization, Activation? activation, Tensor x)
    {
        if (normalization is not null)
        {
            x = normalization.call(x);
        }

        return activation is null ? x : activation.call(x);
    }

    /// <summary>Overwrites <paramref name="x"/> (N, C, …) with x·α + β per channel, then with its ReLU when asked.</summary>
    private static void Normalize(Tensor x, BatchNorm1d bn, bool relu)
    {
        var channels = bn.num_features;
        if (x.dim() < 2 || x.shape[1] != channels)
        {
            throw new ArgumentException($"Batch normalisation over {channels} channels got an input of shape [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var scope = NewDisposeScope();
        var (alpha, beta) = Affine(bn, x.dtype, x.device);
        if (x.dtype == ScalarType.Float32 && x.device_type == DeviceType.CPU && x.is_contiguous())
        {
            var a = alpha.cpu().data<float>().ToArray();
            var b = beta.cpu().data<float>().ToArray();
            long n = x.shape[0], length = x.numel() / Math.Max(1, n * channels);
            var data = TensorMemory.Floats(x);
            ConvolutionKernels.ForExamples(n, Math.Max(1, get_num_threads()), (first, count, _) =>
            {
                for (var example = first; example < first + count; example++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        Row(data + (((example * channels) + c) * length), length, a[c], b[c], relu);
                    }
                }
            });
            return;
        }

        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[1] = channels;
        x.mul_(alpha.view(shape)).add_(beta.view(shape));
        if (relu)
        {
            x.relu_();
        }
    }

    /// <summary>α = γ/√(σ² + ε) and β = b − μ·α in the input's dtype (γ = 1 and b = 0 without affine parameters).</summary>
    private static (Tensor Alpha, Tensor Beta) Affine(BatchNorm1d bn, ScalarType dtype, Device device)
    {
        using var noGrad = no_grad();
        using var eps = bn.eps.ToScalar();   // kept alive across the call (docs/decisions/scalar-lifetime.md)
        var invstd = bn.running_var!.to(dtype, device).add(eps).rsqrt();
        var alpha = bn.weight is { } weight ? invstd.mul(weight.to(dtype, device)) : invstd;
        var shift = bn.running_mean!.to(dtype, device).mul(alpha);
        var beta = bn.bias is { } bias ? bias.to(dtype, device).sub(shift) : shift.neg();
        return (alpha, beta);
    }

    /// <summary>One channel's row: x·a + b, then max(·, 0) when <paramref name="relu"/> (NaN stays NaN, as in libtorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* p, long length, float a, float b, bool relu)
    {
        long i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> va = Vector512.Create(a), vb = Vector512.Create(b), zero = Vector512<float>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var v = (Vector512.Load(p + i) * va) + vb;
                (relu ? Vector512.Max(v, zero) : v).Store(p + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), zero = Vector256<float>.Zero;
            for (; i + 8 <= length; i += 8)
            {
                var v = (Vector256.Load(p + i) * va) + vb;
                (relu ? Vector256.Max(v, zero) : v).Store(p + i);
            }
        }

        for (; i < length; i++)
        {
            var v = (p[i] * a) + b;
            p[i] = relu ? (float.IsNaN(v) ? v : Math.Max(v, 0f)) : v;
        }
    }
}

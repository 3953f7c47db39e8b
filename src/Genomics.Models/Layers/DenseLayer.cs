using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace Genomics.Models.Layers;

/// <summary>
/// A fully connected layer, <c>y = x · Wᵀ + b</c>, computed by <see cref="DenseKernels.Linear"/>: on the library's own
/// matrix-product tiles for float32 CPU tensors where they run, libtorch's <c>linear</c> elsewhere. Its parameters are
/// named <c>weight</c> (out, in) and <c>bias</c> (out) and are initialised exactly as <c>torch.nn.Linear</c> initialises
/// them from the same random state, so checkpoints, Keras imports and seeded models are unchanged.
/// </summary>
public sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the fields carry torch.nn.Linear's parameter names, which checkpoints use
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Input features, at least 1.</param>
    /// <param name="outFeatures">Output features, at least 1.</param>
    /// <param name="hasBias">Whether the layer has a bias.</param>
    /// <param name="name">The module name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public DenseLayer(long inFeatures, long outFeatures, bool hasBias = true, string name = "Linear")
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;

        // torch.nn.Linear's own initialisation, so that the same seed gives the same weights as before.
        using var reference = nn.Linear(inFeatures, outFeatures, hasBias);
        weight = new Parameter(reference.weight!.detach().clone());
        bias = hasBias ? new Parameter(reference.bias!.detach().clone()) : null;
        RegisterComponents();
    }

    /// <summary>The weight (out, in).</summary>
    public Parameter Weight => weight;

    /// <summary>The bias (out), or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => DenseKernels.Linear(input, weight, bias);
}

/// <summary>The fully connected product <c>x · Wᵀ + b</c> on the matrix-product tiles, with its own autograd rule.</summary>
public static class DenseKernels
{
    /// <summary>
    /// <c>input · weightᵀ + bias</c> over the last dimension of <paramref name="input"/>, as <c>torch.nn.functional.linear</c>.
    /// Float32 CPU tensors go through the library's tiles where they run (<see cref="Runtime.TorchRuntime.UseOwnMatrixProducts"/>),
    /// anything else through libtorch.
    /// </summary>
    /// <param name="input">(…, in).</param>
    /// <param name="weight">(out, in).</param>
    /// <param name="bias">(out) or null.</param>
    /// <returns>(…, out).</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2 || input.dim() < 1 || input.shape[^1] != weight.shape[1])
        {
            throw new ArgumentException($"Expected input (…, {(weight.dim() == 2 ? weight.shape[1] : -1)}) and weight (out, in); got ({string.Join(", ", input.shape)}) and ({string.Join(", ", weight.shape)}).", nameof(input));
        }

        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0]))
        {
            throw new ArgumentException($"Expected a bias of shape ({weight.shape[0]}); got ({string.Join(", ", bias.shape)}).", nameof(bias));
        }

        var tiles = ConvolutionKernels.UsesTiles && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32
            && weight.dtype == ScalarType.Float32 && weight.device_type == DeviceType.CPU
            && (bias is null || bias.dtype == ScalarType.Float32) && input.dim() == 2 && input.shape[0] > 0;
        if (!tiles)
        {
            return nn.functional.linear(input, weight, bias);
        }

        var needsGrad = is_grad_enabled() && (input.requires_grad || weight.requires_grad || (bias?.requires_grad ?? false));
        if (!needsGrad)
        {
            return Forward(input, weight, bias);
        }

        return bias is null ? DenseFunction.apply(input, weight) : DenseFunction.apply(input, weight, bias);
    }

    /// <summary>The forward product without autograd: C (N, out) = bias, then C += x (N, in) · Wᵀ (in, out).</summary>
    private static Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        using var noGrad = no_grad();

        // Wᵀ (in × out): element (p, j) is W[j, p], read through strides 1 (down) and in (across).
        return Product(input, transposeA: false, weight, transposeB: true, bias);
    }

    /// <summary>Input gradient (N, in) = upstream (N, out) · W (out, in).</summary>
    private static Tensor InputGradient(Tensor upstream, Tensor weight) => Product(upstream, transposeA: false, weight, transposeB: false, null);

    /// <summary>Weight gradient (out, in) = upstreamᵀ (out, N) · x (N, in); upstreamᵀ is read in place through strides.</summary>
    private static Tensor WeightGradient(Tensor upstream, Tensor input) => Product(upstream, transposeA: true, input, transposeB: false, null);

    /// <summary>
    /// op(A) · op(B) for row-major matrices on the tiles, op being a transpose read through strides where asked, plus
    /// <paramref name="bias"/> (n) on every row when given.
    /// </summary>
    /// <remarks>The tiles pack their right operand on every call. When it is much larger than the left one (a small
    /// batch against a layer's weights) the product is computed transposed, Cᵀ = op(B)ᵀ · op(A)ᵀ, so that the batch
    /// is packed instead of the weights, and Cᵀ is copied back into C. Both orientations sum each element over k in the
    /// same order; they can differ in the last bit where an element falls in an edge tile in one and not the other, and
    /// the choice depends only on the shapes, so a run is repeatable.</remarks>
    private static unsafe Tensor Product(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var left = a.contiguous();
        var right = b.contiguous();
        long m = left.shape[transposeA ? 1 : 0], k = left.shape[transposeA ? 0 : 1], n = right.shape[transposeB ? 0 : 1];
        var leftOperand = transposeA ? new MatrixProduct.Operand(TensorMemory.Floats(left), 1, m) : new MatrixProduct.Operand(TensorMemory.Floats(left), k, 1);
        var rightOperand = transposeB ? new MatrixProduct.Operand(TensorMemory.Floats(right), 1, k) : new MatrixProduct.Operand(TensorMemory.Floats(right), n, 1);
        if (n >= 4 * m)
        {
            // Cᵀ (n × m) = op(B)ᵀ · op(A)ᵀ: swapping an operand's strides reads its transpose.
            var transposed = empty([n, m], dtype: ScalarType.Float32);
            if (bias is not null)
            {
                transposed.copy_(bias.detach().unsqueeze(1).expand(n, m));
            }

            var swappedRight = new MatrixProduct.Operand(rightOperand.Data, rightOperand.ColumnStride, rightOperand.RowStride);
            using (var packedLeft = new MatrixProduct.PackedPanels((int)k, (int)m, new MatrixProduct.Operand(leftOperand.Data, leftOperand.ColumnStride, leftOperand.RowStride)))
            {
                MatrixProduct.Multiply((int)n, swappedRight, packedLeft, TensorMemory.Floats(transposed), m, accumulate: bias is not null, Threads);
            }

            return transposed.t().contiguous().MoveToOuterDisposeScope();
        }

        var output = empty([m, n], dtype: ScalarType.Float32);
        if (bias is not null)
        {
            output.copy_(bias.detach().expand(m, n));   // a fresh copy: expand(…).contiguous() may alias the bias itself
        }

        using var packed = new MatrixProduct.PackedPanels((int)k, (int)n, rightOperand);
        MatrixProduct.Multiply((int)m, leftOperand, packed, TensorMemory.Floats(output), n, accumulate: bias is not null, Threads);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Threads for the tiles: libtorch's intra-op thread count.</summary>
    private static int Threads => Math.Max(1, get_num_threads());

    /// <summary>The autograd function: the forward product, and tiled products for the input and weight gradients.</summary>
    private sealed class DenseFunction : SingleTensorFunction<DenseFunction>
    {
        public override string Name => "DenseProduct";

        public override Tensor forward(AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var bias = vars.Length > 2 ? (Tensor)vars[2] : null;
            ctx.save_for_backward([input, weight]);
            ctx.save_data("flags", (input.requires_grad, weight.requires_grad, bias is not null, bias?.requires_grad ?? false));
            return Forward(input, weight, bias);
        }

        public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var (needInput, needWeight, hasBias, needBias) = ((bool, bool, bool, bool))ctx.get_data("flags");
            if (GradientScope.InputOnly)
            {
                needWeight = false;
                needBias = false;
            }

            var result = new List<Tensor>
            {
                needInput ? InputGradient(grad_output, saved[1]) : null!,
                needWeight ? WeightGradient(grad_output, saved[0]) : null!,
            };
            if (hasBias)
            {
                result.Add(needBias ? grad_output.sum(dim: 0L) : null!);
            }

            return result;
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace Genomics.Models.Layers;

/// <summary>
/// DeepLIFT rescale rule for an element-wise nonlinearity on a paired batch [inputs; references]: the forward pass is
/// the ordinary nonlinearity; the backward pass returns Δout/Δin where |Δin| ≥ ε and the derivative at the input
/// otherwise, computed from the input half's upstream gradient and returned for both halves.
/// </summary>
internal sealed class ActivationRescaleFunction : SingleTensorFunction<ActivationRescaleFunction>
{
    public override string Name => "DeepLiftRescale";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var kind = (ActivationKind)vars[1];
        ctx.save_for_backward([input]);
        ctx.save_data("kind", kind);
        ctx.save_data("eps", (double)vars[2]);
        return Activation.ApplyOrdinary(kind, input);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var kind = (ActivationKind)ctx.get_data("kind");
        var eps = (double)ctx.get_data("eps");
        using var scope = torch.NewDisposeScope();
        var (x, r) = PairedBatch.Halves(ctx.get_saved_variables()[0]);
        var yx = Activation.ApplyOrdinary(kind, x);
        var yr = Activation.ApplyOrdinary(kind, r);
        var multiplier = PairedBatch.Rescale(yx - yr, x - r, eps, Derivative(kind, x, yx));
        return PairedBatch.ToBothHalves(PairedBatch.InputHalf(grad_output) * multiplier, 2);
    }

    private static Tensor Derivative(ActivationKind kind, Tensor x, Tensor y)
    {
        // Scalars held across the native calls (docs/decisions/scalar-lifetime.md).
        using var zero = 0f.ToScalar();
        using var one = 1f.ToScalar();
        return kind switch
        {
            ActivationKind.Relu => x.gt(zero).to_type(x.dtype),
            ActivationKind.Sigmoid => y * y.neg().add(one),
            ActivationKind.Tanh => (y * y).neg().add(one),
            ActivationKind.Softplus => torch.sigmoid(x),
            ActivationKind.Exp => y.alias(),
            _ => torch.ones_like(x),
        };
    }
}

/// <summary>
/// DeepLIFT max-pool rule (SHAP DeepExplainer) on a paired batch [inputs; references]: with M = max(out_x, out_r),
/// routes (M − out_r)·g through the input's arg-max positions and (out_x − M)·g through the reference's, sums, and
/// divides by Δin (0 where |Δin| &lt; ε, where input and reference are equal, or where Δin is not finite).
/// </summary>
/// <remarks>A padding <see cref="Pool1d"/> hands it the input padded with −∞: input and reference are padded alike, so
/// the padded positions count as equal (multiplier 0, never −∞ − (−∞) = NaN), and a padded position never wins a
/// window because every window holds a real one.</remarks>
internal sealed class MaxPoolRuleFunction : SingleTensorFunction<MaxPoolRuleFunction>
{
    public override string Name => "DeepLiftMaxPool";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var kernel = (int)vars[1];
        var stride = (int)vars[2];
        var ceil = (bool)vars[3];
        ctx.save_for_backward([input]);
        ctx.save_data("kernel", kernel);
        ctx.save_data("stride", stride);
        ctx.save_data("ceil", ceil);
        ctx.save_data("eps", (double)vars[4]);
        return nn.functional.max_pool1d(input, kernel, stride, ceil_mode: ceil);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var kernel = (int)ctx.get_data("kernel");
        var stride = (int)ctx.get_data("stride");
        var ceil = (bool)ctx.get_data("ceil");
        var eps = (double)ctx.get_data("eps");
        using var scope = torch.NewDisposeScope();
        var (x, r) = PairedBatch.Halves(ctx.get_saved_variables()[0]);
        var (outX, indexX) = nn.functional.max_pool1d_with_indices(x, kernel, stride, ceil_mode: ceil);
        var (outR, indexR) = nn.functional.max_pool1d_with_indices(r, kernel, stride, ceil_mode: ceil);
        var g = PairedBatch.InputHalf(grad_output);
        var top = torch.maximum(outX, outR);
        var routed = torch.zeros_like(x).scatter_add(2, indexX, g * (top - outR)).scatter_add(2, indexR, g * (outX - top));
        var zero = torch.zeros_like(x);
        var din = torch.where(x.eq(r), zero, x - r);
        using var threshold = eps.ToScalar();                  // held across the call (docs/decisions/scalar-lifetime.md)
        var valid = din.abs().ge(threshold).logical_and(din.isfinite());
        var safe = torch.where(valid, din, torch.ones_like(din));
        var multiplier = torch.where(valid, routed / safe, zero);
        return PairedBatch.ToBothHalves(multiplier, 4);
    }
}

/// <summary>
/// DeepLIFT softmax rule on a paired batch [inputs; references]: softmax is unchanged by adding a constant to its
/// logits, so the rule rescales against the mean-centred logits z′ = z − mean(z) (Δs/Δz′ where |Δz′| ≥ ε, the
/// diagonal derivative s(1 − s) otherwise) and back-propagates through the centring, i.e. subtracts the mean multiplier
/// along the softmax axis. Σ m·Δz then equals Σ g·Δs exactly.
/// </summary>
internal sealed class SoftmaxRuleFunction : SingleTensorFunction<SoftmaxRuleFunction>
{
    public override string Name => "DeepLiftSoftmax";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var dim = (int)vars[1];
        ctx.save_for_backward([input]);
        ctx.save_data("dim", dim);
        ctx.save_data("eps", (double)vars[2]);
        return torch.softmax(input, dim);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var dim = (int)ctx.get_data("dim");
        var eps = (double)ctx.get_data("eps");
        using var scope = torch.NewDisposeScope();
        var (x, r) = PairedBatch.Halves(ctx.get_saved_variables()[0]);
        var sx = torch.softmax(x, dim);
        var sr = torch.softmax(r, dim);
        var dz = (x - x.mean([dim], keepdim: true)) - (r - r.mean([dim], keepdim: true));
        var u = PairedBatch.InputHalf(grad_output) * PairedBatch.Rescale(sx - sr, dz, eps, sx * (1 - sx));
        return PairedBatch.ToBothHalves(u - u.mean([dim], keepdim: true), 2);
    }
}

/// <summary>Shared pieces of the rules: a batch [inputs; references] split into halves, and the rescale ratio.</summary>
internal static class PairedBatch
{
    /// <summary>The input half and the reference half of a paired batch (views).</summary>
    public static (Tensor X, Tensor R) Halves(Tensor paired)
    {
        var m = paired.shape[0] / 2;
        return (paired.narrow(0, 0, m), paired.narrow(0, m, m));
    }

    /// <summary>The input half's rows of a gradient over a paired batch.</summary>
    public static Tensor InputHalf(Tensor grad) => grad.narrow(0, 0, grad.shape[0] / 2);

    /// <summary>Δout/Δin where |Δin| ≥ ε, <paramref name="fallback"/> elsewhere.</summary>
    public static Tensor Rescale(Tensor deltaOut, Tensor deltaIn, double eps, Tensor fallback)
    {
        using var threshold = eps.ToScalar();                  // held across the call (docs/decisions/scalar-lifetime.md)
        var big = deltaIn.abs().ge(threshold);
        var safe = torch.where(big, deltaIn, torch.ones_like(deltaIn));
        return torch.where(big, deltaOut / safe, fallback);
    }

    /// <summary>Sums a multiplier computed at the output's shape over the axes along which the operand was broadcast.</summary>
    public static Tensor SumToShape(Tensor multiplier, long[] shape)
    {
        var result = multiplier;
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1 && result.shape[d] != 1)
            {
                result = result.sum([d], keepdim: true);
            }
        }

        return result;
    }

    /// <summary>The multiplier returned for both halves, followed by no gradient for the other <paramref name="extraArguments"/> arguments.</summary>
    public static List<Tensor> ToBothHalves(Tensor multiplier, int extraArguments)
    {
        var result = new List<Tensor> { torch.cat([multiplier, multiplier], 0).MoveToOuterDisposeScope() };
        for (var i = 0; i < extraArguments; i++)
        {
            result.Add(null!);
        }

        return result;
    }
}

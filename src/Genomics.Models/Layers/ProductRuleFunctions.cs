using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace Genomics.Models.Layers;

/// <summary>
/// DeepLIFT rule for an element-wise product y = a ⊙ b of two data-dependent tensors on a paired batch
/// [inputs; references] (a gate times a value, a centred value times its inverse standard deviation): the difference
/// splits exactly as Δy = b̄ ⊙ Δa + ā ⊙ Δb with ā = (a_x + a_r)/2, b̄ = (b_x + b_r)/2 — the two-player Shapley value
/// of the product — so the multipliers are m_a = g ⊙ b̄ and m_b = g ⊙ ā. Operands may broadcast against each other
/// (same rank); a broadcast operand's multiplier is summed over the broadcast axes.
/// </summary>
internal sealed class ProductRuleFunction : SingleTensorFunction<ProductRuleFunction>
{
    public override string Name => "DeepLiftProduct";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var a = (Tensor)vars[0];
        var b = (Tensor)vars[1];
        ctx.save_for_backward([a, b]);
        return a * b;
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        using var scope = torch.NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (ax, ar) = PairedBatch.Halves(saved[0]);
        var (bx, br) = PairedBatch.Halves(saved[1]);
        var g = PairedBatch.InputHalf(grad_output);
        var ma = PairedBatch.SumToShape(g * ((bx + br) / 2), ax.shape);
        var mb = PairedBatch.SumToShape(g * ((ax + ar) / 2), bx.shape);
        return [torch.cat([ma, ma], 0).MoveToOuterDisposeScope(), torch.cat([mb, mb], 0).MoveToOuterDisposeScope()];
    }
}

/// <summary>
/// DeepLIFT rule for a batched matrix product Y = A·B of two data-dependent tensors (attention weights times values,
/// queries times keys) on a paired batch: the product is bilinear, so ΔY = ΔA·B̄ + Ā·ΔB exactly with Ā, B̄ the means
/// of input and reference (the Shapley split of <see cref="ProductRuleFunction"/> applied to every term of every dot
/// product); the multipliers are m_A = G·B̄ᵀ and m_B = Āᵀ·G.
/// </summary>
internal sealed class BatchProductRuleFunction : SingleTensorFunction<BatchProductRuleFunction>
{
    public override string Name => "DeepLiftBatchProduct";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var a = (Tensor)vars[0];
        var b = (Tensor)vars[1];
        ctx.save_for_backward([a, b]);
        return torch.bmm(a, b);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        using var scope = torch.NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (ax, ar) = PairedBatch.Halves(saved[0]);
        var (bx, br) = PairedBatch.Halves(saved[1]);
        var g = PairedBatch.InputHalf(grad_output);
        var ma = torch.bmm(g, ((bx + br) / 2).transpose(1, 2));
        var mb = torch.bmm(((ax + ar) / 2).transpose(1, 2), g);
        return [torch.cat([ma, ma], 0).MoveToOuterDisposeScope(), torch.cat([mb, mb], 0).MoveToOuterDisposeScope()];
    }
}

/// <summary>
/// DeepLIFT rescale rule for an element-wise function that is not an <see cref="ActivationKind"/> (layer
/// normalisation's 1/√(v + ε)): Δf/Δin where |Δin| ≥ ε, the derivative at the input otherwise.
/// </summary>
internal sealed class ElementwiseRescaleFunction : SingleTensorFunction<ElementwiseRescaleFunction>
{
    public override string Name => "DeepLiftElementwiseRescale";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var function = (Func<Tensor, Tensor>)vars[1];
        ctx.save_for_backward([input]);
        ctx.save_data("f", function);
        ctx.save_data("df", vars[2]);
        ctx.save_data("eps", (double)vars[3]);
        return function(input);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var function = (Func<Tensor, Tensor>)ctx.get_data("f");
        var derivative = (Func<Tensor, Tensor>)ctx.get_data("df");
        var eps = (double)ctx.get_data("eps");
        using var scope = torch.NewDisposeScope();
        var (x, r) = PairedBatch.Halves(ctx.get_saved_variables()[0]);
        var multiplier = PairedBatch.InputHalf(grad_output) * PairedBatch.Rescale(function(x) - function(r), x - r, eps, derivative(x));
        return PairedBatch.ToBothHalves(multiplier, 3);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// Products and element-wise functions of data-dependent tensors that apply DeepLIFT's rules while
/// <see cref="AttributionRules"/> are active and are the ordinary operations otherwise (same forward value). Used by
/// the unfused recurrent cells (<see cref="UnfusedRecurrence"/>), attention poolings and layer normalisation.
/// </summary>
internal static class RuleOperations
{
    /// <summary>a ⊙ b (same rank, broadcasting allowed); under the rules the Shapley product rule of <see cref="ProductRuleFunction"/>.</summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        if (AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(a, "product");
            AttributionRules.PairedRows(b, "product");
            rules.Count();
            return ProductRuleFunction.apply(a, b);
        }

        return a * b;
    }

    /// <summary>bmm(a, b) for (N, P, Q) and (N, Q, R); under the rules the bilinear rule of <see cref="BatchProductRuleFunction"/>.</summary>
    /// <exception cref="ArgumentException">The shapes do not match (checked before the native call).</exception>
    public static Tensor BatchProduct(Tensor a, Tensor b)
    {
        if (a.dim() != 3 || b.dim() != 3 || a.shape[0] != b.shape[0] || a.shape[2] != b.shape[1])
        {
            throw new ArgumentException($"Batched product needs (N, P, Q) and (N, Q, R); got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].", nameof(a));
        }

        if (AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(a, "batched product");
            rules.Count();
            return BatchProductRuleFunction.apply(a, b);
        }

        return torch.bmm(a, b);
    }

    /// <summary>1/√(v + ε) element-wise; under the rules the rescale rule of <see cref="ElementwiseRescaleFunction"/>.</summary>
    public static Tensor InverseStandardDeviation(Tensor variance, double epsilon)
    {
        if (AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(variance, "inverse standard deviation");
            rules.Count();
            Func<Tensor, Tensor> f = v => torch.rsqrt(Shift(v, epsilon));
            Func<Tensor, Tensor> df = v =>
            {
                using var exponent = (-1.5).ToScalar();
                using var half = (-0.5).ToScalar();
                return torch.pow(Shift(v, epsilon), exponent).mul(half);
            };
            return ElementwiseRescaleFunction.apply(variance, f, df, rules.Epsilon);
        }

        return torch.rsqrt(Shift(variance, epsilon));
    }

    /// <summary>v + ε with the scalar held across the native call (docs/decisions/scalar-lifetime.md).</summary>
    private static Tensor Shift(Tensor v, double epsilon)
    {
        using var shift = epsilon.ToScalar();
        return v.add(shift);
    }
}

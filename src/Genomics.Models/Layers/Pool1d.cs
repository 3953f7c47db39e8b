using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// Max or average pooling over the length axis of (N, C, L) tensors. Architectures build their pools with this
/// module so that attribution engines can substitute their max-pool rule.
/// </summary>
public sealed class Pool1d : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates a pooling module.</summary>
    /// <param name="kind">Max or average.</param>
    /// <param name="kernelSize">Window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1; defaults to the window size.</param>
    /// <param name="ceilMode">Keep a partial last window (its average counts only the elements present). Default false.</param>
    /// <param name="name">The module name; defaults to "maxpool" or "avgpool".</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public Pool1d(PoolKind kind, int kernelSize, int? stride = null, bool ceilMode = false, string? name = null)
        : base(name ?? (kind == PoolKind.Max ? "maxpool" : "avgpool"))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        var s = stride ?? kernelSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(s, 1, nameof(stride));
        Kind = kind;
        KernelSize = kernelSize;
        Stride = s;
        CeilMode = ceilMode;
    }

    /// <summary>Max or average.</summary>
    public PoolKind Kind { get; }

    /// <summary>The window size.</summary>
    public int KernelSize { get; }

    /// <summary>The stride.</summary>
    public int Stride { get; }

    /// <summary>Whether a partial last window is kept.</summary>
    public bool CeilMode { get; }

    /// <summary>The output length for an input length.</summary>
    /// <param name="length">The input length L.</param>
    /// <returns>The pooled length.</returns>
    public int OutputLength(int length)
    {
        var span = length - KernelSize;
        if (span < 0)
        {
            return 0;
        }

        var count = CeilMode ? (span + Stride - 1) / Stride : span / Stride;
        if (CeilMode && count * Stride >= length)
        {
            count--;
        }

        return count + 1;
    }

    /// <summary>Pools the input.</summary>
    /// <param name="input">(N, C, L) tensor.</param>
    /// <returns>(N, C, L') with L' = <see cref="OutputLength"/>(L).</returns>
    /// <remarks>While <see cref="AttributionRules"/> are active a max-pool back-propagates DeepLIFT's max-pool rule
    /// (the forward value is unchanged); average pooling is linear and needs no rule.</remarks>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Kind == PoolKind.Max && AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(input, GetName());
            rules.Count();
            return MaxPoolRuleFunction.apply(input, KernelSize, Stride, CeilMode, rules.Epsilon);
        }

        return Kind == PoolKind.Max
            ? PoolKernels.MaxPool1d(input, KernelSize, Stride, CeilMode)
            : nn.functional.avg_pool1d(input, KernelSize, Stride, ceil_mode: CeilMode, count_include_pad: false);
    }
}

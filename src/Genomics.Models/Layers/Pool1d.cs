using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// Max or average pooling over the length axis of (N, C, L) tensors, optionally padded before and after the sequence.
/// Architectures build their pools with this module so that attribution engines can substitute their max-pool rule.
/// </summary>
/// <remarks>
/// <para>Padding (<see cref="PaddingBefore"/>, <see cref="PaddingAfter"/>, or TensorFlow's 'same' rule computed from the
/// input length, <see cref="TensorFlowSame"/>) adds positions that never take part in a result: a max-pool pads with
/// −∞, so padded positions never win; an average pool divides each window's sum by the number of real positions in it,
/// as TensorFlow/Keras 'same' pooling does (not by the window size). Every window holds at least one real position
/// (each padding is shorter than the window and a last window never starts in the padding after the sequence).</para>
/// <para>Ceil mode keeps a partial last window, as libtorch does: the last window must start inside the sequence or the
/// padding before it.</para>
/// </remarks>
public sealed class Pool1d : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates a pooling module without padding.</summary>
    /// <param name="kind">Max or average.</param>
    /// <param name="kernelSize">Window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1; defaults to the window size.</param>
    /// <param name="ceilMode">Keep a partial last window (its average counts only the elements present). Default false.</param>
    /// <param name="name">The module name; defaults to "maxpool" or "avgpool".</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public Pool1d(PoolKind kind, int kernelSize, int? stride = null, bool ceilMode = false, string? name = null)
        : this(kind, kernelSize, stride ?? kernelSize, 0, 0, ceilMode, false, name)
    {
    }

    /// <summary>Creates a pooling module that pads a fixed number of positions before and after the sequence.</summary>
    /// <param name="kind">Max or average.</param>
    /// <param name="kernelSize">Window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1.</param>
    /// <param name="paddingBefore">Positions added before the sequence, 0 to <paramref name="kernelSize"/> − 1.</param>
    /// <param name="paddingAfter">Positions added after the sequence, 0 to <paramref name="kernelSize"/> − 1.</param>
    /// <param name="ceilMode">Keep a partial last window. Default false.</param>
    /// <param name="name">The module name; defaults to "maxpool" or "avgpool".</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or a padding is negative or not shorter than the window.</exception>
    public Pool1d(PoolKind kind, int kernelSize, int stride, int paddingBefore, int paddingAfter, bool ceilMode = false, string? name = null)
        : this(kind, kernelSize, stride, paddingBefore, paddingAfter, ceilMode, false, name)
    {
    }

    private Pool1d(PoolKind kind, int kernelSize, int stride, int paddingBefore, int paddingAfter, bool ceilMode, bool tensorFlowSame, string? name)
        : base(name ?? (kind == PoolKind.Max ? "maxpool" : "avgpool"))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingAfter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(paddingBefore, kernelSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(paddingAfter, kernelSize);
        Kind = kind;
        KernelSize = kernelSize;
        Stride = stride;
        PaddingBefore = paddingBefore;
        PaddingAfter = paddingAfter;
        CeilMode = ceilMode;
        IsTensorFlowSame = tensorFlowSame;
    }

    /// <summary>
    /// Creates a pool with TensorFlow/Keras <c>padding='same'</c>: for an input of length L the output has ⌈L / stride⌉
    /// positions and the padding, max((⌈L / stride⌉ − 1)·stride + window − L, 0) in all, is split ⌊total / 2⌋ before and
    /// the rest after (<see cref="TensorFlowSamePadding"/>), so it depends on the input length.
    /// </summary>
    /// <param name="kind">Max or average.</param>
    /// <param name="kernelSize">Window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1; defaults to the window size.</param>
    /// <param name="name">The module name; defaults to "maxpool" or "avgpool".</param>
    /// <returns>The pool.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static Pool1d TensorFlowSame(PoolKind kind, int kernelSize, int? stride = null, string? name = null) =>
        new(kind, kernelSize, stride ?? kernelSize, 0, 0, false, true, name);

    /// <summary>TensorFlow's 'same' padding of a pool or convolution window over a length.</summary>
    /// <param name="length">The input length L, at least 0.</param>
    /// <param name="window">The window (span), at least 1.</param>
    /// <param name="stride">The stride, at least 1.</param>
    /// <returns>(⌊total / 2⌋, total − ⌊total / 2⌋) with total = max((⌈L / stride⌉ − 1)·stride + window − L, 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static (int Before, int After) TensorFlowSamePadding(int length, int window, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var output = (length + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + window - length, 0);
        return (total / 2, total - (total / 2));
    }

    /// <summary>Max or average.</summary>
    public PoolKind Kind { get; }

    /// <summary>The window size.</summary>
    public int KernelSize { get; }

    /// <summary>The stride.</summary>
    public int Stride { get; }

    /// <summary>Fixed positions added before the sequence (0 for a <see cref="TensorFlowSame"/> pool; see <see cref="Padding"/>).</summary>
    public int PaddingBefore { get; }

    /// <summary>Fixed positions added after the sequence (0 for a <see cref="TensorFlowSame"/> pool; see <see cref="Padding"/>).</summary>
    public int PaddingAfter { get; }

    /// <summary>Whether a partial last window is kept.</summary>
    public bool CeilMode { get; }

    /// <summary>True for a pool made by <see cref="TensorFlowSame"/>: its padding depends on the input length.</summary>
    public bool IsTensorFlowSame { get; }

    /// <summary>True when the pool pads some input length (fixed padding, or TensorFlow's 'same' rule).</summary>
    public bool Pads => IsTensorFlowSame || PaddingBefore > 0 || PaddingAfter > 0;

    /// <summary>The padding the pool adds to an input of a given length.</summary>
    /// <param name="length">The input length L.</param>
    /// <returns>The positions added before and after the sequence.</returns>
    public (int Before, int After) Padding(int length) =>
        IsTensorFlowSame ? TensorFlowSamePadding(length, KernelSize, Stride) : (PaddingBefore, PaddingAfter);

    /// <summary>The output length for an input length.</summary>
    /// <param name="length">The input length L.</param>
    /// <returns>The pooled length: ⌊(L + before + after − window) / stride⌋ + 1 (ceil mode: rounded up, the last window
    /// starting before L + before), 0 when the padded input is shorter than the window.</returns>
    public int OutputLength(int length)
    {
        var (before, after) = Padding(length);
        var span = length + before + after - KernelSize;
        if (span < 0)
        {
            return 0;
        }

        var count = CeilMode ? (span + Stride - 1) / Stride : span / Stride;
        if (CeilMode && count * Stride >= length + before)
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
        var (before, after) = Padding(checked((int)input.shape[^1]));
        if (before == 0 && after == 0)
        {
            return PoolUnpadded(input);
        }

        using var scope = torch.NewDisposeScope();
        var result = Kind == PoolKind.Max ? MaxPadded(input, before, after) : AveragePadded(input, before, after);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The pool's windowed operation on an input that is already padded with −∞ (max) or NaN (average, whose NaN
    /// positions are left out of each window's count), in floor mode: a trunk stage's valid operation.
    /// </summary>
    /// <param name="padded">(N, C, W) with W ≥ the window.</param>
    /// <returns>(N, C, ⌊(W − window) / stride⌋ + 1).</returns>
    /// <remarks>A slice is no module call: DeepLIFT's rule is not substituted here.</remarks>
    internal Tensor PoolPaddedSlice(Tensor padded)
    {
        ArgumentNullException.ThrowIfNull(padded);
        if (Kind == PoolKind.Max)
        {
            return PoolKernels.MaxPool1d(padded, KernelSize, Stride);
        }

        using var scope = torch.NewDisposeScope();
        var windows = padded.unfold(2, KernelSize, Stride);
        var missing = windows.isnan();
        var sum = windows.masked_fill(missing, 0).sum(-1);
        var present = missing.logical_not().sum(-1).to_type(padded.dtype);
        return (sum / present).MoveToOuterDisposeScope();
    }

    private Tensor PoolUnpadded(Tensor input) =>
        Kind == PoolKind.Max
            ? MaxValid(input, CeilMode)
            : nn.functional.avg_pool1d(input, KernelSize, Stride, ceil_mode: CeilMode, count_include_pad: false);

    /// <summary>Max pooling without padding of its own, through DeepLIFT's rule while attribution rules are active.</summary>
    private Tensor MaxValid(Tensor input, bool ceil)
    {
        if (AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(input, GetName());
            rules.Count();
            return MaxPoolRuleFunction.apply(input, KernelSize, Stride, ceil, rules.Epsilon);
        }

        return PoolKernels.MaxPool1d(input, KernelSize, Stride, ceil);
    }

    /// <summary>Pads with −∞ and pools; a ceil-mode pool may find one more window in the padded input, which starts in
    /// the padding after the sequence, and drops it.</summary>
    private Tensor MaxPadded(Tensor input, int before, int after)
    {
        var length = OutputLength(checked((int)input.shape[^1]));
        var padded = nn.functional.pad(input, (before, after), PaddingModes.Constant, double.NegativeInfinity);
        var pooled = MaxValid(padded, CeilMode);
        return pooled.shape[^1] == length ? pooled : pooled.narrow(-1, 0, length);
    }

    /// <summary>Pads with zeros (and, for a ceil-mode partial last window, up to a whole window), sums each window and
    /// divides by the number of real positions in it.</summary>
    private Tensor AveragePadded(Tensor input, int before, int after)
    {
        var inputLength = checked((int)input.shape[^1]);
        var length = OutputLength(inputLength);
        var needed = ((length - 1) * Stride) + KernelSize - inputLength - before;
        var padded = nn.functional.pad(input, (before, Math.Max(needed, after)));
        var sums = padded.unfold(2, KernelSize, Stride).narrow(2, 0, length).sum(-1);
        var counts = new float[length];
        for (var j = 0; j < length; j++)
        {
            var start = (j * Stride) - before;
            counts[j] = Math.Min(start + KernelSize, inputLength) - Math.Max(start, 0);
        }

        return sums / torch.tensor(counts, dtype: input.dtype, device: input.device);
    }
}

using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// Keras/TensorFlow <c>MaxPooling(padding='same')</c> over the length axis of (N, C, L): output length ⌈L / stride⌉,
/// total padding max((out − 1)·stride + window − L, 0) split as ⌊total / 2⌋ before and the rest after, padded
/// positions never win the max.
/// </summary>
/// <remarks>
/// A thin wrapper that keeps DeepCBA's module paths (<c>pools.b.pool</c>): the pooling, its −∞ padding and its trunk
/// description are those of its <see cref="Pool1d.TensorFlowSame"/> child named <c>pool</c>. This is not PyTorch's
/// <c>ceil_mode</c>, which aligns the first window at position 0: for L = 2993, window 8, TensorFlow pads 3 before, so
/// its first window covers positions 0–4.
/// </remarks>
internal sealed class SameMaxPool1d : nn.Module<Tensor, Tensor>
{
    private readonly Pool1d pool;

    public SameMaxPool1d(int window, int stride, string name = "same_max_pool")
        : base(name)
    {
        pool = Pool1d.TensorFlowSame(PoolKind.Max, window, stride);
        RegisterComponents();
    }

    public int Window => pool.KernelSize;

    public int Stride => pool.Stride;

    /// <summary>⌈length / stride⌉.</summary>
    public static int OutputLength(int length, int stride) => (length + stride - 1) / stride;

    /// <summary>The (before, after) padding TensorFlow uses for a 'same' pool or convolution.</summary>
    public static (int Before, int After) Padding(int length, int window, int stride) => Pool1d.TensorFlowSamePadding(length, window, stride);

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return pool.call(input);
    }
}

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
/// The input is padded with −∞ and passed to a <see cref="Pool1d"/> child named <c>pool</c> (so attribution engines
/// find the library's pooling module). Every window holds at least one real position (the padding is shorter than a
/// window), so the −∞ values never reach the output or its gradient. This is not PyTorch's <c>ceil_mode</c>, which
/// aligns the first window at position 0: for L = 2993, window 8, TensorFlow pads 3 before, so its first window covers
/// positions 0–4.
/// </remarks>
internal sealed class SameMaxPool1d : nn.Module<Tensor, Tensor>
{
    private readonly Pool1d pool;

    public SameMaxPool1d(int window, int stride, string name = "same_max_pool")
        : base(name)
    {
        pool = new Pool1d(PoolKind.Max, window, stride);
        RegisterComponents();
    }

    public int Window => pool.KernelSize;

    public int Stride => pool.Stride;

    /// <summary>⌈length / stride⌉.</summary>
    public static int OutputLength(int length, int stride) => (length + stride - 1) / stride;

    /// <summary>The (before, after) padding TensorFlow uses for a 'same' pool or convolution.</summary>
    public static (int Before, int After) Padding(int length, int window, int stride)
    {
        var total = Math.Max(((OutputLength(length, stride) - 1) * stride) + window - length, 0);
        return (total / 2, total - (total / 2));
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (before, after) = Padding((int)input.shape[^1], Window, Stride);
        if (before == 0 && after == 0)
        {
            return pool.call(input);
        }

        var padded = nn.functional.pad(input, (before, after), PaddingModes.Constant, double.NegativeInfinity);
        return pool.call(padded);
    }
}

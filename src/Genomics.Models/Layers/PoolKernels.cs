using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace Genomics.Models.Layers;

/// <summary>
/// Max pooling over the length axis of (N, C, L) float32 CPU tensors with its own autograd rule. libtorch's
/// <c>max_pool1d</c> takes its general two-dimensional kernel (<c>max_pool2d_with_indices</c>) whenever a gradient is
/// needed, which spends more time on index arithmetic than on the comparisons and writes a 64-bit index per output; here
/// each row is one tight loop and the winning position is kept as a byte offset inside its window.
/// </summary>
/// <remarks>Results are libtorch's exactly: the first maximum of a window wins, and a NaN in a window wins over any
/// number (the output is NaN and its gradient goes to the window's last NaN, as libtorch's loop leaves it). The gradient of an output goes to its window's
/// winning position; with overlapping windows the contributions add up.</remarks>
public static class PoolKernels
{
    /// <summary>Windows larger than this go through libtorch (the offset of the winner is kept in a byte).</summary>
    internal const int MaxKernel = 255;

    /// <summary>
    /// <c>max_pool1d</c> with libtorch's semantics (no padding or dilation): on the library's loop for float32 CPU
    /// tensors of rank 3 when a gradient is needed and the window fits in a byte, through libtorch otherwise.
    /// </summary>
    /// <param name="input">(N, C, L).</param>
    /// <param name="kernelSize">Window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1.</param>
    /// <param name="ceilMode">Keep a partial last window.</param>
    /// <returns>(N, C, L').</returns>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int stride, bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        return UsesOwnLoop(input, kernelSize)
            ? MaxPoolFunction.apply(input, kernelSize, stride, ceilMode)
            : nn.functional.max_pool1d(input, kernelSize, stride, ceil_mode: ceilMode);
    }

    /// <summary>Whether <see cref="MaxPool1d"/> pools this input on the library's loop: float32 CPU (N, C, L) with a
    /// gradient to record, at least one window and a window that fits in a byte. Without a gradient libtorch's
    /// <c>max_pool1d</c> already takes its fast one-dimensional kernel.</summary>
    internal static bool UsesOwnLoop(Tensor input, int kernelSize) =>
        input.dim() == 3 && input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU
        && kernelSize <= MaxKernel && input.shape[2] >= kernelSize && is_grad_enabled() && input.requires_grad
        && input.shape[0] * input.shape[1] > 0;

    /// <summary>The pooled length, as libtorch computes it without padding or dilation.</summary>
    internal static long OutputLength(long length, int kernelSize, int stride, bool ceilMode)
    {
        var span = length - kernelSize;
        var count = ceilMode ? (span + stride - 1) / stride : span / stride;
        if (ceilMode && count * stride >= length)
        {
            count--;
        }

        return count + 1;
    }

    /// <summary>Forward: the pooled values and, per output, the offset of its window's winner.</summary>
    internal static unsafe (Tensor Output, Tensor Offsets) Forward(Tensor input, int kernelSize, int stride, bool ceilMode)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = input.contiguous();
        long n = x.shape[0], c = x.shape[1], l = x.shape[2];
        var lout = OutputLength(l, kernelSize, stride, ceilMode);
        var output = empty([n, c, lout], dtype: ScalarType.Float32);
        var offsets = empty([n, c, lout], dtype: ScalarType.Byte);
        var source = TensorMemory.Floats(x);
        var target = TensorMemory.Floats(output);
        var winners = TensorMemory.Bytes(offsets);
        ForRows(n * c, l + lout, (first, count) =>
        {
            for (var row = first; row < first + count; row++)
            {
                PoolRow(source + (row * l), l, target + (row * lout), winners + (row * lout), lout, kernelSize, stride);
            }
        });
        return (output.MoveToOuterDisposeScope(), offsets.MoveToOuterDisposeScope());
    }

    /// <summary>Backward: each upstream value at its window's winner, zero elsewhere. Windows that do not overlap
    /// (stride ≥ window) are written whole in one pass; overlapping ones add into zeros.</summary>
    internal static unsafe Tensor Backward(Tensor upstream, Tensor offsets, long length, int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = upstream.dtype == ScalarType.Float32 ? upstream.contiguous() : upstream.to(ScalarType.Float32).contiguous();
        long n = grads.shape[0], c = grads.shape[1], lout = grads.shape[2];
        var apart = stride >= kernel;
        var result = apart ? empty([n, c, length], dtype: ScalarType.Float32) : zeros([n, c, length], dtype: ScalarType.Float32);
        var source = TensorMemory.Floats(grads);
        var target = TensorMemory.Floats(result);
        var winners = TensorMemory.Bytes(offsets);
        ForRows(n * c, length + lout, (first, count) =>
        {
            for (var row = first; row < first + count; row++)
            {
                var g = source + (row * lout);
                var o = winners + (row * lout);
                var t = target + (row * length);
                if (apart)
                {
                    WriteRow(t, length, g, o, lout, kernel, stride);
                }
                else
                {
                    for (long j = 0; j < lout; j++)
                    {
                        t[(j * stride) + o[j]] += g[j];
                    }
                }
            }
        });
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>A row of the input gradient for windows that do not overlap: every element written once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WriteRow(float* t, long length, float* g, byte* o, long lout, int kernel, int stride)
    {
        long position = 0;
        for (long j = 0; j < lout; j++)
        {
            var end = Math.Min((j * stride) + stride, length);
            var winner = (j * stride) + o[j];
            for (; position < end; position++)
            {
                t[position] = 0f;
            }

            t[winner] = g[j];
        }

        for (; position < length; position++)
        {
            t[position] = 0f;
        }
    }

    /// <summary>One row: for each window, libtorch's winner and its offset (see <see cref="Window"/>), sixteen windows at a
    /// time where the processor gathers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PoolRow(float* x, long length, float* y, byte* offsets, long lout, int kernel, int stride)
    {
        long j = 0;
        if (Avx2.IsSupported && stride <= int.MaxValue / 16)
        {
            // Windows whose every element lies inside the row: the last of 16 starts at (j + 15)·stride.
            var full = Math.Min(lout, ((length - kernel) / stride) + 1);
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * stride;
            var upper = lanes + Vector256.Create(8 * stride);
            for (; j + 16 <= full; j += 16)
            {
                var first = x + (j * stride);
                var bestLow = Vector256.Create(float.NegativeInfinity);
                var bestHigh = bestLow;
                var atLow = Vector256<int>.Zero;
                var atHigh = Vector256<int>.Zero;
                for (var t = 0; t < kernel; t++)
                {
                    var offset = Vector256.Create(t);
                    var low = Avx2.GatherVector256(first + t, lanes, 4);
                    var high = Avx2.GatherVector256(first + t, upper, 4);
                    var takeLow = Avx.Compare(low, bestLow, FloatComparisonMode.OrderedGreaterThanNonSignaling) | Avx.Compare(low, low, FloatComparisonMode.UnorderedNonSignaling);
                    var takeHigh = Avx.Compare(high, bestHigh, FloatComparisonMode.OrderedGreaterThanNonSignaling) | Avx.Compare(high, high, FloatComparisonMode.UnorderedNonSignaling);
                    bestLow = Avx.BlendVariable(bestLow, low, takeLow);
                    bestHigh = Avx.BlendVariable(bestHigh, high, takeHigh);
                    atLow = Avx2.BlendVariable(atLow, offset, takeLow.AsInt32());
                    atHigh = Avx2.BlendVariable(atHigh, offset, takeHigh.AsInt32());
                }

                Avx.Store(y + j, bestLow);
                Avx.Store(y + j + 8, bestHigh);
                if (Avx512F.IsSupported)
                {
                    Sse2.Store(offsets + j, Avx512F.ConvertToVector128Byte(Vector512.Create(atLow, atHigh)));
                }
                else
                {
                    for (var lane = 0; lane < 8; lane++)
                    {
                        offsets[j + lane] = (byte)atLow.GetElement(lane);
                        offsets[j + 8 + lane] = (byte)atHigh.GetElement(lane);
                    }
                }
            }
        }

        for (; j < lout; j++)
        {
            var start = j * stride;
            var (best, at) = Window(x + start, Math.Min(kernel, length - start));   // a ceil-mode last window may be partial
            y[j] = best;
            offsets[j] = (byte)at;
        }
    }

    /// <summary>libtorch's rule for one window: starting from −∞ and the first position, an element replaces the winner
    /// when it is greater or NaN, so the first maximum wins, and the last NaN when there is one.</summary>
    private static unsafe (float Best, int At) Window(float* x, long count)
    {
        var best = float.NegativeInfinity;
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var v = x[i];
            if (v > best || float.IsNaN(v))
            {
                best = v;
                at = i;
            }
        }

        return (best, at);
    }

    /// <summary>Spreads rows over libtorch's intra-op threads (as the convolutions spread examples) when there is
    /// enough work; small tensors stay on the calling thread.</summary>
    private static void ForRows(long rows, long workPerRow, Action<long, long> work)
    {
        var threads = rows * workPerRow < 1 << 16 ? 1 : Math.Max(1, get_num_threads());
        ConvolutionKernels.ForExamples(rows, threads, (first, count, _) => work(first, count));
    }

    /// <summary>The autograd function: the forward loop, and the scatter of the upstream gradient to the winners.</summary>
    private sealed class MaxPoolFunction : SingleTensorFunction<MaxPoolFunction>
    {
        public override string Name => "MaxPool1dRows";

        public override Tensor forward(AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var kernel = (int)vars[1];
            var stride = (int)vars[2];
            var ceil = (bool)vars[3];
            var (output, offsets) = Forward(input, kernel, stride, ceil);
            ctx.save_for_backward([offsets]);
            ctx.save_data("geometry", (input.shape[2], kernel, stride));
            return output;
        }

        public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
        {
            var offsets = ctx.get_saved_variables()[0];
            var (length, kernel, stride) = ((long, int, int))ctx.get_data("geometry");
            return [Backward(grad_output, offsets, length, kernel, stride), null!, null!, null!];
        }
    }
}

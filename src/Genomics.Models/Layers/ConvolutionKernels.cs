using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace Genomics.Models.Layers;

/// <summary>
/// One-dimensional convolution as matrix products (docs/decisions/onednn.md): on the CPU, libtorch's native convolution
/// unfolds and multiplies one example at a time and reaches a fraction of the machine's matrix-multiply rate, while its
/// oneDNN kernels are wrong on some machines. Here the input is put channels-last once, windows of a few examples are
/// unfolded into rows of <c>k·C</c> values and multiplied with the <c>(k·C, O)</c> kernel in one product, and the
/// backward pass does the same with the transposed products (the input gradient scatters back with <c>k</c> strided
/// additions). Results equal libtorch's convolution up to float32 rounding.
/// </summary>
public static class ConvolutionKernels
{
    /// <summary>Elements of one unfolded chunk (rows × k·C) that keep a chunk within the processor's caches (≈ 4 MB of float32).</summary>
    private const long ChunkElements = 1L << 20;

    /// <summary>
    /// Convolves <paramref name="input"/> (N, C, L) with <paramref name="weight"/> (O, C, k): zero padding
    /// <paramref name="paddingBefore"/>/<paramref name="paddingAfter"/>, then a convolution with the given stride and
    /// dilation. Float32 CPU tensors go through matrix products; anything else through libtorch's own convolution.
    /// </summary>
    /// <param name="input">(N, C, L).</param>
    /// <param name="weight">(O, C, k).</param>
    /// <param name="bias">(O) or null.</param>
    /// <param name="stride">Stride, at least 1.</param>
    /// <param name="paddingBefore">Zeros added before each sequence.</param>
    /// <param name="paddingAfter">Zeros added after each sequence.</param>
    /// <param name="dilation">Dilation, at least 1.</param>
    /// <returns>(N, O, L') with L' = ⌊(L + before + after − dilation·(k − 1) − 1) / stride⌋ + 1.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together or the padded input is shorter than the kernel span.</exception>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias, long stride = 1, long paddingBefore = 0, long paddingAfter = 0, long dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingAfter);
        if (input.dim() != 3 || weight.dim() != 3 || input.shape[1] != weight.shape[1])
        {
            throw new ArgumentException($"Expected input (N, C, L) and weight (O, C, k) with the same C; got ({string.Join(", ", input.shape)}) and ({string.Join(", ", weight.shape)}).", nameof(input));
        }

        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0]))
        {
            throw new ArgumentException($"Expected a bias of shape ({weight.shape[0]}); got ({string.Join(", ", bias.shape)}).", nameof(bias));
        }

        var span = (dilation * (weight.shape[2] - 1)) + 1;
        if (input.shape[2] + paddingBefore + paddingAfter < span)
        {
            throw new ArgumentException($"The padded input length {input.shape[2] + paddingBefore + paddingAfter} is shorter than the kernel span {span}.", nameof(input));
        }

        var geometry = new Geometry(stride, paddingBefore, paddingAfter, dilation);
        var matrix = input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32
            && (bias is null || bias.dtype == ScalarType.Float32);
        if (!matrix)
        {
            return Native(input, weight, bias, geometry);
        }

        var needsGrad = is_grad_enabled() && (input.requires_grad || weight.requires_grad || (bias?.requires_grad ?? false));
        if (!needsGrad)
        {
            return Forward(input, weight, bias, geometry);
        }

        return bias is null
            ? MatrixConvolution.apply(input, weight, geometry)
            : MatrixConvolution.apply(input, weight, geometry, bias);
    }

    /// <summary>libtorch's convolution with the same geometry (the reference the matrix path must equal).</summary>
    internal static Tensor Native(Tensor input, Tensor weight, Tensor? bias, Geometry g)
    {
        using var scope = NewDisposeScope();
        var padded = g.Before == g.After ? input : nn.functional.pad(input, [g.Before, g.After]);
        var symmetric = g.Before == g.After ? g.Before : 0;
        return nn.functional.conv1d(padded, weight, bias, g.Stride, symmetric, g.Dilation).MoveToOuterDisposeScope();
    }

    /// <summary>The forward product without autograd.</summary>
    internal static Tensor Forward(Tensor input, Tensor weight, Tensor? bias, Geometry g)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (UsesTiles)
        {
            return TiledForward(input, weight, bias, g).MoveToOuterDisposeScope();
        }

        long n = input.shape[0], o = weight.shape[0], k = weight.shape[2];
        var rows = ChannelsLast(input, g);                                   // (N, Lp, C)
        var lout = g.OutputLength(rows.shape[1], k);
        var kernel = KernelMatrix(weight);                                   // (k·C, O)
        var output = empty([n, lout, o], dtype: input.dtype);

        foreach (var (start, count) in Chunks(n, lout * kernel.shape[0]))
        {
            var columns = Columns(rows.narrow(0, start, count), k, lout, g);  // (count·L', k·C)
            var target = output.narrow(0, start, count).view(count * lout, o);
            if (bias is null)
            {
                target.addmm_(columns, kernel, 0f, 1f);                     // β = 0: the uninitialised target is not read
            }
            else
            {
                target.copy_(bias.expand(target.shape[0], o));
                target.addmm_(columns, kernel, 1f, 1f);
            }
        }

        return output.permute(0, 2, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whether the products run on the library's own AVX-512 tiles (<see cref="MatrixProduct"/>) rather than libtorch's
    /// <c>addmm</c>: on processors with AVX-512, unless <c>GENOMICS_MATRIX_PRODUCTS=libtorch</c> or
    /// <see cref="Runtime.TorchRuntime.UseOwnMatrixProducts"/> says otherwise.
    /// </summary>
    internal static bool UsesTiles => MatrixProduct.IsSupported && Runtime.TorchRuntime.UseOwnMatrixProducts;

    /// <summary>
    /// <c>a · b</c> for float32 CPU matrices (m × k) and (k × n) outside autograd, on the tiles where they run
    /// (<see cref="UsesTiles"/>) and through libtorch's <c>mm</c> otherwise; for engines that multiply by layer
    /// weights themselves.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    internal static unsafe Tensor MatrixMultiply(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.dim() != 2 || b.dim() != 2 || a.shape[1] != b.shape[0])
        {
            throw new ArgumentException($"Expected (m, k) and (k, n) matrices; got ({string.Join(", ", a.shape)}) and ({string.Join(", ", b.shape)}).", nameof(b));
        }

        var tiles = UsesTiles && a.device_type == DeviceType.CPU && b.device_type == DeviceType.CPU && a.dtype == ScalarType.Float32
            && b.dtype == ScalarType.Float32 && a.shape[0] > 0 && a.shape[1] > 0 && b.shape[1] > 0
            && !(is_grad_enabled() && (a.requires_grad || b.requires_grad));
        if (!tiles)
        {
            return a.mm(b);
        }

        using var scope = NewDisposeScope();
        long m = a.shape[0], k = a.shape[1], n = b.shape[1];
        var left = a.contiguous();
        var right = b.contiguous();
        var output = empty([m, n], dtype: a.dtype);
        using var packed = new MatrixProduct.PackedPanels((int)k, (int)n, new MatrixProduct.Operand(TensorMemory.Floats(right), n, 1));
        MatrixProduct.Multiply((int)m, new MatrixProduct.Operand(TensorMemory.Floats(left), k, 1), packed, TensorMemory.Floats(output), n, accumulate: false, Threads);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Threads for the tiles: libtorch's intra-op thread count.</summary>
    private static int Threads => Math.Max(1, get_num_threads());

    /// <summary>
    /// The forward product on the tiles, channels-first throughout: per example, output (O, L') = kernelᵀ (O, k·C) ·
    /// windows (k·C, L'), the windows packed straight from the padded input (row τ·C + c of the windows is channel c
    /// from position τ·dilation, every stride-th value), so nothing is unfolded or transposed in memory.
    /// </summary>
    private static unsafe Tensor TiledForward(Tensor input, Tensor weight, Tensor? bias, Geometry g)
    {
        var padded = Padded(input, g);                                       // (N, C, Lp), contiguous
        long n = padded.shape[0], c = padded.shape[1], lp = padded.shape[2], o = weight.shape[0], k = weight.shape[2];
        var lout = g.OutputLength(lp, k);
        var kernel = KernelMatrix(weight).contiguous();                      // (k·C, O): A = its transpose, read in place
        if (lout < ShortOutput)
        {
            return TiledShortForward(padded, kernel, bias, g, k, lout);
        }

        var output = empty([n, o, lout], dtype: input.dtype);
        if (bias is not null)
        {
            output.copy_(bias.view(1, o, 1).expand(n, o, lout));            // a copy: never an alias of the bias
        }

        var windows = WindowOffsets(c, k, lp, g);
        var source = TensorMemory.Floats(padded);
        var a = new MatrixProduct.Operand(TensorMemory.Floats(kernel), 1, o);
        var target = TensorMemory.Floats(output);
        ForExamples(n, Threads, (first, count, inner) =>
        {
            using var packed = new MatrixProduct.PackedPanels();
            for (var example = first; example < first + count; example++)
            {
                packed.Pack((int)(k * c), (int)lout, source + (example * c * lp), MatrixProduct.Axis.Table(windows), MatrixProduct.Axis.Linear(g.Stride));
                MatrixProduct.Multiply((int)o, a, packed, target + (example * o * lout), lout, accumulate: bias is not null, inner);
            }
        });
        return output;
    }

    /// <summary>
    /// Output lengths below this go through <see cref="TiledShortForward"/>: per example, a short output fills only part
    /// of a 32-column panel and the windows are packed for little arithmetic.
    /// </summary>
    private const long ShortOutput = 2 * MatrixProduct.PanelWidth;

    /// <summary>
    /// The forward product for short outputs (the local windows of fast ISM): the windows of many examples unfolded into
    /// one tall matrix (n·L', k·C) and multiplied with the kernel (k·C, O) packed once, then put channels-first.
    /// </summary>
    private static unsafe Tensor TiledShortForward(Tensor padded, Tensor kernel, Tensor? bias, Geometry g, long k, long lout)
    {
        long n = padded.shape[0], kc = kernel.shape[0], o = kernel.shape[1];
        var rows = padded.permute(0, 2, 1).contiguous();                    // (N, Lp, C)
        var output = empty([n, lout, o], dtype: padded.dtype);
        if (bias is not null)
        {
            output.copy_(bias.expand(n, lout, o));
        }

        using var packed = new MatrixProduct.PackedPanels((int)kc, (int)o, new MatrixProduct.Operand(TensorMemory.Floats(kernel), o, 1));
        var target = TensorMemory.Floats(output);
        foreach (var (start, count) in Chunks(n, lout * kc))
        {
            using var chunkScope = NewDisposeScope();                        // the chunk's views and unfolded rows
            var columns = Columns(rows.narrow(0, start, count), k, lout, g).contiguous();   // (count·L', k·C)
            MatrixProduct.Multiply((int)(count * lout), new MatrixProduct.Operand(TensorMemory.Floats(columns), kc, 1), packed, target + (start * lout * o), o, accumulate: bias is not null, Threads);
        }

        return output.permute(0, 2, 1).contiguous();
    }

    /// <summary>(N, C, L) zero-padded to (N, C, Lp), contiguous.</summary>
    private static Tensor Padded(Tensor input, Geometry g) =>
        (g.Before == 0 && g.After == 0 ? input : nn.functional.pad(input, [g.Before, g.After])).contiguous();

    /// <summary>Where row τ·C + c of one example's windows starts in its padded (C, Lp) input: c·Lp + τ·dilation.</summary>
    private static long[] WindowOffsets(long c, long k, long lp, Geometry g)
    {
        var offsets = new long[k * c];
        for (var tap = 0L; tap < k; tap++)
        {
            for (var channel = 0L; channel < c; channel++)
            {
                offsets[(tap * c) + channel] = (channel * lp) + (tap * g.Dilation);
            }
        }

        return offsets;
    }

    /// <summary>
    /// The gradients on the tiles, channels-first: the weight gradient (O, k·C) = Σ upstream (O, L') · windowsᵀ
    /// (L', k·C), and the input gradient from the window gradients (k·C, L') = kernel (k·C, O) · upstream (O, L'),
    /// added back to the positions each window row was read from.
    /// </summary>
    private static unsafe (Tensor? Input, Tensor? Weight) TiledBackward(Tensor input, Tensor weight, Geometry g, Tensor upstream, bool needInput, bool needWeight)
    {
        var threads = Threads;
        long n = input.shape[0], c = input.shape[1], l = input.shape[2], o = weight.shape[0], k = weight.shape[2];
        var lp = l + g.Before + g.After;
        var lout = upstream.shape[2];
        var grads = upstream.contiguous();                                   // (N, O, L')
        var upstreamData = TensorMemory.Floats(grads);
        var windows = WindowOffsets(c, k, lp, g);
        Tensor? weightGrad = null;
        if (needWeight)
        {
            var padded = Padded(input, g);
            var source = TensorMemory.Floats(padded);
            var sum = zeros([o, k * c], dtype: input.dtype);
            var target = TensorMemory.Floats(sum);
            using var packed = new MatrixProduct.PackedPanels();
            for (var example = 0L; example < n; example++)
            {
                // Windowsᵀ: element (t, τ·C + c) at padded[c·Lp + τ·dilation + t·stride].
                packed.Pack((int)lout, (int)(k * c), source + (example * c * lp), MatrixProduct.Axis.Linear(g.Stride), MatrixProduct.Axis.Table(windows));
                MatrixProduct.Multiply((int)o, new MatrixProduct.Operand(upstreamData + (example * o * lout), lout, 1), packed, target, k * c, accumulate: true, threads);
            }

            weightGrad = sum.view(o, k, c).permute(0, 2, 1).contiguous();
        }

        Tensor? inputGrad = null;
        if (needInput)
        {
            var kernel = KernelMatrix(weight).contiguous();                  // (k·C, O)
            var a = new MatrixProduct.Operand(TensorMemory.Floats(kernel), o, 1);
            var full = zeros([n, c, lp], dtype: input.dtype);
            foreach (var (start, count) in Chunks(n, lout * k * c))
            {
                using var chunkScope = NewDisposeScope();                    // the chunk's window gradients and views
                var columnGrads = empty([count, k * c, lout], dtype: input.dtype);
                var target = TensorMemory.Floats(columnGrads);
                ForExamples(count, threads, (first, many, inner) =>
                {
                    using var packed = new MatrixProduct.PackedPanels();
                    for (var example = first; example < first + many; example++)
                    {
                        packed.Pack((int)o, (int)lout, upstreamData + ((start + example) * o * lout), MatrixProduct.Axis.Linear(lout), MatrixProduct.Axis.Linear(1));
                        MatrixProduct.Multiply((int)(k * c), a, packed, target + (example * k * c * lout), lout, accumulate: false, inner);
                    }
                });
                var perTap = columnGrads.view(count, k, c, lout);
                var chunk = full.narrow(0, start, count);
                for (var tap = 0L; tap < k; tap++)
                {
                    var window = chunk.narrow(2, tap * g.Dilation, ((lout - 1) * g.Stride) + 1);
                    if (g.Stride > 1)
                    {
                        window = window.slice(2, 0, window.shape[2], g.Stride);
                    }

                    window.add_(perTap.select(1, tap));
                }
            }

            inputGrad = full.narrow(2, g.Before, l).contiguous();
        }

        return (inputGrad, weightGrad);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (first example, count, threads inside each product) over n examples: on this thread
    /// with every thread inside the products, or, with at least as many examples as threads, as one range per thread.
    /// </summary>
    internal static void ForExamples(long n, int threads, Action<long, long, int> work)
    {
        if (threads <= 1 || n < threads)
        {
            work(0, n, threads);
            return;
        }

        var per = (n + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            var first = part * per;
            if (first < n)
            {
                work(first, Math.Min(per, n - first), 1);
            }
        });
    }

    /// <summary>Gradients of the input, the weight and the bias for the upstream gradient (N, O, L').</summary>
    internal static (Tensor? Input, Tensor? Weight, Tensor? Bias) Backward(Tensor input, Tensor weight, bool hasBias, Geometry g, Tensor upstream, bool needInput, bool needWeight, bool needBias)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (UsesTiles)
        {
            var (input1, weight1) = TiledBackward(input, weight, g, upstream, needInput, needWeight);
            var bias1 = hasBias && needBias ? upstream.sum([0, 2]) : null;
            return (input1?.MoveToOuterDisposeScope(), weight1?.MoveToOuterDisposeScope(), bias1?.MoveToOuterDisposeScope());
        }

        long n = input.shape[0], c = input.shape[1], l = input.shape[2], o = weight.shape[0], k = weight.shape[2];
        var lout = upstream.shape[2];
        var grads = upstream.permute(0, 2, 1).contiguous();                   // (N, L', O)
        var kernel = KernelMatrix(weight);                                   // (k·C, O)
        var rows = needWeight ? ChannelsLast(input, g) : null;               // (N, Lp, C)
        var lp = l + g.Before + g.After;
        var inputGrad = needInput ? zeros([n, lp, c], dtype: input.dtype) : null;
        var weightGrad = needWeight ? zeros([k * c, o], dtype: input.dtype) : null;
        foreach (var (start, count) in Chunks(n, lout * k * c))
        {
            var upstreamRows = grads.narrow(0, start, count).view(count * lout, o);
            if (weightGrad is not null)
            {
                var columns = Columns(rows!.narrow(0, start, count), k, lout, g);
                weightGrad.addmm_(columns.t(), upstreamRows, 1f, 1f);        // (k·C, O)
            }

            if (inputGrad is not null)
            {
                var columnGrads = upstreamRows.mm(kernel.t()).view(count, lout, k, c);
                ScatterWindows(columnGrads, inputGrad.narrow(0, start, count), g, lout, k);
            }
        }

        var gi = inputGrad?.narrow(1, g.Before, l).permute(0, 2, 1).contiguous();
        var gw = weightGrad?.view(k, c, o).permute(2, 1, 0).contiguous();
        var gb = hasBias && needBias ? upstream.sum([0, 2]) : null;
        return (gi?.MoveToOuterDisposeScope(), gw?.MoveToOuterDisposeScope(), gb?.MoveToOuterDisposeScope());
    }

    /// <summary>Adds the window gradients (n, L', k, C) back to the padded input positions they were read from.</summary>
    private static void ScatterWindows(Tensor columnGrads, Tensor target, Geometry g, long lout, long k)
    {
        for (var t = 0L; t < k; t++)
        {
            var window = target.narrow(1, t * g.Dilation, ((lout - 1) * g.Stride) + 1);
            if (g.Stride > 1)
            {
                window = window.slice(1, 0, window.shape[1], g.Stride);
            }

            window.add_(columnGrads.select(2, t));
        }
    }

    /// <summary>(N, C, L) → zero-padded, channels-last (N, Lp, C), contiguous.</summary>
    private static Tensor ChannelsLast(Tensor input, Geometry g)
    {
        var padded = g.Before == 0 && g.After == 0 ? input : nn.functional.pad(input, [g.Before, g.After]);
        return padded.permute(0, 2, 1).contiguous();
    }

    /// <summary>(O, C, k) → (k·C, O), rows ordered by kernel position then channel (the order of <see cref="Columns"/>).</summary>
    private static Tensor KernelMatrix(Tensor weight) =>
        weight.permute(2, 1, 0).reshape(weight.shape[2] * weight.shape[1], weight.shape[0]);

    /// <summary>Channels-last rows (n, Lp, C) → unfolded windows (n·L', k·C).</summary>
    private static Tensor Columns(Tensor rows, long k, long lout, Geometry g)
    {
        long n = rows.shape[0], c = rows.shape[2];
        var span = (g.Dilation * (k - 1)) + 1;
        var windows = rows.unfold(1, span, g.Stride);                       // (n, L', C, span)
        if (g.Dilation > 1)
        {
            windows = windows.slice(3, 0, span, g.Dilation);                // (n, L', C, k)
        }

        return windows.narrow(1, 0, lout).permute(0, 1, 3, 2).reshape(n * lout, k * c);
    }

    /// <summary>Splits N examples into chunks whose unfolded rows stay near <see cref="ChunkElements"/>.</summary>
    private static IEnumerable<(long Start, long Count)> Chunks(long n, long elementsPerExample)
    {
        var size = Math.Max(1, ChunkElements / Math.Max(1, elementsPerExample));
        for (var start = 0L; start < n; start += size)
        {
            yield return (start, Math.Min(size, n - start));
        }
    }

    /// <summary>Stride, padding and dilation of one convolution.</summary>
    internal sealed record Geometry(long Stride, long Before, long After, long Dilation)
    {
        public long OutputLength(long paddedLength, long k) => ((paddedLength - (Dilation * (k - 1)) - 1) / Stride) + 1;
    }

    /// <summary>The autograd function: the forward product, and <see cref="Backward"/> for the gradients.</summary>
    private sealed class MatrixConvolution : SingleTensorFunction<MatrixConvolution>
    {
        public override string Name => "MatrixConvolution1d";

        public override Tensor forward(AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var geometry = (Geometry)vars[2];
            var bias = vars.Length > 3 ? (Tensor)vars[3] : null;
            ctx.save_for_backward([input, weight]);
            ctx.save_data("geometry", geometry);
            ctx.save_data("flags", (input.requires_grad, weight.requires_grad, bias is not null, bias?.requires_grad ?? false));
            return Forward(input, weight, bias, geometry);
        }

        public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var geometry = (Geometry)ctx.get_data("geometry");
            var (needInput, needWeight, hasBias, needBias) = ((bool, bool, bool, bool))ctx.get_data("flags");
            if (GradientScope.InputOnly)
            {
                needWeight = false;
                needBias = false;
            }

            var input = saved[0];
            var upstream = grad_output;
            var paired = AttributionRules.Current is not null && needInput && input.shape[0] % 2 == 0;
            if (paired)
            {
                // DeepLIFT's paired batch (inputs, then references): every rule reads only the input half of the
                // gradient, so the reference half's input gradient is never used; skip its products.
                input = input.narrow(0, 0, input.shape[0] / 2);
                upstream = upstream.narrow(0, 0, upstream.shape[0] / 2);
            }

            var (gi, gw, gb) = Backward(input, saved[1], hasBias, geometry, upstream, needInput, needWeight && !paired, needBias && !paired);
            if (paired)
            {
                using var half = gi!;
                gi = torch.cat([half, torch.zeros_like(half)], 0);
                gw = needWeight ? Backward(saved[0], saved[1], hasBias, geometry, grad_output, false, true, false).Weight : null;
                gb = needBias && hasBias ? grad_output.sum([0, 2]) : null;
            }
            var result = new List<Tensor> { gi!, gw!, null! };
            if (hasBias)
            {
                result.Add(gb!);
            }

            return result;
        }
    }
}

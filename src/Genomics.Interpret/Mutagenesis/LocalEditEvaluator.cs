using Genomics.Models.Layers;
using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Evaluates a model on local edits of reference sequences by recomputing only what each edit reaches (the idea of
/// fastISM, Nair et al. 2022). The reference activations of every trunk stage are computed once per reference
/// (<see cref="Prepare"/>); for a batch of edits — each replacing the columns [start, start + w) of one reference by a
/// (4, w) window — every windowed stage is recomputed only over the output positions the edit can reach, from a slice
/// of the stage's padded reference input with the already recomputed values spliced in (one call or one matrix product
/// per stage and batch); element-wise stages run on the recomputed window only. The head then runs on the reference
/// final feature map with the recomputed window spliced in. Outputs equal the model's on the edited full sequences up
/// to float32 rounding.
/// </summary>
/// <remarks>The model must already be on <see cref="Device"/> and in evaluation mode (a <c>ModelStateScope</c>).</remarks>
internal sealed class LocalEditEvaluator
{
    private readonly ISequenceModel _model;
    private readonly IConvolutionalTrunk _trunk;
    private readonly IReadOnlyList<TrunkStage> _stages;

    /// <summary>Creates the evaluator.</summary>
    public LocalEditEvaluator(ISequenceModel model, IConvolutionalTrunk trunk, Device device)
    {
        _model = model;
        _trunk = trunk;
        _stages = trunk.TrunkStages;
        Device = device;
    }

    /// <summary>The device activations and edits live on.</summary>
    public Device Device { get; }

    /// <summary>
    /// Computes and caches the reference activations of sequences (R, 4, L): each windowed stage's padded input and the
    /// final feature map, channels-last and stacked as (R · Lp, C) rows for gathers.
    /// </summary>
    /// <param name="sequences">The references, on any device.</param>
    /// <param name="check">Also runs the model itself and throws when the trunk description does not reproduce it.</param>
    /// <returns>The cached activations and reference outputs; the caller disposes them.</returns>
    public References Prepare(Tensor sequences, bool check)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var count = (int)sequences.shape[0];
        var rows = new List<Tensor>?[_stages.Count];
        var lengths = new int[_stages.Count];
        var finalParts = new List<Tensor>();
        var outputParts = new List<Tensor>();
        var finalLength = 0;

        // Sub-batches: CPU convolutions slow down per sequence on large batches (im2col buffers leave the cache).
        for (var first = 0; first < count; first += PrepareBatch)
        {
            var x = sequences.narrow(0, first, Math.Min(PrepareBatch, count - first)).to(ScalarType.Float32, Device);
            var current = x;
            for (var i = 0; i < _stages.Count; i++)
            {
                var stage = _stages[i];
                if (stage.IsPointwise)
                {
                    current = stage.Apply(current);
                    continue;
                }

                var padded = stage.Pad(current);
                lengths[i] = (int)padded.shape[2];
                (rows[i] ??= []).Add(ChannelsLast(padded));
                current = stage.Apply(padded);
            }

            finalLength = (int)current.shape[2];
            finalParts.Add(ChannelsLast(current));
            var outputs = _trunk.EvaluateHead(current);
            if (check)
            {
                CheckAgainstModel(x, outputs);
            }

            outputParts.Add(outputs);
        }

        var stacked = rows.Select(r => r is null ? null : Concatenate(r).MoveToOuterDisposeScope()).ToArray();
        return new References(count, stacked, lengths, Concatenate(finalParts).MoveToOuterDisposeScope(), finalLength, Concatenate(outputParts).MoveToOuterDisposeScope());
    }

    /// <summary>Sequences per forward pass in <see cref="Prepare"/>.</summary>
    private const int PrepareBatch = 8;

    private static Tensor Concatenate(List<Tensor> parts) => parts.Count == 1 ? parts[0].alias() : torch.cat(parts, 0);

    /// <summary>
    /// Model outputs (B, T) for edits: edit b replaces columns [starts[b], starts[b] + w) of reference
    /// <paramref name="referenceIndex"/>[b] by <paramref name="windows"/>[b] (4, w); the window must lie inside the sequence.
    /// </summary>
    /// <param name="references">Prepared references.</param>
    /// <param name="referenceIndex">The reference of each edit.</param>
    /// <param name="starts">The first replaced column of each edit.</param>
    /// <param name="windows">(B, 4, w) replacement columns (zeros for N) on <see cref="Device"/>.</param>
    /// <returns>A new tensor (B, T) on <see cref="Device"/>; intermediates are left to the caller's dispose scope.</returns>
    public Tensor Evaluate(References references, long[] referenceIndex, long[] starts, Tensor windows)
    {
        using var noGrad = torch.no_grad();
        var count = starts.Length;
        starts = (long[])starts.Clone();
        var width = (int)windows.shape[2];
        var window = windows;
        for (var i = 0; i < _stages.Count; i++)
        {
            var stage = _stages[i];
            if (stage.IsPointwise)
            {
                window = stage.Apply(window);
                continue;
            }

            var paddedLength = references.PaddedLengths[i];
            var span = stage.Span;
            var stride = stage.Stride;
            var outputLength = ((paddedLength - span) / stride) + 1;
            var outWidth = Math.Min(outputLength, CeilDiv(width + span - 1, stride));
            var inWidth = ((outWidth - 1) * stride) + span;
            var sliceStarts = new long[count];
            var newStarts = new long[count];
            for (var b = 0; b < count; b++)
            {
                var changed = starts[b] + stage.PaddingBefore;
                var first = Math.Max(0, CeilDiv(changed - span + 1, stride));
                var o = Math.Min(first, outputLength - outWidth);
                newStarts[b] = o;
                sliceStarts[b] = o * stride;
            }

            var slice = Splice(references.Rows[i]!, paddedLength, referenceIndex, window, starts, stage.PaddingBefore, width, sliceStarts, inWidth);
            window = stage.Convolution is { } convolution
                ? ConvolveAsMatrixProduct(convolution, slice, span, stride, outWidth)
                : stage.Apply(slice.permute(0, 2, 1));
            starts = newStarts;
            width = outWidth;
        }

        var features = Splice(references.FinalRows, references.FinalLength, referenceIndex, window, starts, 0, width, new long[count], references.FinalLength);
        return _trunk.EvaluateHead(features.permute(0, 2, 1));
    }

    /// <summary>Throws when the trunk's outputs differ from the model's own forward pass.</summary>
    private void CheckAgainstModel(Tensor x, Tensor trunkOutput)
    {
        using var scope = torch.NewDisposeScope();
        var direct = _model.Evaluate(x);
        var scale = Math.Max(1.0, direct.abs().max().item<float>());
        var gap = (direct - trunkOutput).abs().max().item<float>();
        if (gap > 1e-4 * scale)
        {
            throw new InvalidOperationException($"The trunk description of {_model.GetType().Name} does not reproduce its forward pass (largest difference {gap}); local-edit evaluation cannot be used with it.");
        }
    }

    private static Tensor ChannelsLast(Tensor map) => map.permute(0, 2, 1).reshape(map.shape[0] * map.shape[2], map.shape[1]).contiguous();

    /// <summary>
    /// A valid convolution of every slice as one matrix product: the channels-last slices (B, W, C) are unfolded into
    /// (B·W', C·k) rows and multiplied by the (C·k, C') kernel — one large product instead of B small ones.
    /// </summary>
    /// <returns>(B, C', W') as a channels-first view.</returns>
    private static Tensor ConvolveAsMatrixProduct(Conv1dLayer convolution, Tensor slice, int kernel, int stride, int outWidth)
    {
        var weight = convolution.Weight;
        var outChannels = weight.shape[0];
        var count = slice.shape[0];
        var columns = slice.unfold(1, kernel, stride).reshape(count * outWidth, weight.shape[1] * kernel);
        var kernelMatrix = weight.reshape(outChannels, weight.shape[1] * kernel).t();
        var product = convolution.Bias is { } bias ? torch.addmm(bias, columns, kernelMatrix, 1f, 1f) : columns.mm(kernelMatrix);
        return product.view(count, outWidth, outChannels).permute(0, 2, 1);
    }

    /// <summary>
    /// Slices [sliceStart, sliceStart + sliceWidth) of reference maps given as stacked channels-last rows (R · Lp, C),
    /// with the recomputed window (B, C, width) — at unpadded start <c>starts[b]</c>, i.e. padded start
    /// <c>starts[b] + shift</c> — written over it.
    /// </summary>
    /// <returns>(B, sliceWidth, C), channels-last.</returns>
    private Tensor Splice(Tensor referenceRows, int referenceLength, long[] referenceOf, Tensor window, long[] starts, int shift, int width, long[] sliceStarts, int sliceWidth)
    {
        var count = starts.Length;
        var channels = referenceRows.shape[1];
        var referenceIndex = new long[count * sliceWidth];
        var windowIndex = new long[count * sliceWidth];
        var inside = new bool[count * sliceWidth];
        for (var b = 0; b < count; b++)
        {
            var changed = starts[b] + shift;
            var offset = referenceOf[b] * referenceLength;
            for (var j = 0; j < sliceWidth; j++)
            {
                var k = (b * sliceWidth) + j;
                var q = sliceStarts[b] + j;
                referenceIndex[k] = offset + q;
                var rel = q - changed;
                var hit = rel >= 0 && rel < width;
                inside[k] = hit;
                windowIndex[k] = (b * (long)width) + (hit ? rel : 0);
            }
        }

        var fromReference = referenceRows.index_select(0, torch.tensor(referenceIndex, device: Device));
        var windowRows = window.permute(0, 2, 1).reshape(count * (long)width, channels);
        var fromWindow = windowRows.index_select(0, torch.tensor(windowIndex, device: Device));
        var mask = torch.tensor(inside, device: Device).unsqueeze(1);
        return torch.where(mask, fromWindow, fromReference).view(count, sliceWidth, channels);
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    /// <summary>Cached reference activations (see <see cref="Prepare"/>).</summary>
    internal sealed class References(int count, Tensor?[] rows, int[] paddedLengths, Tensor finalRows, int finalLength, Tensor outputs) : IDisposable
    {
        /// <summary>The number of references R.</summary>
        public int Count { get; } = count;

        /// <summary>Per stage: the padded input as (R · Lp, C) rows, or null for element-wise stages.</summary>
        public Tensor?[] Rows { get; } = rows;

        /// <summary>Per stage: Lp, the padded input length (0 for element-wise stages).</summary>
        public int[] PaddedLengths { get; } = paddedLengths;

        /// <summary>The final feature map as (R · L', C) rows.</summary>
        public Tensor FinalRows { get; } = finalRows;

        /// <summary>L'.</summary>
        public int FinalLength { get; } = finalLength;

        /// <summary>The references' outputs (R, T) through the trunk and head, on the evaluator's device.</summary>
        public Tensor Outputs { get; } = outputs;

        /// <summary>Bytes of cached activations per reference (float32).</summary>
        public long BytesPerReference => 4L * (Rows.Where(r => r is not null).Sum(r => r!.NumberOfElements) + FinalRows.NumberOfElements) / Math.Max(1, Count);

        /// <inheritdoc />
        public void Dispose()
        {
            foreach (var r in Rows)
            {
                r?.Dispose();
            }

            FinalRows.Dispose();
            Outputs.Dispose();
        }
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Evaluation;

/// <summary>
/// Evaluates a model on local edits of reference sequences by recomputing only what each edit reaches (the idea of
/// fastISM, Nair et al. 2022). The reference activations of every trunk stage are computed once per reference
/// (<see cref="Prepare"/>); for a batch of edits — each replacing the columns [start, start + w) of one reference by a
/// (4, w) window — every windowed stage is recomputed only over the output positions the edit can reach: a convolution
/// as its reference outputs plus the changed columns' contributions (it is linear; one matrix product per stage and
/// batch over the changed columns only), any other windowed stage (pools) from a slice of its padded reference input
/// with the recomputed values spliced in; element-wise stages run on the recomputed window only; a residual stage
/// recomputes its branch the same way and adds the block's input (reference with the edit's window spliced in) over the
/// branch's window, which already covers the input window because every branch stage keeps the length. The head then
/// runs on the reference final feature maps of every lane with the recomputed windows spliced in. Outputs equal the
/// model's on the edited full sequences up to float32 rounding.
/// </summary>
/// <remarks>
/// <para>
/// The trunk's <see cref="TrunkInputLayout"/> says where an edit lands: one edit becomes one piece per image (for
/// DeepAllele, the forward and the reverse-complement copy of the allele in its lane). Pieces of one edit in one lane
/// are carried separately (each keeps its own window, so a distant pair costs two small windows rather than one that
/// spans both) but every slice splices in all of them, so pieces whose reaches meet (near the reverse-complement
/// junction) see each other's changes; where two windows overlap both hold the edited values.
/// </para>
/// <para>The model must already be on <see cref="Device"/> and in evaluation mode (a <c>ModelStateScope</c>).</para>
/// </remarks>
internal sealed class TrunkEdits
{
    /// <summary>Sequences per forward pass in <see cref="Prepare"/>.</summary>
    private const int PrepareBatch = 8;

    private readonly ISequenceModel _model;
    private readonly IConvolutionalTrunk _trunk;
    private readonly IReadOnlyList<TrunkStage> _stages;
    private readonly TrunkInputLayout _layout;

    /// <summary>Creates the evaluator.</summary>
    public TrunkEdits(ISequenceModel model, IConvolutionalTrunk trunk, Device device)
    {
        _model = model;
        _trunk = trunk;
        _stages = trunk.TrunkStages;
        _layout = trunk.InputLayout;
        Device = device;
    }

    /// <summary>The device activations and edits live on.</summary>
    public Device Device { get; }

    /// <summary>
    /// Computes and caches the reference activations of sequences (R, 4, L): each windowed stage's padded input, each
    /// convolution's output, each residual stage's input and the final feature map of every lane, channels-last and stacked as (R · lanes · Lp, C)
    /// rows for gathers.
    /// </summary>
    /// <param name="sequences">The references, on any device.</param>
    /// <param name="check">Also runs the model itself and throws when the trunk description does not reproduce it.</param>
    /// <returns>The cached activations and reference outputs; the caller disposes them.</returns>
    public References Prepare(Tensor sequences, bool check)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var count = (int)sequences.shape[0];
        var caches = StageCache.For(_stages);
        var finalParts = new List<Tensor>();
        var outputParts = new List<Tensor>();
        var finalLength = 0;

        // Sub-batches: CPU convolutions slow down per sequence on large batches (im2col buffers leave the cache).
        for (var first = 0; first < count; first += PrepareBatch)
        {
            var x = sequences.narrow(0, first, Math.Min(PrepareBatch, count - first)).to(ScalarType.Float32, Device);
            var current = Forward(_stages, caches, _layout.Prepare(x));
            finalLength = (int)current.shape[2];
            finalParts.Add(ChannelsLast(current));
            var outputs = _trunk.EvaluateHead(current);
            if (check)
            {
                CheckAgainstModel(x, outputs);
            }

            outputParts.Add(outputs);
        }

        foreach (var cache in caches)
        {
            cache.Complete();
        }

        return new References(count, _layout.Lanes, caches, Concatenate(finalParts).MoveToOuterDisposeScope(), finalLength, Concatenate(outputParts).MoveToOuterDisposeScope());
    }

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
        var width = (int)windows.shape[2];
        var lanes = references.Lanes;
        var images = _layout.Images;
        var pieceCount = images.Count * count;

        // Piece q = m · B + b is image m of edit b; pieces of one edit in one lane form a group.
        var rows = new long[pieceCount];
        var pieceStarts = new long[pieceCount];
        var groupOf = new int[pieceCount];
        var groups = new List<int>?[count * lanes];
        for (var m = 0; m < images.Count; m++)
        {
            var image = images[m];
            for (var b = 0; b < count; b++)
            {
                var q = (m * count) + b;
                rows[q] = (referenceIndex[b] * lanes) + image.Lane;
                pieceStarts[q] = image.LaneStart(starts[b], width);
                var g = (b * lanes) + image.Lane;
                groupOf[q] = g;
                (groups[g] ??= []).Add(q);
            }
        }

        var members = new int[pieceCount][];
        for (var q = 0; q < pieceCount; q++)
        {
            members[q] = [.. groups[groupOf[q]]!];
        }

        var window = images.Count == 1 && !images[0].ReverseComplement
            ? windows
            : torch.cat(images.Select(image => image.ReverseComplement ? windows.flip(1, 2) : windows).ToArray(), 0);
        var pieces = new Pieces(rows, members, pieceStarts, width, window);
        pieces = EvaluateChain(_stages, references.Stages, pieces);

        // The head sees every lane of every edit: reference final maps with the edit's pieces in that lane spliced in.
        var targetRows = new long[count * lanes];
        var targetMembers = new int[count * lanes][];
        for (var b = 0; b < count; b++)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                var g = (b * lanes) + lane;
                targetRows[g] = (referenceIndex[b] * lanes) + lane;
                targetMembers[g] = groups[g] is { } list ? [.. list] : [];
            }
        }

        var features = Splice(references.FinalRows, references.FinalLength, targetRows, targetMembers, new long[count * lanes], references.FinalLength, pieces, 0);
        return _trunk.EvaluateHead(features.permute(0, 2, 1));
    }

    /// <summary>Runs a chain of stages on whole inputs, caching what <see cref="EvaluateChain"/> slices.</summary>
    private static Tensor Forward(IReadOnlyList<TrunkStage> stages, StageCache[] caches, Tensor input)
    {
        var current = input;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var cache = caches[i];
            if (stage.IsPointwise)
            {
                current = stage.Apply(current);
            }
            else if (stage.Branch is { } branch)
            {
                cache.Add(ChannelsLast(current), (int)current.shape[2]);
                current = current + Forward(branch, cache.Branch!, current);
            }
            else
            {
                var padded = stage.Pad(current);
                cache.Add(ChannelsLast(padded), (int)padded.shape[2]);
                current = stage.Apply(padded);
                if (stage.IsConvolution)
                {
                    cache.AddOutput(ChannelsLast(current), (int)current.shape[2]);
                }
            }
        }

        return current;
    }

    /// <summary>Recomputes a chain of stages on the pieces' windows.</summary>
    private Pieces EvaluateChain(IReadOnlyList<TrunkStage> stages, StageCache[] caches, Pieces pieces)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var cache = caches[i];
            if (stage.IsPointwise)
            {
                pieces = pieces with { Window = stage.Apply(pieces.Window) };
            }
            else if (stage.Branch is { } branch)
            {
                var output = EvaluateChain(branch, cache.Branch!, pieces);
                var skip = Splice(cache.Rows, cache.Length, pieces.Rows, pieces.Members, output.Starts, output.Width, pieces, 0);
                pieces = output with { Window = output.Window + skip.permute(0, 2, 1) };
            }
            else
            {
                pieces = EvaluateWindowed(stage, cache, pieces);
            }
        }

        return pieces;
    }

    /// <summary>Recomputes a windowed stage over the output positions each piece reaches.</summary>
    private Pieces EvaluateWindowed(TrunkStage stage, StageCache cache, Pieces pieces)
    {
        var paddedLength = cache.Length;
        var span = stage.Span;
        var stride = stage.Stride;
        var outputLength = ((paddedLength - span) / stride) + 1;
        var outWidth = Math.Min(outputLength, CeilDiv(pieces.Width + span - 1, stride));
        var inWidth = ((outWidth - 1) * stride) + span;
        var count = pieces.Rows.Length;
        var sliceStarts = new long[count];
        var newStarts = new long[count];
        for (var q = 0; q < count; q++)
        {
            var changed = pieces.Starts[q] + stage.PaddingBefore;
            var first = Math.Max(0, CeilDiv(changed - span + 1, stride));
            var o = Math.Min(first, outputLength - outWidth);
            newStarts[q] = o;
            sliceStarts[q] = o * stride;
        }

        if (stage.IsConvolution)
        {
            var changed = ConvolveChanges(stage, cache, pieces, newStarts, outWidth);
            return pieces with { Starts = newStarts, Width = outWidth, Window = changed };
        }

        var slice = Splice(cache.Rows, paddedLength, pieces.Rows, pieces.Members, sliceStarts, inWidth, pieces, stage.PaddingBefore);
        return pieces with { Starts = newStarts, Width = outWidth, Window = stage.Apply(slice.permute(0, 2, 1).contiguous()) };
    }

    /// <summary>
    /// A convolution's outputs over each piece's new window as the reference outputs plus the effect of the changed
    /// inputs: the convolution is linear, so every changed input column x contributes W_t · (x − x_ref) to the output it
    /// meets at tap t. One matrix product (P·w, C) × (C, k·C') gives every column's contribution at every tap; they are
    /// added into the reference outputs of every piece of the same group whose window they reach (a column covered by
    /// several pieces of a group counts once). This multiplies only the w changed columns instead of the whole receptive
    /// field of every output position, and builds no im2col matrix.
    /// </summary>
    /// <returns>(P, C', outWidth), contiguous.</returns>
    private Tensor ConvolveChanges(TrunkStage stage, StageCache cache, Pieces pieces, long[] newStarts, int outWidth)
    {
        var weight = stage.ConvolutionWeight!;
        var outChannels = weight.shape[0];
        var channels = weight.shape[1];
        var kernel = stage.KernelSize;
        var stride = stage.Stride;
        var dilation = stage.Dilation;
        var shift = stage.PaddingBefore;
        var count = pieces.Rows.Length;
        var width = pieces.Width;
        var paddedLength = cache.Length;
        var outputLength = cache.OutputLength;

        // The changes Δ = window − reference at each piece's columns, (P·w, C); later pieces of a group skip columns an earlier one covers.
        var referenceIndex = new long[count * width];
        var covered = new List<long>();
        for (var q = 0; q < count; q++)
        {
            for (var i = 0; i < width; i++)
            {
                var position = pieces.Starts[q] + i;
                referenceIndex[(q * width) + i] = (pieces.Rows[q] * paddedLength) + position + shift;
                foreach (var m in pieces.Members[q])
                {
                    if (m == q)
                    {
                        break;
                    }

                    if (position >= pieces.Starts[m] && position < pieces.Starts[m] + width)
                    {
                        covered.Add((q * width) + i);
                        break;
                    }
                }
            }
        }

        var windowRows = pieces.Window.permute(0, 2, 1).reshape(count * (long)width, channels);
        var delta = windowRows - cache.Rows.index_select(0, torch.tensor(referenceIndex, device: Device));
        if (covered.Count > 0)
        {
            delta.index_fill_(0, torch.tensor(covered.ToArray(), device: Device), 0f);
        }

        // (P·w, C) × (C, k·C') → rows (q·w + i)·k + t: column i of piece q through tap t.
        var kernelMatrix = weight.permute(1, 2, 0).reshape(channels, kernel * outChannels);
        var contributions = ConvolutionKernels.MatrixMultiply(delta, kernelMatrix).view(count * (long)width * kernel, outChannels);

        var outputIndex = new long[count * outWidth];
        var destination = new List<long>(count * width * kernel);
        var source = new List<long>(count * width * kernel);
        for (var q = 0; q < count; q++)
        {
            for (var j = 0; j < outWidth; j++)
            {
                outputIndex[(q * outWidth) + j] = (pieces.Rows[q] * outputLength) + newStarts[q] + j;
            }

            foreach (var m in pieces.Members[q])
            {
                for (var i = 0; i < width; i++)
                {
                    var padded = pieces.Starts[m] + shift + i;
                    for (var t = 0; t < kernel; t++)
                    {
                        var reach = padded - ((long)t * dilation);
                        if (reach < 0 || reach % stride != 0)
                        {
                            continue;
                        }

                        var j = (reach / stride) - newStarts[q];
                        if (j >= 0 && j < outWidth)
                        {
                            destination.Add((q * outWidth) + j);
                            source.Add((((m * (long)width) + i) * kernel) + t);
                        }
                    }
                }
            }
        }

        var outputs = cache.OutputRows.index_select(0, torch.tensor(outputIndex, device: Device));
        if (destination.Count > 0)
        {
            // Usually every contribution lands, in order: then the contributions are added without a gather.
            var inOrder = source.Count == contributions.shape[0] && source.Select((r, n) => r == n).All(same => same);
            var added = inOrder ? contributions : contributions.index_select(0, torch.tensor(source.ToArray(), device: Device));
            // An explicit Scalar kept alive across the call: TorchSharp reads a temporary Scalar's handle and may let the
            // finalizer free it while libtorch still reads it (docs/decisions/scalar-lifetime.md).
            using var one = 1f.ToScalar();
            outputs.index_add_(0, torch.tensor(destination.ToArray(), device: Device), added, one);
        }

        // Channels-first and contiguous: element-wise stages and pools run their fast kernels on it.
        return outputs.view(count, outWidth, outChannels).permute(0, 2, 1).contiguous();
    }

    /// <summary>Throws when the trunk's outputs differ from the model's own forward pass.</summary>
    private void CheckAgainstModel(Tensor x, Tensor trunkOutput)
    {
        using var scope = torch.NewDisposeScope();
        var direct = _model.Evaluate(x);
        var scale = Math.Max(1.0, direct.abs().max().item<float>());
        var gap = (direct - trunkOutput).abs().max().item<float>();
        if (!(gap <= 1e-4 * scale))
        {
            throw new InvalidOperationException($"The trunk description of {_model.GetType().Name} does not reproduce its forward pass (largest difference {gap}); local-edit evaluation cannot be used with it.");
        }
    }

    private static Tensor ChannelsLast(Tensor map) => map.permute(0, 2, 1).reshape(map.shape[0] * map.shape[2], map.shape[1]).contiguous();

    private static Tensor Concatenate(List<Tensor> parts) => parts.Count == 1 ? parts[0].alias() : torch.cat(parts, 0);

    /// <summary>
    /// For every target t, the columns [sliceStarts[t], sliceStarts[t] + sliceWidth) of reference map
    /// <paramref name="targetRows"/>[t] (maps given as stacked channels-last rows (R' · Lp, C)), with the windows of
    /// the pieces <paramref name="members"/>[t] written over it — piece q's window (C, w) at unpadded start
    /// <c>Starts[q]</c>, i.e. padded start <c>Starts[q] + shift</c>.
    /// </summary>
    /// <returns>(T, sliceWidth, C), channels-last and contiguous.</returns>
    private Tensor Splice(Tensor referenceRows, int referenceLength, long[] targetRows, int[][] members, long[] sliceStarts, int sliceWidth, Pieces pieces, int shift)
    {
        var count = targetRows.Length;
        var channels = referenceRows.shape[1];
        var width = pieces.Width;
        var referenceIndex = new long[count * sliceWidth];
        var destination = new List<long>();
        var source = new List<long>();
        for (var t = 0; t < count; t++)
        {
            var offset = targetRows[t] * referenceLength;
            for (var j = 0; j < sliceWidth; j++)
            {
                referenceIndex[(t * sliceWidth) + j] = offset + sliceStarts[t] + j;
            }

            foreach (var q in members[t])
            {
                var rel = pieces.Starts[q] + shift - sliceStarts[t];
                var from = Math.Max(0, rel);
                var to = Math.Min(sliceWidth, rel + width);
                for (var j = from; j < to; j++)
                {
                    destination.Add((t * sliceWidth) + j);
                    source.Add((q * (long)width) + (j - rel));
                }
            }
        }

        var spliced = referenceRows.index_select(0, torch.tensor(referenceIndex, device: Device));
        if (destination.Count > 0)
        {
            var windowRows = pieces.Window.permute(0, 2, 1).reshape(pieces.Rows.Length * (long)width, channels);
            spliced.index_copy_(0, torch.tensor(destination.ToArray(), device: Device), windowRows.index_select(0, torch.tensor(source.ToArray(), device: Device)));
        }

        return spliced.view(count, sliceWidth, channels);
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    /// <summary>
    /// The edit pieces between stages: the reference lane row of each, the pieces spliced into its slices (its group,
    /// itself included), the first position of its window in the current map, the common window width and the windows
    /// (P, C, width).
    /// </summary>
    private sealed record Pieces(long[] Rows, int[][] Members, long[] Starts, int Width, Tensor Window);

    /// <summary>The cached reference activations of one stage: rows of its (padded) input, and a residual stage's branch caches.</summary>
    internal sealed class StageCache : IDisposable
    {
        private List<Tensor>? _parts = [];
        private List<Tensor>? _outputParts = [];
        private Tensor? _rows;
        private Tensor? _outputRows;

        private StageCache(TrunkStage stage)
        {
            Branch = stage.Branch is { } branch ? For(branch) : null;
        }

        /// <summary>
        /// A windowed stage's padded input or a residual stage's input as (R · lanes · Lp, C) rows; an empty tensor for
        /// element-wise stages.
        /// </summary>
        public Tensor Rows => _rows ?? throw new InvalidOperationException("The stage cache is not complete.");

        /// <summary>Lp, the cached input length (0 for element-wise stages).</summary>
        public int Length { get; private set; }

        /// <summary>A convolution stage's output as (R · lanes · L_out, C') rows; an empty tensor for other stages.</summary>
        public Tensor OutputRows => _outputRows ?? throw new InvalidOperationException("The stage cache is not complete.");

        /// <summary>L_out, a convolution stage's output length (0 for other stages).</summary>
        public int OutputLength { get; private set; }

        /// <summary>A residual stage's branch caches, otherwise null.</summary>
        public StageCache[]? Branch { get; }

        /// <summary>Bytes held (float32), branches included.</summary>
        public long Bytes => (4L * (Rows.NumberOfElements + OutputRows.NumberOfElements)) + (Branch?.Sum(b => b.Bytes) ?? 0);

        public static StageCache[] For(IReadOnlyList<TrunkStage> stages) => stages.Select(s => new StageCache(s)).ToArray();

        public void Add(Tensor rows, int length)
        {
            _parts!.Add(rows);
            Length = length;
        }

        public void AddOutput(Tensor rows, int length)
        {
            _outputParts!.Add(rows);
            OutputLength = length;
        }

        /// <summary>Concatenates the sub-batches' rows and moves them out of the preparing dispose scope.</summary>
        public void Complete()
        {
            _rows = _parts!.Count == 0 ? torch.empty(0) : Concatenate(_parts);
            _rows.MoveToOuterDisposeScope();
            _outputRows = _outputParts!.Count == 0 ? torch.empty(0) : Concatenate(_outputParts);
            _outputRows.MoveToOuterDisposeScope();
            _parts = null;
            _outputParts = null;
            foreach (var branch in Branch ?? [])
            {
                branch.Complete();
            }
        }

        public void Dispose()
        {
            _rows?.Dispose();
            _outputRows?.Dispose();
            foreach (var branch in Branch ?? [])
            {
                branch.Dispose();
            }
        }
    }

    /// <summary>Cached reference activations (see <see cref="Prepare"/>).</summary>
    internal sealed class References(int count, int lanes, StageCache[] stages, Tensor finalRows, int finalLength, Tensor outputs) : IDisposable
    {
        /// <summary>The number of references R.</summary>
        public int Count { get; } = count;

        /// <summary>Trunk lanes per reference.</summary>
        public int Lanes { get; } = lanes;

        /// <summary>Per stage: the cached activations.</summary>
        public StageCache[] Stages { get; } = stages;

        /// <summary>The final feature map as (R · lanes · L', C) rows.</summary>
        public Tensor FinalRows { get; } = finalRows;

        /// <summary>L'.</summary>
        public int FinalLength { get; } = finalLength;

        /// <summary>The references' outputs (R, T) through the trunk and head, on the evaluator's device.</summary>
        public Tensor Outputs { get; } = outputs;

        /// <summary>Bytes of cached activations per reference (float32).</summary>
        public long BytesPerReference => (Stages.Sum(s => s.Bytes) + (4L * FinalRows.NumberOfElements)) / Math.Max(1, Count);

        /// <inheritdoc />
        public void Dispose()
        {
            foreach (var s in Stages)
            {
                s.Dispose();
            }

            FinalRows.Dispose();
            Outputs.Dispose();
        }
    }
}

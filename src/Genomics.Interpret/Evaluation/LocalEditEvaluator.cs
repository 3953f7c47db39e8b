using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Evaluation;

/// <summary>
/// <see cref="EvaluationAlgorithm.LocalEdits"/>: the references' trunk activations are computed once per chunk of
/// references that fits the activation budget (<see cref="TrunkEdits.Prepare"/>), and every edit is evaluated as a
/// local edit of its reference (<see cref="TrunkEdits.Evaluate"/>). Edits are taken in order of (reference, width);
/// consecutive edits of equal width in one chunk share a batch of at most <see cref="ComputeContext.BatchSize"/>.
/// </summary>
/// <remarks>
/// The trunk description is checked against the model's own forward pass on the first chunk of every job (and on the
/// all-zero input that measures a reference's activation bytes).
/// </remarks>
internal sealed class LocalEditEvaluator : EditEvaluator
{
    /// <summary>The activation budget that prepares one reference at a time.</summary>
    public const long OneReferencePerChunk = 0;

    private readonly TrunkEdits _edits;
    private readonly long _cacheBytes;
    private int _measuredLength = -1;
    private long _bytesPerReference;

    /// <summary>Creates the evaluator and puts the model into evaluation mode on the context's device.</summary>
    /// <param name="model">The model.</param>
    /// <param name="trunk">The model's trunk description.</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="activationCacheBytes">The budget of cached reference activations; <see cref="OneReferencePerChunk"/> for one reference at a time.</param>
    public LocalEditEvaluator(ISequenceModel model, IConvolutionalTrunk trunk, ComputeContext context, long activationCacheBytes)
        : base(model, context)
    {
        _edits = new TrunkEdits(model, trunk, Device);
        _cacheBytes = activationCacheBytes;
    }

    /// <inheritdoc />
    public override EvaluationAlgorithm Algorithm => EvaluationAlgorithm.LocalEdits;

    /// <summary>Cached activation bytes per reference of length <paramref name="length"/> (measured once on the all-zero input).</summary>
    /// <param name="length">L.</param>
    /// <returns>The bytes (float32) held per prepared reference.</returns>
    public long BytesPerReference(int length)
    {
        if (_measuredLength != length)
        {
            using var zeros = torch.zeros(1, 4, length);
            using var references = _edits.Prepare(zeros, check: true);
            _bytesPerReference = Math.Max(1, references.BytesPerReference);
            _measuredLength = length;
        }

        return _bytesPerReference;
    }

    /// <summary>The references prepared together for inputs of length <paramref name="length"/>.</summary>
    /// <param name="length">L.</param>
    /// <param name="references">The number of references to prepare.</param>
    /// <returns>At least 1, at most <paramref name="references"/> (when positive).</returns>
    public int ReferencesPerChunk(int length, int references) =>
        _cacheBytes <= OneReferencePerChunk ? 1 : (int)Math.Clamp(_cacheBytes / BytesPerReference(length), 1, Math.Max(1, references));

    /// <inheritdoc />
    public override void Run(EditJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var t = Model.Output.Targets;
        var count = job.Count;
        var order = Order(job);
        long Edit(long k) => order is null ? k : order[k];

        // The references prepared: all of them when their outputs are needed, otherwise those with edits, in edit order.
        int[] prepared;
        if (job.ReferenceOutputs)
        {
            prepared = Enumerable.Range(0, job.References).ToArray();
        }
        else
        {
            var list = new List<int>();
            for (long k = 0; k < count; k++)
            {
                var r = job.ReferenceOf(Edit(k));
                if (list.Count == 0 || list[^1] != r)
                {
                    list.Add(r);
                }
            }

            prepared = [.. list];
        }

        var stride = 4 * job.Length;
        var perChunk = prepared.Length == 0 ? 1 : ReferencesPerChunk(job.Length, prepared.Length);
        var batchSize = Context.BatchSize;
        var slot = new int[job.References];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        long next = 0;
        for (var c0 = 0; c0 < prepared.Length; c0 += perChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(perChunk, prepared.Length - c0);
            var last = prepared[c0 + n - 1];
            var end = next;
            while (end < count && job.ReferenceOf(Edit(end)) <= last)
            {
                end++;
            }

            var input = new float[(long)n * stride];
            var first = c0;
            Parallel.For(0, n, parallel, i =>
            {
                slot[prepared[first + i]] = i;
                job.WriteReference(prepared[first + i], input.AsSpan(i * stride, stride));
            });

            TrunkEdits.References references;
            using (var tensor = torch.tensor(input, [n, 4, job.Length]))
            {
                references = _edits.Prepare(tensor, check: c0 == 0);
            }

            using (references)
            {
                float[] referenceOutputs;
                using (var scope = torch.NewDisposeScope())
                {
                    referenceOutputs = references.Outputs.cpu().contiguous().data<float>().ToArray();
                }

                if (job.ReferenceOutputs)
                {
                    for (var i = 0; i < n; i++)
                    {
                        job.ReferenceDone(prepared[c0 + i], referenceOutputs.AsSpan(i * t, t));
                    }

                    job.BatchDone(true, n);
                }

                while (next < end)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var width = job.WidthOf(Edit(next));
                    var b = 1;
                    while (b < batchSize && next + b < end && job.WidthOf(Edit(next + b)) == width)
                    {
                        b++;
                    }

                    var windows = new float[b * 4 * width];
                    var referenceIndex = new long[b];
                    var starts = new long[b];
                    for (var i = 0; i < b; i++)
                    {
                        var e = Edit(next + i);
                        referenceIndex[i] = slot[job.ReferenceOf(e)];
                        starts[i] = job.StartOf(e);
                        job.WriteWindow(e, windows.AsSpan(i * 4 * width, 4 * width));
                    }

                    float[] outputs;
                    using (var scope = torch.NewDisposeScope())
                    {
                        var window = torch.tensor(windows, [b, 4, width], device: Device);
                        outputs = _edits.Evaluate(references, referenceIndex, starts, window).cpu().contiguous().data<float>().ToArray();
                    }

                    for (var i = 0; i < b; i++)
                    {
                        var e = Edit(next + i);
                        var own = job.ReferenceOutputs ? referenceOutputs.AsSpan((int)referenceIndex[i] * t, t) : default;
                        job.EditDone(e, outputs.AsSpan(i * t, t), own);
                    }

                    next += b;
                    job.BatchDone(false, b);
                }
            }
        }
    }

    /// <summary>The edits ordered by (reference, width), stably; null when they already are.</summary>
    private static long[]? Order(EditJob job)
    {
        var sorted = true;
        for (long k = 1; k < job.Count && sorted; k++)
        {
            int r0 = job.ReferenceOf(k - 1), r1 = job.ReferenceOf(k);
            sorted = r0 < r1 || (r0 == r1 && job.WidthOf(k - 1) <= job.WidthOf(k));
        }

        if (sorted)
        {
            return null;
        }

        if (job.Count > Array.MaxLength)
        {
            throw new ArgumentException($"{job.Count} edits out of (reference, width) order are more than one array holds.", nameof(job));
        }

        var edits = new long[job.Count];
        for (long k = 0; k < edits.Length; k++)
        {
            edits[k] = k;
        }

        return [.. edits.OrderBy(job.ReferenceOf).ThenBy(job.WidthOf)];
    }
}

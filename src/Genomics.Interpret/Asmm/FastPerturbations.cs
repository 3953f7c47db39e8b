using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Asmm;

/// <summary>Receives the selected outputs of one evaluated edit and of the sample it was made in (empty for autonomy).</summary>
internal delegate void EditOutputs(int item, ReadOnlySpan<float> outputs, ReadOnlySpan<float> sampleOutputs);

/// <summary>
/// DeepASMM's perturbations as local edits (<see cref="LocalEditEvaluator"/>): autonomy places a motif into the all-zero
/// input, whose activations are computed once; synergy zeroes a motif occurrence in its sample, whose activations are
/// computed once per chunk of samples that fits <see cref="DeepAsmmOptions.ActivationCacheBytes"/>. The model must be on
/// the device and in evaluation mode for the lifetime of this object.
/// </summary>
internal sealed class FastPerturbations : IDisposable
{
    private readonly LocalEditEvaluator _evaluator;
    private readonly LocalEditEvaluator.References _zero;
    private readonly int _batchSize;
    private readonly int _totalLength;
    private readonly Tensor? _targetIndex;
    private readonly IProgress<OperationProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private bool _checkedSamples;

    public FastPerturbations(ISequenceModel model, IConvolutionalTrunk trunk, Device device, int batchSize, int totalLength, int[] targets, long cacheBytes, int sampleCount, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        _evaluator = new LocalEditEvaluator(model, trunk, device);
        _batchSize = batchSize;
        _totalLength = totalLength;
        Targets = targets;
        _progress = progress;
        _cancellationToken = cancellationToken;
        using (var zeros = torch.zeros(1, 4, totalLength))
        {
            _zero = _evaluator.Prepare(zeros, check: true);
        }

        _targetIndex = targets.Length == model.Output.Targets ? null : torch.tensor(targets.Select(t => (long)t).ToArray(), device: device);

        ZeroOutputs = Select(_zero.Outputs);

        var perSample = Math.Max(1, _zero.BytesPerReference);
        SamplesPerChunk = (int)Math.Clamp(cacheBytes / perSample, 1, Math.Max(1, sampleCount));
        BytesPerSample = perSample;
    }

    /// <summary>The scored output indices.</summary>
    public int[] Targets { get; }

    /// <summary>The outputs of the all-zero input (r0), selected.</summary>
    public float[] ZeroOutputs { get; }

    /// <summary>Samples whose activations are cached together.</summary>
    public int SamplesPerChunk { get; }

    /// <summary>Cached activation bytes per sample.</summary>
    public long BytesPerSample { get; }

    /// <summary>
    /// Outputs (count × |targets|, row-major) of the all-zero input with <c>pattern(i)</c> (4 × w, channel-major) placed at
    /// <c>start(i)</c>; consecutive items of equal width share a batch.
    /// </summary>
    public float[] Place(int count, Func<int, int> start, Func<int, int> width, Func<int, float[]> pattern, StageCounter stage)
    {
        var o = Targets.Length;
        var result = new float[(long)count * o];
        var referenceIndex = new long[Math.Min(_batchSize, Math.Max(1, count))];
        var first = 0;
        while (first < count)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var w = width(first);
            var b = 1;
            while (b < _batchSize && first + b < count && width(first + b) == w)
            {
                b++;
            }

            var data = new float[b * 4 * w];
            var starts = new long[b];
            for (var i = 0; i < b; i++)
            {
                pattern(first + i).AsSpan(0, 4 * w).CopyTo(data.AsSpan(i * 4 * w));
                starts[i] = start(first + i);
            }

            using (var scope = torch.NewDisposeScope())
            {
                var windows = torch.tensor(data, [b, 4, w], device: _evaluator.Device);
                var outputs = _evaluator.Evaluate(_zero, referenceIndex.AsSpan(0, b).ToArray(), starts, windows);
                Select(outputs).CopyTo(result.AsSpan(first * o, b * o));
            }

            first += b;
            Report(stage, b);
        }

        return result;
    }

    /// <summary>
    /// Evaluates the listed items — item g zeroes columns [start[g], start[g] + width[g]) of sample sample[g] — one chunk
    /// of samples at a time, and hands each item's outputs with its sample's outputs to <paramref name="receive"/>.
    /// </summary>
    /// <param name="background">The samples.</param>
    /// <param name="items">The items to evaluate, in any order.</param>
    /// <param name="sample">Each item's sample.</param>
    /// <param name="start">Each item's first zeroed column.</param>
    /// <param name="width">Each item's width.</param>
    /// <param name="receive">Receives every item's outputs once.</param>
    /// <param name="stage">Counts the items.</param>
    /// <param name="referenceStage">Counts the samples whose activations were computed; optional.</param>
    public void Erase(AsmmBackground background, IReadOnlyList<int> items, int[] sample, int[] start, int[] width, EditOutputs receive, StageCounter stage, StageCounter? referenceStage)
    {
        // Items ordered by (sample, width) so that a chunk's items are contiguous and batches share a width.
        var ordered = items.OrderBy(g => sample[g]).ThenBy(g => width[g]).ToArray();
        var o = Targets.Length;
        var stride = 4 * _totalLength;
        var next = 0;

        // The samples whose activations are cached: all of them when their outputs are reported, otherwise only those
        // with items; slot[x] is sample x's row within its chunk.
        var cached = referenceStage is not null
            ? Enumerable.Range(0, background.Count).ToArray()
            : ordered.Select(g => sample[g]).Distinct().ToArray();
        var slot = new int[background.Count];
        for (var c0 = 0; c0 < cached.Length; c0 += SamplesPerChunk)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(SamplesPerChunk, cached.Length - c0);
            var last = cached[c0 + n - 1];
            var end = next;
            while (end < ordered.Length && sample[ordered[end]] <= last)
            {
                end++;
            }

            var oneHot = new float[(long)n * stride];
            Parallel.For(0, n, new ParallelOptions { CancellationToken = _cancellationToken }, i =>
            {
                slot[cached[c0 + i]] = i;
                background.WriteOneHot(cached[c0 + i], oneHot.AsSpan(i * stride, stride));
            });
            LocalEditEvaluator.References references;
            using (var input = torch.tensor(oneHot, [n, 4, _totalLength]))
            {
                // The trunk description is checked against the model on the zero input and the first chunk of samples.
                references = _evaluator.Prepare(input, check: !_checkedSamples);
                _checkedSamples = true;
            }

            using (references)
            {
                var sampleOutputs = Select(references.Outputs);
                if (referenceStage is not null)
                {
                    Report(referenceStage, n);
                }

                while (next < end)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var w = width[ordered[next]];
                    var b = 1;
                    while (b < _batchSize && next + b < end && width[ordered[next + b]] == w)
                    {
                        b++;
                    }

                    var referenceIndex = new long[b];
                    var starts = new long[b];
                    for (var i = 0; i < b; i++)
                    {
                        var g = ordered[next + i];
                        referenceIndex[i] = slot[sample[g]];
                        starts[i] = start[g];
                    }

                    float[] outputs;
                    using (var scope = torch.NewDisposeScope())
                    {
                        var windows = torch.zeros([b, 4, w], device: _evaluator.Device);
                        outputs = Select(_evaluator.Evaluate(references, referenceIndex, starts, windows));
                    }

                    for (var i = 0; i < b; i++)
                    {
                        var g = ordered[next + i];
                        receive(g, outputs.AsSpan(i * o, o), sampleOutputs.AsSpan(slot[sample[g]] * o, o));
                    }

                    next += b;
                    Report(stage, b);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _zero.Dispose();
        _targetIndex?.Dispose();
    }

    private float[] Select(Tensor outputs)
    {
        using var scope = torch.NewDisposeScope();
        var selected = _targetIndex is null ? outputs : outputs.index_select(1, _targetIndex);
        return selected.cpu().contiguous().data<float>().ToArray();
    }

    private void Report(StageCounter stage, int count)
    {
        stage.Completed += count;
        _progress?.Report(new OperationProgress(stage.Name, stage.Completed, stage.Total));
    }
}

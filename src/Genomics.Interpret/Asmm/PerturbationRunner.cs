using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Asmm;

/// <summary>Writes perturbed input <c>item</c> (4 · L floats, channel-major, zeroed beforehand) into a buffer.</summary>
internal delegate void PerturbationFill(int item, Span<float> buffer);

/// <summary>Progress of one stage across several runner calls.</summary>
internal sealed class StageCounter(string name, long total)
{
    public string Name { get; } = name;

    public long Total { get; } = total;

    public long Completed { get; set; }
}

/// <summary>
/// Streams perturbed inputs through <see cref="BatchedPredictor"/>: builds blocks of a few batches on the CPU (items in
/// parallel), predicts them, keeps only the selected outputs. Memory: one block of inputs plus the returned outputs.
/// </summary>
internal sealed class PerturbationRunner(ISequenceModel model, BatchedPredictor predictor, int batchSize, int totalLength, int[] targets, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
{
    private const int BatchesPerBlock = 4;

    public int TotalLength { get; } = totalLength;

    public int[] Targets { get; } = targets;

    /// <summary>Predicts <paramref name="count"/> perturbed inputs; returns their outputs (count × |targets|), row-major.</summary>
    public float[] Predict(int count, PerturbationFill fill, StageCounter? stage)
    {
        var stride = 4 * TotalLength;
        var o = Targets.Length;
        var result = new float[(long)count * o];
        var block = (int)Math.Min((long)batchSize * BatchesPerBlock, Math.Max(1, (1L << 28) / (4L * stride)));
        block = Math.Max(1, Math.Min(block, count));
        var buffer = new float[(long)block * stride];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        for (var start = 0; start < count; start += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var b = Math.Min(block, count - start);
            if (b < block)
            {
                buffer = new float[(long)b * stride];
            }

            Parallel.For(0, b, parallel, i =>
            {
                var slice = buffer.AsSpan(i * stride, stride);
                slice.Clear();
                fill(start + i, slice);
            });

            using (var scope = torch.NewDisposeScope())
            {
                var input = torch.tensor(buffer, [b, 4, TotalLength]);
                var inner = stage is null || progress is null ? null : new Forward(progress, stage);
                var output = predictor.Predict(model, input, inner, cancellationToken);
                if (output.shape[1] != model.Output.Targets)
                {
                    throw new InvalidOperationException($"The model returned {output.shape[1]} outputs; its output spec says {model.Output.Targets}.");
                }

                var selected = Targets.Length == output.shape[1] ? output : output.index_select(1, torch.tensor(Targets.Select(t => (long)t).ToArray()));
                selected.contiguous().data<float>().ToArray().CopyTo(result.AsSpan(start * o, b * o));
            }

            if (stage is not null)
            {
                stage.Completed += b;
            }
        }

        return result;
    }

    /// <summary>Turns the predictor's per-batch reports for one block into reports of the stage.</summary>
    private sealed class Forward(IProgress<OperationProgress> outer, StageCounter stage) : IProgress<OperationProgress>
    {
        private readonly long _base = stage.Completed;

        public void Report(OperationProgress value) => outer.Report(new OperationProgress(stage.Name, _base + value.Completed, stage.Total));
    }
}

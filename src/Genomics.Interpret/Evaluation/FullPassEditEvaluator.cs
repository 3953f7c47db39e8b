using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;

namespace Genomics.Interpret.Evaluation;

/// <summary>
/// <see cref="EvaluationAlgorithm.Full"/>: every edited input (and, when asked, every reference) is built on the CPU
/// (inputs of a batch in parallel) when its batch comes up and run through the whole model by
/// <see cref="BatchedPredictor.PredictGenerated"/>; one predictor call per job and kind of input. Memory: one batch of
/// inputs, plus R × T reference outputs.
/// </summary>
internal sealed class FullPassEditEvaluator : EditEvaluator
{
    private readonly BatchedPredictor _predictor;

    /// <summary>Creates the evaluator and puts the model into evaluation mode on the context's device.</summary>
    /// <param name="model">The model.</param>
    /// <param name="context">Device, batch size and logging.</param>
    public FullPassEditEvaluator(ISequenceModel model, ComputeContext context)
        : base(model, context)
    {
        _predictor = new BatchedPredictor(context);
    }

    private delegate void Fill(long item, Span<float> input);

    private delegate void Receive(long item, ReadOnlySpan<float> outputs);

    /// <inheritdoc />
    public override EvaluationAlgorithm Algorithm => EvaluationAlgorithm.Full;

    /// <inheritdoc />
    public override void Run(EditJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var t = Model.Output.Targets;
        float[]? referenceOutputs = null;
        if (job.ReferenceOutputs)
        {
            var outputs = referenceOutputs = new float[(long)job.References * t];
            Stream(
                job.References,
                job.Length,
                "reference",
                (i, input) => job.WriteReference((int)i, input),
                (i, values) =>
                {
                    values.CopyTo(outputs.AsSpan((int)i * t, t));
                    job.ReferenceDone((int)i, values);
                },
                count => job.BatchDone(true, count),
                cancellationToken);
        }

        Stream(
            job.Count,
            job.Length,
            job.Stage,
            (i, input) => WriteEdited(job, i, input),
            (i, values) => job.EditDone(i, values, referenceOutputs is null ? default : referenceOutputs.AsSpan(job.ReferenceOf(i) * t, t)),
            count => job.BatchDone(false, count),
            cancellationToken);
    }

    private void Stream(long count, int length, string stage, Fill fill, Receive receive, Action<int> batchDone, CancellationToken cancellationToken)
    {
        var stride = 4 * length;
        var t = Model.Output.Targets;
        var buffer = Array.Empty<float>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        _predictor.PredictGenerated(
            Model,
            count,
            length,
            (start, rows) =>
            {
                if (buffer.Length != rows * stride)
                {
                    buffer = new float[rows * stride];
                }

                var data = buffer;
                Parallel.For(0, rows, parallel, i =>
                {
                    var slice = data.AsSpan(i * stride, stride);
                    slice.Clear();
                    fill(start + i, slice);
                });
                return torch.tensor(data, [rows, 4, length]);
            },
            (start, outputs) =>
            {
                if (outputs.shape[1] != t)
                {
                    throw new InvalidOperationException($"The model returned {outputs.shape[1]} outputs; its output spec says {t}.");
                }

                var rows = (int)outputs.shape[0];
                var values = outputs.contiguous().data<float>().ToArray();
                for (var i = 0; i < rows; i++)
                {
                    receive(start + i, values.AsSpan(i * t, t));
                }

                batchDone(rows);
            },
            stage,
            null,
            cancellationToken);
    }
}

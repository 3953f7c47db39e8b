using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>One batch's attributions, on the batch's device.</summary>
/// <param name="Scores">Scores (B, C, L).</param>
/// <param name="Hypothetical">Hypothetical scores (B, C, L) when the plan asks for them; otherwise null.</param>
/// <param name="Deltas">Convergence or completeness deltas (B, K) when the plan asks for them; otherwise null.</param>
internal readonly record struct BatchAttribution(Tensor Scores, Tensor? Hypothetical, Tensor? Deltas);

/// <summary>Explains one batch of an attribution call.</summary>
/// <param name="model">The model, in evaluation mode on the compute device, gradients enabled.</param>
/// <param name="batch">The batch (B, C, L), float32, on the model's device.</param>
/// <param name="references">Rows [start, start + B) of the plan's references (B, K, C, L) on the batch's device, or null
/// when the plan has none.</param>
/// <param name="slice">Where the batch lies in the whole input; per-example targets are read from
/// <see cref="BatchSlice.Start"/>.</param>
/// <returns>The batch's attributions.</returns>
internal delegate BatchAttribution ExplainBatch(ISequenceModel model, Tensor batch, Tensor? references, BatchSlice slice);

/// <summary>What one attribution call computes, prepared by the engine once the common arguments are checked.</summary>
internal sealed class AttributionPlan
{
    /// <summary>References or baselines (N, K, C, L), float32, on the CPU, generated for the whole input at once so they
    /// do not depend on the batch size; null when the method uses none. Disposed with the call unless kept.</summary>
    public Tensor? References { get; init; }

    /// <summary>Model rows per example in one explanation; a batch holds max(1, BatchSize / RowsPerExample) examples.</summary>
    public required long RowsPerExample { get; init; }

    /// <summary>True when every batch returns hypothetical scores.</summary>
    public required bool Hypothetical { get; init; }

    /// <summary>True when every batch returns deltas.</summary>
    public required bool Deltas { get; init; }

    /// <summary>True to hand <see cref="References"/> to the result.</summary>
    public bool KeepReferences { get; init; }

    /// <summary>Explains one batch.</summary>
    public required ExplainBatch Explain { get; init; }

    /// <summary>Opens a scope held around all batches (e.g. DeepLIFT's rules); null for none.</summary>
    public Func<IDisposable>? Rules { get; init; }

    /// <summary>Inspects the deltas (N, K) of all examples before the result is built (e.g. DeepLIFT's convergence check, which may throw); null for none.</summary>
    public Action<Tensor>? CheckDeltas { get; init; }
}

/// <summary>
/// The attribution pipeline shared by the batched gradient engines (<see cref="Gradients.Saliency"/>,
/// <see cref="DeepLift.DeepLiftShap"/>): validate the common arguments → the engine prepares its plan (own checks and
/// references for the whole input) → each batch is explained through <see cref="BatchedPredictor.MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>
/// with gradients enabled, which tells it its slice of the input → the batches' scores, hypothetical scores and deltas
/// become an <see cref="AttributionResult"/>.
/// </summary>
internal static class AttributionPipeline
{
    /// <summary>Runs an attribution call.</summary>
    /// <param name="name">The method's name, used as the progress stage and in the result.</param>
    /// <param name="model">The model.</param>
    /// <param name="sequences">Inputs (N, C, L) on the CPU.</param>
    /// <param name="target">What to explain.</param>
    /// <param name="context">Device, batch size, seed and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="prepare">Builds the plan for the resolved context; runs inside the call's dispose scope.</param>
    /// <param name="progress">Receives (name, examples done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before the plan is prepared and before every batch.</param>
    /// <returns>The result; it owns its tensors.</returns>
    /// <exception cref="ForwardOnlyModelException">The model runs forward passes only (an ONNX model), so it has no gradients.</exception>
    public static AttributionResult Run(string name, ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext? context, Func<ComputeContext, AttributionPlan> prepare, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ForwardOnlyModelException.ThrowIfForwardOnly(model, $"The attribution method '{name}'");
        AttributionRows.Validate(model, sequences, target);
        cancellationToken.ThrowIfCancellationRequested();
        var ctx = context ?? ComputeContext.Default;
        using var scope = torch.NewDisposeScope();
        var plan = prepare(ctx);
        var batchContext = ctx with { BatchSize = (int)Math.Max(1, ctx.BatchSize / plan.RowsPerExample) };
        BatchedResults results;
        using (plan.Rules?.Invoke())
        {
            results = new BatchedPredictor(batchContext).MapMany(model, sequences, (m, batch, slice) => Explain(plan, m, batch, slice), name, requiresGrad: true, progress, cancellationToken);
        }

        using (results)
        {
            var scores = results.Take(0);
            var hypothetical = plan.Hypothetical ? results.Take(1) : null;
            var deltas = plan.Deltas ? results.Take(plan.Hypothetical ? 2 : 1) : null;
            if (deltas is not null)
            {
                plan.CheckDeltas?.Invoke(deltas);
            }

            var references = plan.KeepReferences ? plan.References : null;
            return new AttributionResult(name, target, scores.MoveToOuterDisposeScope(), hypothetical?.MoveToOuterDisposeScope(), references?.MoveToOuterDisposeScope(), deltas?.MoveToOuterDisposeScope());
        }
    }

    private static Tensor[] Explain(AttributionPlan plan, ISequenceModel model, Tensor batch, BatchSlice slice)
    {
        var references = plan.References?.narrow(0, slice.Start, slice.Count).to(batch.device);
        var explained = plan.Explain(model, batch, references, slice);
        var outputs = new List<Tensor>(3) { explained.Scores };
        if (plan.Hypothetical)
        {
            outputs.Add(explained.Hypothetical ?? throw new InvalidOperationException("The plan asks for hypothetical scores but the batch returned none."));
        }

        if (plan.Deltas)
        {
            outputs.Add(explained.Deltas ?? throw new InvalidOperationException("The plan asks for deltas but the batch returned none."));
        }

        return [.. outputs];
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Naive ISM: substituted sequences are built chunk by chunk on the CPU and predicted through the batched predictor.
/// On the CPU, each model call carries at most <see cref="CpuPositionsPerCall"/> sequence positions (e.g. 32 sequences
/// of 1 kb) even when the context's batch size is larger: the first layers' activations of a whole 256-sequence batch
/// run to hundreds of megabytes, and every normalisation, activation and pooling pass over them then misses the caches.
/// The context's batch size still bounds each chunk.
/// </summary>
internal static class NaiveIsm
{
    /// <summary>The most sequence positions (rows × length) per model call on the CPU.</summary>
    internal const long CpuPositionsPerCall = 32_768;

    /// <summary>The rows per model call for sequences of <paramref name="length"/> on the context's device.</summary>
    internal static int ModelBatch(ComputeContext context, long length) =>
        context.Device.Kind == DevicePolicyKind.Cpu || (context.Device.Kind == DevicePolicyKind.Auto && !torch.cuda.is_available())
            ? (int)Math.Clamp(CpuPositionsPerCall / Math.Max(1, length), 1, context.BatchSize)
            : context.BatchSize;

    /// <summary>Fills <paramref name="store"/> (N, 4, L, T) and returns the reference outputs (N, T) on the CPU.</summary>
    public static Tensor Run(ISequenceModel model, Tensor sequences, SubstitutionPlan plan, Tensor store, ComputeContext context, InSilicoMutagenesis.Reporter reporter, CancellationToken cancellationToken)
    {
        var predictor = new BatchedPredictor(context with { BatchSize = ModelBatch(context, sequences.shape[2]) });
        Tensor compactCopy;
        using (var copyScope = torch.NewDisposeScope())
        {
            compactCopy = sequences.to(ScalarType.Byte, torch.CPU).clone().MoveToOuterDisposeScope();
        }

        using var compact = compactCopy;
        var reference = predictor.Predict(model, compact, null, cancellationToken);
        try
        {
            foreach (var (examples, positions, bases) in plan.Chunks(context.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var b = examples.Length;
                var exampleIndex = torch.tensor(examples.Select(e => (long)e).ToArray());
                var positionIndex = torch.tensor(positions.Select(p => (long)p).ToArray());
                var baseIndex = torch.tensor(bases.Select(x => (long)x).ToArray());
                var mutants = compact.index_select(0, exampleIndex);
                var columns = nn.functional.one_hot(baseIndex, 4).to_type(ScalarType.Byte);
                mutants.index_put_(columns, TensorIndex.Tensor(torch.arange(b)), TensorIndex.Colon, TensorIndex.Tensor(positionIndex));
                var outputs = predictor.Predict(model, mutants, null, cancellationToken);
                var deltas = outputs - reference.index_select(0, exampleIndex);
                store.index_put_(deltas, TensorIndex.Tensor(exampleIndex), TensorIndex.Tensor(baseIndex), TensorIndex.Tensor(positionIndex));
                reporter.Add(b);
            }

            reporter.Finish();
            return reference;
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }
}

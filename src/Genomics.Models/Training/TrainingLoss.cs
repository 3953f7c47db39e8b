using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// A training objective over raw (pre-activation) model outputs (N, T). Build one with the static factories.
/// </summary>
public abstract class TrainingLoss
{
    private protected TrainingLoss()
    {
    }

    /// <summary>A short name for logs and docs.</summary>
    public abstract string Name { get; }

    /// <summary>Binary cross-entropy on logits: outputs (N, T) logits, targets (N, T) in [0, 1].</summary>
    /// <returns>The loss.</returns>
    public static TrainingLoss BinaryCrossEntropy() => new Simple("bce", (o, t) => nn.functional.binary_cross_entropy_with_logits(o, Same(o, t)));

    /// <summary>Cross-entropy over class logits: outputs (N, T) logits, targets (N) or (N, 1) class indices (int64) in [0, T).</summary>
    /// <returns>The loss (equals negative log-likelihood after a log-softmax).</returns>
    public static TrainingLoss CrossEntropy() => new Simple("cross-entropy", (o, t) => nn.functional.cross_entropy(o, ClassIndices(t)));

    /// <summary>Mean squared error: outputs and targets (N, T).</summary>
    /// <returns>The loss.</returns>
    public static TrainingLoss MeanSquaredError() => new Simple("mse", (o, t) => nn.functional.mse_loss(o, Same(o, t)));

    /// <summary>Poisson negative log-likelihood with outputs as log-rates: outputs (N, T), targets (N, T) non-negative counts.</summary>
    /// <returns>The loss.</returns>
    public static TrainingLoss Poisson() => new Simple("poisson", (o, t) => nn.functional.poisson_nll_loss(o, Same(o, t), log_input: true, full: false));

    /// <summary>A weighted sum of losses, each over its own output columns (multi-head models).</summary>
    /// <param name="heads">Per head: the loss, the output/target columns it covers, and its weight (finite, ≥ 0).</param>
    /// <returns>The combined loss Σ weight · loss(outputs[:, columns], targets[:, columns]).</returns>
    /// <exception cref="ArgumentException">No heads, a head without columns, or a negative or non-finite weight.</exception>
    public static TrainingLoss WeightedSum(params (TrainingLoss Loss, int[] Columns, double Weight)[] heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (heads.Length == 0)
        {
            throw new ArgumentException("At least one head is required.", nameof(heads));
        }

        foreach (var (loss, columns, weight) in heads)
        {
            ArgumentNullException.ThrowIfNull(loss, nameof(heads));
            if (columns is null || columns.Length == 0 || columns.Any(c => c < 0))
            {
                throw new ArgumentException("Every head needs at least one non-negative column index.", nameof(heads));
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException($"Head weights must be finite and non-negative (got {weight}).", nameof(heads));
            }
        }

        return new Weighted(heads);
    }

    /// <summary>Computes the mean loss of a batch.</summary>
    /// <param name="outputs">Raw outputs (N, T).</param>
    /// <param name="targets">Targets in the layout the loss documents.</param>
    /// <returns>A scalar tensor (with gradient when the outputs have one).</returns>
    public abstract Tensor Compute(Tensor outputs, Tensor targets);

    private static Tensor Same(Tensor outputs, Tensor targets)
    {
        if (!outputs.shape.SequenceEqual(targets.shape))
        {
            throw new ArgumentException($"Targets of shape [{string.Join(", ", targets.shape)}] do not match outputs of shape [{string.Join(", ", outputs.shape)}].", nameof(targets));
        }

        return targets.dtype == outputs.dtype ? targets : targets.to_type(outputs.dtype);
    }

    private static Tensor ClassIndices(Tensor targets)
    {
        var t = targets.dim() == 2 && targets.shape[1] == 1 ? targets.squeeze(1) : targets;
        if (t.dim() != 1)
        {
            throw new ArgumentException($"Cross-entropy targets must be class indices of shape (N) or (N, 1), got [{string.Join(", ", targets.shape)}].", nameof(targets));
        }

        return t.dtype == ScalarType.Int64 ? t : t.to_type(ScalarType.Int64);
    }

    private sealed class Simple(string name, Func<Tensor, Tensor, Tensor> compute) : TrainingLoss
    {
        public override string Name => name;

        public override Tensor Compute(Tensor outputs, Tensor targets)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(targets);
            return compute(outputs, targets);
        }
    }

    private sealed class Weighted((TrainingLoss Loss, int[] Columns, double Weight)[] heads) : TrainingLoss
    {
        public override string Name => "weighted(" + string.Join(", ", heads.Select(h => $"{h.Weight}·{h.Loss.Name}")) + ")";

        public override Tensor Compute(Tensor outputs, Tensor targets)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(targets);
            using var scope = torch.NewDisposeScope();
            Tensor? total = null;
            foreach (var (loss, columns, weight) in heads)
            {
                if (columns.Max() >= outputs.shape[1] || columns.Max() >= targets.shape[1])
                {
                    throw new ArgumentException($"Head column {columns.Max()} is outside outputs with {outputs.shape[1]} and targets with {targets.shape[1]} columns.", nameof(outputs));
                }

                var index = torch.tensor(columns.Select(c => (long)c).ToArray(), device: outputs.device);
                var term = loss.Compute(outputs.index_select(1, index), targets.index_select(1, index.to(targets.device))) * weight;
                total = total is null ? term : total + term;
            }

            return total!.MoveToOuterDisposeScope();
        }
    }
}

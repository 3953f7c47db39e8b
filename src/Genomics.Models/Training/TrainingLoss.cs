using System.Globalization;
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
    public static TrainingLoss BinaryCrossEntropy() => new Simple("bce", (o, t) => nn.functional.binary_cross_entropy_with_logits(o, Same(o, t)), ValueTargets);

    /// <summary>Cross-entropy over class logits: outputs (N, T) logits, targets (N) or (N, 1) class indices (int64) in [0, T).</summary>
    /// <returns>The loss (equals negative log-likelihood after a log-softmax).</returns>
    /// <remarks>A class index outside [0, T) throws <see cref="TrainingTargetException"/> naming the row instead of reaching libtorch.</remarks>
    public static TrainingLoss CrossEntropy() => new Simple("cross-entropy", (o, t) => nn.functional.cross_entropy(o, ClassIndices(o, t)), ClassTargets);

    /// <summary>Mean squared error: outputs and targets (N, T).</summary>
    /// <returns>The loss.</returns>
    public static TrainingLoss MeanSquaredError() => new Simple("mse", (o, t) => nn.functional.mse_loss(o, Same(o, t)), ValueTargets);

    /// <summary>Poisson negative log-likelihood with outputs as log-rates: outputs (N, T), targets (N, T) non-negative counts.</summary>
    /// <returns>The loss.</returns>
    public static TrainingLoss Poisson() => new Simple("poisson", (o, t) => nn.functional.poisson_nll_loss(o, Same(o, t), log_input: true, full: false), ValueTargets);

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

    /// <summary>
    /// Checks a whole set's targets against a model with <paramref name="outputs"/> outputs before any loss is computed:
    /// class indices must be whole numbers in [0, T) for cross-entropy; value targets must be (N, T), or (N) when T is 1.
    /// </summary>
    /// <param name="targets">The targets, N rows, in the layout the loss documents.</param>
    /// <param name="outputs">The model's number of outputs T.</param>
    /// <param name="parameterName">The caller's name for the targets' set (e.g. "training"), used in the exception.</param>
    /// <exception cref="TrainingTargetException">A target does not fit; <see cref="TrainingTargetException.Example"/> names its row.</exception>
    public abstract void ValidateTargets(Tensor targets, int outputs, string? parameterName = null);

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static void ValueTargets(Tensor targets, int outputs, string? parameterName)
    {
        if (!((targets.dim() == 2 && targets.shape[1] == outputs) || (targets.dim() == 1 && outputs == 1)))
        {
            throw new TrainingTargetException(parameterName, null, string.Create(CultureInfo.InvariantCulture, $"targets of shape {Shape(targets)} do not fit the model's {outputs} output(s): give (N, {outputs}){(outputs == 1 ? " or (N)" : string.Empty)}."));
        }
    }

    private static void ClassTargets(Tensor targets, int outputs, string? parameterName)
    {
        if (!(targets.dim() == 1 || (targets.dim() == 2 && targets.shape[1] == 1)))
        {
            throw new TrainingTargetException(parameterName, null, $"cross-entropy targets must be class indices of shape (N) or (N, 1), got {Shape(targets)}.");
        }

        using var scope = torch.NewDisposeScope();
        var values = targets.reshape(-1).cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!(v >= 0 && v < outputs && v == Math.Floor(v)))
            {
                throw new TrainingTargetException(parameterName, i, string.Create(CultureInfo.InvariantCulture, $"class label {v:R} is out of range: the model's {outputs} outputs take class indices 0 to {outputs - 1}."));
            }
        }
    }

    private static Tensor Same(Tensor outputs, Tensor targets)
    {
        if (targets.dim() == 1 && outputs.dim() == 2 && outputs.shape[1] == 1 && targets.shape[0] == outputs.shape[0])
        {
            // One output per example: (N) targets are the (N, 1) column.
            targets = targets.unsqueeze(1);
        }

        if (!outputs.shape.SequenceEqual(targets.shape))
        {
            throw new ArgumentException($"Targets of shape [{string.Join(", ", targets.shape)}] do not match outputs of shape [{string.Join(", ", outputs.shape)}].", nameof(targets));
        }

        return targets.dtype == outputs.dtype ? targets : targets.to_type(outputs.dtype);
    }

    private static Tensor ClassIndices(Tensor outputs, Tensor targets)
    {
        var t = targets.dim() == 2 && targets.shape[1] == 1 ? targets.squeeze(1) : targets;
        if (t.dim() != 1)
        {
            throw new ArgumentException($"Cross-entropy targets must be class indices of shape (N) or (N, 1), got [{string.Join(", ", targets.shape)}].", nameof(targets));
        }

        var classes = outputs.dim() == 2 ? outputs.shape[1] : 0;
        if (t.numel() > 0 && outputs.dim() == 2)
        {
            using var scope = torch.NewDisposeScope();
            var low = t.min().to_type(ScalarType.Float64).item<double>();
            var high = t.max().to_type(ScalarType.Float64).item<double>();
            if (!(low >= 0 && high < classes))
            {
                // libtorch aborts the step with a native trace; name the row instead.
                ClassTargets(t, (int)classes, nameof(targets));
            }
        }

        return t.dtype == ScalarType.Int64 ? t : t.to_type(ScalarType.Int64);
    }

    private sealed class Simple(string name, Func<Tensor, Tensor, Tensor> compute, Action<Tensor, int, string?> validate) : TrainingLoss
    {
        public override string Name => name;

        public override void ValidateTargets(Tensor targets, int outputs, string? parameterName = null)
        {
            ArgumentNullException.ThrowIfNull(targets);
            ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
            validate(targets, outputs, parameterName);
        }

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

        public override void ValidateTargets(Tensor targets, int outputs, string? parameterName = null)
        {
            ArgumentNullException.ThrowIfNull(targets);
            ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
            var columns = targets.dim() == 2 ? targets.shape[1] : 0;
            using var scope = torch.NewDisposeScope();
            foreach (var (loss, head, _) in heads)
            {
                if (head.Max() >= outputs || head.Max() >= columns)
                {
                    throw new TrainingTargetException(parameterName, null, string.Create(CultureInfo.InvariantCulture, $"head column {head.Max()} is outside the model's {outputs} output(s) or the targets of shape {Shape(targets)}."));
                }

                var index = torch.tensor(head.Select(c => (long)c).ToArray(), device: targets.device);
                loss.ValidateTargets(targets.index_select(1, index), head.Length, parameterName);
            }
        }

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

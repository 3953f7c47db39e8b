using Genomics.Models.Evaluation;

namespace Genomics.Models.Training;

/// <summary>Settings of a <see cref="CrossValidation"/> run.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>The number of folds k, ≥ 2 and at most the number of distinct groups. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Add the reverse complement of every example, with the same target and the same group, before cutting folds, so
    /// that both strands of a gene always land in the same fold (DeepDifE's R2 trains on forward + reverse-complement
    /// sequences). Needs one-hot DNA inputs (N, 4, L) in A, C, G, T order. Default false.
    /// </summary>
    public bool AddReverseComplement { get; init; }

    /// <summary>
    /// Give each fold's held-out part to the trainer as validation data, so early stopping, plateau schedules and
    /// best-weight restoring watch it — what DeepDifE's R2 does with Keras' <c>validation_data</c>. The held-out metrics
    /// are then optimistic whenever training decisions use them; set false for an untouched held-out part (the
    /// <see cref="TrainerOptions"/> must then need no validation data: no early stopping, no checkpoint file). Default true.
    /// </summary>
    public bool ValidateOnHeldOutFold { get; init; } = true;

    /// <summary>
    /// Metrics computed on every held-out fold besides the loss, each averaged over target columns (columns where
    /// the metric is undefined, such as AUROC with one class, are skipped). They need targets of shape (N, T) matching
    /// the model's outputs; classification metrics score the model's output activation (sigmoid or softmax). Default none.
    /// </summary>
    public IReadOnlyList<MetricKind> Metrics { get; init; } = [];

    /// <summary>
    /// Keep each fold's trained model in <see cref="FoldResult.Model"/> (the caller then disposes them). Default false:
    /// each model is disposed once its fold is evaluated.
    /// </summary>
    public bool KeepModels { get; init; }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Folds"/> is below 2 or a metric is not defined.</exception>
    /// <exception cref="ArgumentException"><see cref="Metrics"/> is null or lists a metric twice.</exception>
    public void Validate()
    {
        if (Folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Cross-validation needs at least two folds.");
        }

        if (Metrics is null)
        {
            throw new ArgumentException("Use an empty list for no metrics.", nameof(Metrics));
        }

        foreach (var metric in Metrics)
        {
            if (!Enum.IsDefined(metric))
            {
                throw new ArgumentOutOfRangeException(nameof(Metrics), metric, "Unknown metric.");
            }
        }

        if (Metrics.Distinct().Count() != Metrics.Count)
        {
            throw new ArgumentException("Each metric may be listed once.", nameof(Metrics));
        }
    }
}

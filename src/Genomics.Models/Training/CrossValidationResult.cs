using Genomics.Models.Evaluation;

namespace Genomics.Models.Training;

/// <summary>The outcome of <see cref="CrossValidation.Run(Func{int, Abstractions.ISequenceModel}, Func{int, TrainerOptions}, TrainingSet, IReadOnlyList{string}, IProgress{Compute.OperationProgress}?, CancellationToken)"/>.</summary>
/// <param name="Folds">Per-fold results, in fold order.</param>
/// <param name="Loss">The held-out loss of every fold with its mean and standard deviation.</param>
/// <param name="Metrics">Every requested metric's per-fold values with mean and standard deviation.</param>
public sealed record CrossValidationResult(
    IReadOnlyList<FoldResult> Folds,
    MetricSummary Loss,
    IReadOnlyDictionary<MetricKind, MetricSummary> Metrics);

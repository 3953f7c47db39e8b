using Genomics.Models.Abstractions;
using Genomics.Models.Evaluation;

namespace Genomics.Models.Training;

/// <summary>The outcome of one cross-validation fold.</summary>
/// <param name="Fold">The 0-based fold number.</param>
/// <param name="TrainIndices">
/// Ascending indices of the training examples. Indices refer to the examples the folds were cut from: the input
/// order, and with <see cref="CrossValidationOptions.AddReverseComplement"/> the reverse complements after them
/// (the copy of example i is N + i).
/// </param>
/// <param name="TestIndices">Ascending indices of the held-out examples, in the same numbering.</param>
/// <param name="Training">The trainer's history for this fold.</param>
/// <param name="Loss">The training loss on the held-out examples with the final (or restored best) weights.</param>
/// <param name="Metrics">The requested metrics on the held-out examples, averaged over target columns.</param>
/// <param name="Model">The trained model when <see cref="CrossValidationOptions.KeepModels"/> is set (the caller disposes it); otherwise null.</param>
public sealed record FoldResult(
    int Fold,
    int[] TrainIndices,
    int[] TestIndices,
    TrainingResult Training,
    double Loss,
    IReadOnlyDictionary<MetricKind, double> Metrics,
    ISequenceModel? Model);

namespace Genomics.Models.Evaluation;

/// <summary>The metrics <see cref="Metrics.PerTarget"/> can compute for each target column.</summary>
public enum MetricKind
{
    /// <summary>Area under the ROC curve (<see cref="Metrics.Auroc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>); targets are 0/1 labels.</summary>
    Auroc,

    /// <summary>Trapezoidal area under the precision–recall curve (<see cref="Metrics.Auprc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>); targets are 0/1 labels.</summary>
    Auprc,

    /// <summary>Pearson correlation between scores and targets (<see cref="Metrics.Pearson"/>).</summary>
    Pearson,

    /// <summary>Spearman rank correlation between scores and targets (<see cref="Metrics.Spearman"/>).</summary>
    Spearman,

    /// <summary>Coefficient of determination of the scores as predictions of the targets (<see cref="Metrics.RSquared"/>).</summary>
    RSquared,
}

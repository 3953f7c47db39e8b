namespace Genomics.Models.Training;

/// <summary>What the <see cref="Trainer"/> monitors on the validation set for early stopping, best weights and plateaus.</summary>
public enum ValidationMetric
{
    /// <summary>The training loss on the validation set (lower is better).</summary>
    Loss,

    /// <summary>Area under the ROC curve, averaged over targets (higher is better).</summary>
    Auroc,

    /// <summary>Trapezoidal area under the precision–recall curve, averaged over targets (higher is better).</summary>
    Auprc,

    /// <summary>Pearson correlation, averaged over targets (higher is better).</summary>
    Pearson,

    /// <summary>Spearman correlation, averaged over targets (higher is better).</summary>
    Spearman,

    /// <summary>Coefficient of determination, averaged over targets (higher is better).</summary>
    RSquared,
}

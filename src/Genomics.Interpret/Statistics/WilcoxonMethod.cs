namespace Genomics.Interpret.Statistics;

/// <summary>How a Wilcoxon signed-rank p-value was computed.</summary>
public enum WilcoxonMethod
{
    /// <summary>The exact null distribution of the positive rank sum.</summary>
    Exact,

    /// <summary>The normal approximation with tie correction and without continuity correction.</summary>
    NormalApproximation,
}

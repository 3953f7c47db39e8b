namespace Genomics.Interpret.Statistics;

/// <summary>The outcome of a two-sided hypothesis test.</summary>
/// <param name="Statistic">The test statistic (t for the t-test; min(W+, W−) for the Wilcoxon signed-rank test).</param>
/// <param name="PValue">The two-sided p-value in [0, 1], or NaN where the statistic is undefined.</param>
public readonly record struct TestResult(double Statistic, double PValue);

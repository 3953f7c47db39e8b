namespace Genomics.Interpret.Statistics;

/// <summary>The outcome of a Wilcoxon signed-rank test.</summary>
/// <param name="Statistic">min(W+, W−), the smaller of the positive and negative rank sums (SciPy's two-sided statistic).</param>
/// <param name="PValue">The two-sided p-value in [0, 1].</param>
/// <param name="Method">Whether the exact null distribution or the normal approximation gave the p-value.</param>
/// <param name="NonZeroPairs">The number of pairs with a non-zero difference (the ranked ones).</param>
public sealed record WilcoxonResult(double Statistic, double PValue, WilcoxonMethod Method, int NonZeroPairs);

using Genomics.Models.Numerics;

namespace Genomics.Models.Evaluation;

public static partial class Metrics
{
    /// <summary>Pearson correlation coefficient, equal to SciPy's <c>pearsonr(x, y)</c> statistic.</summary>
    /// <remarks>
    /// r = Σ(x − x̄)(y − ȳ) / (‖x − x̄‖ ‖y − ȳ‖), clipped to [−1, 1]. As in SciPy, two points give exactly
    /// ±1 (the product of the signs of the two differences) and a constant input gives <see cref="double.NaN"/>
    /// because the correlation is undefined. Symmetric in its arguments.
    /// </remarks>
    /// <param name="x">First variable; finite, at least two values.</param>
    /// <param name="y">Second variable, paired with <paramref name="x"/>; finite, same length.</param>
    /// <returns>r in [−1, 1], or NaN when either input is constant.</returns>
    /// <exception cref="ArgumentException">Fewer than two values, different lengths, or a non-finite value.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ValidatePaired(x, y, nameof(x), nameof(y));
        if (IsConstant(x) || IsConstant(y))
        {
            return double.NaN;
        }

        if (x.Length == 2)
        {
            return Math.Sign(x[1] - x[0]) * Math.Sign(y[1] - y[0]);
        }

        return CenteredCorrelation(x, y);
    }

    /// <summary>
    /// Spearman rank correlation coefficient, equal to SciPy's <c>spearmanr(x, y)</c> statistic: the Pearson
    /// correlation of the ranks, tied values receiving their average rank.
    /// </summary>
    /// <remarks>Invariant to any strictly increasing transform of either input. A constant input gives NaN.</remarks>
    /// <param name="x">First variable; finite, at least two values.</param>
    /// <param name="y">Second variable, paired with <paramref name="x"/>; finite, same length.</param>
    /// <returns>ρ in [−1, 1], or NaN when either input is constant.</returns>
    /// <exception cref="ArgumentException">Fewer than two values, different lengths, or a non-finite value.</exception>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ValidatePaired(x, y, nameof(x), nameof(y));
        var rankX = Ranking.AverageRanks(x);
        var rankY = Ranking.AverageRanks(y);
        if (IsConstant(rankX) || IsConstant(rankY))
        {
            return double.NaN;
        }

        return CenteredCorrelation(rankX, rankY);
    }

    /// <summary>
    /// Coefficient of determination of predictions, equal to scikit-learn's <c>r2_score(yTrue, yPred)</c>:
    /// 1 − Σ(yTrue − yPred)² / Σ(yTrue − mean(yTrue))².
    /// </summary>
    /// <remarks>
    /// Measures how well <paramref name="yPred"/> predicts <paramref name="yTrue"/> as is: it can be negative
    /// (worse than predicting the mean) and it is not symmetric. Compare <see cref="PearsonSquared"/>, which
    /// fits the best line first and so ignores offset and scale. As scikit-learn does by default
    /// (<c>force_finite=True</c>), a constant <paramref name="yTrue"/> gives 1 for perfect predictions and 0
    /// otherwise instead of NaN or −∞.
    /// </remarks>
    /// <param name="yTrue">Observed values; finite, at least two values.</param>
    /// <param name="yPred">Predicted values, one per observation; finite.</param>
    /// <returns>R² in (−∞, 1].</returns>
    /// <exception cref="ArgumentException">Fewer than two values, different lengths, or a non-finite value.</exception>
    public static double RSquared(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        ValidatePaired(yTrue, yPred, nameof(yTrue), nameof(yPred));
        var mean = Correlation.Mean(yTrue);
        double residual = 0, total = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var error = yTrue[i] - yPred[i];
            residual += error * error;
            var deviation = yTrue[i] - mean;
            total += deviation * deviation;
        }

        if (residual == 0)
        {
            return 1.0;
        }

        return total == 0 ? 0.0 : 1.0 - (residual / total);
    }

    /// <summary>
    /// Squared correlation of the least-squares line of <paramref name="y"/> on <paramref name="x"/>, equal to
    /// <c>scipy.stats.linregress(x, y).rvalue ** 2</c> (the r² CombMotif reports).
    /// </summary>
    /// <remarks>
    /// r = cov(x, y) / √(var(x) var(y)) with population moments, clipped to [−1, 1], then squared; this is the
    /// fraction of the variance of <paramref name="y"/> explained by the best line, so unlike
    /// <see cref="RSquared"/> it is unaffected by offset and scale and lies in [0, 1]. Following SciPy, a
    /// constant <paramref name="x"/> is an error (no line can be fitted) and a constant <paramref name="y"/> gives 0.
    /// </remarks>
    /// <param name="x">Predictor (independent variable); finite, at least two values, not all equal.</param>
    /// <param name="y">Response (dependent variable), one per predictor value; finite.</param>
    /// <returns>r² in [0, 1].</returns>
    /// <exception cref="ArgumentException">Fewer than two values, different lengths, a non-finite value, or a constant <paramref name="x"/>.</exception>
    public static double PearsonSquared(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ValidatePaired(x, y, nameof(x), nameof(y));
        if (IsConstant(x))
        {
            throw new ArgumentException(
                "All predictor values are identical, so no regression line can be fitted.", nameof(x));
        }

        if (IsConstant(y))
        {
            return 0.0;
        }

        var r = CenteredCorrelation(x, y);
        return r * r;
    }

    private static void ValidatePaired(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string xName, string yName)
    {
        MetricArguments.RequireFinite(x, xName);
        MetricArguments.RequireSameLength(x.Length, y.Length, yName, xName);
        MetricArguments.RequireFinite(y, yName);
        MetricArguments.RequireMinimumLength(x.Length, 2, xName);
    }

    // Shared centred sums; √Sxx·√Syy rather than √(Sxx·Syy) so that large finite inputs cannot overflow.
    private static double CenteredCorrelation(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (sxx, sxy, syy) = Correlation.CentredSums(x, y);
        var r = sxy / (Math.Sqrt(sxx) * Math.Sqrt(syy));
        return Math.Clamp(r, -1.0, 1.0);
    }

    private static bool IsConstant(ReadOnlySpan<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] != values[0])
            {
                return false;
            }
        }

        return true;
    }
}

namespace Genomics.Models.Numerics;

/// <summary>Pearson correlation shared by the metrics, TF-MoDISco and seqlet clustering.</summary>
/// <remarks>
/// Means are the sums taken in order divided by the count (as <c>Enumerable.Average</c> does), so every caller sees the
/// same centred sums bit for bit. Callers differ only in what a zero variance means, which they pass explicitly:
/// <list type="bullet">
/// <item><description><c>Metrics.Pearson</c>, <c>Metrics.Spearman</c>, <c>Metrics.PearsonSquared</c> reject or map
/// constant inputs before they get here (NaN, NaN and an error or 0, as SciPy) and divide by √Sxx·√Syy, clamping
/// to [−1, 1], which cannot overflow where Sxx·Syy would.</description></item>
/// <item><description>TF-MoDISco's coarse-versus-fine neighbour check counts a constant vector as agreeing (1).</description></item>
/// <item><description>Seqlet clustering counts a constant padded column vector as uncorrelated (0).</description></item>
/// </list>
/// </remarks>
internal static class Correlation
{
    /// <summary>Pearson r = Sxy / √(Sxx·Syy), or <paramref name="zeroVarianceResult"/> when Sxx or Syy is not positive.</summary>
    /// <param name="x">First variable.</param>
    /// <param name="y">Second variable, paired with <paramref name="x"/>; same length.</param>
    /// <param name="zeroVarianceResult">What a constant <paramref name="x"/> or <paramref name="y"/> (zero centred sum of squares) gives.</param>
    /// <returns>r, not clamped; or <paramref name="zeroVarianceResult"/>.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double zeroVarianceResult)
    {
        var (sxx, sxy, syy) = CentredSums(x, y);
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : zeroVarianceResult;
    }

    /// <summary>The centred sums of squares and cross-products: Sxx = Σ(x − x̄)², Sxy = Σ(x − x̄)(y − ȳ), Syy = Σ(y − ȳ)².</summary>
    /// <param name="x">First variable.</param>
    /// <param name="y">Second variable, paired with <paramref name="x"/>; same length.</param>
    /// <returns>The three sums.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static (double Sxx, double Sxy, double Syy) CentredSums(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.IsEmpty)
        {
            throw new ArgumentException($"Expected two non-empty variables of the same length but got {x.Length} and {y.Length} values.", nameof(y));
        }

        double meanX = Mean(x), meanY = Mean(y);
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        return (sxx, sxy, syy);
    }

    /// <summary>The sum of <paramref name="values"/> taken in order, divided by their count.</summary>
    /// <param name="values">Non-empty values.</param>
    /// <returns>The mean.</returns>
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}

namespace Genomics.Interpret.Statistics;

/// <summary>
/// Student's two-sample t-test with pooled (equal) variances, two-sided — SciPy's <c>ttest_ind(a, b)</c> defaults,
/// as CombMotif uses it to call a neuron enhancing or suppressing.
/// </summary>
public static class StudentTTest
{
    /// <summary>Tests whether two independent samples have equal means.</summary>
    /// <param name="a">The first sample; at least one value, all finite.</param>
    /// <param name="b">The second sample; at least one value, all finite; the two together hold at least three values.</param>
    /// <returns>
    /// t = (mean(a) − mean(b)) / √(s²·(1/n₁ + 1/n₂)) with the pooled variance s² on n₁ + n₂ − 2 degrees of freedom,
    /// and p = 2·P(T &gt; |t|). When both samples are constant, t is ±∞ (p = 0) if the means differ and NaN (p NaN) if
    /// they are equal, as in SciPy.
    /// </returns>
    /// <exception cref="ArgumentException">A sample is empty, holds a non-finite value, or the two hold fewer than three values.</exception>
    public static TestResult TwoSample(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireFinite(a, nameof(a));
        RequireFinite(b, nameof(b));
        if (a.Count + b.Count < 3)
        {
            throw new ArgumentException("The two samples together need at least three values (n1 + n2 - 2 degrees of freedom).", nameof(b));
        }

        var (meanA, ssA) = MeanAndSquares(a);
        var (meanB, ssB) = MeanAndSquares(b);
        var df = a.Count + b.Count - 2.0;
        var pooled = (ssA + ssB) / df;
        var denominator = Math.Sqrt(pooled * ((1.0 / a.Count) + (1.0 / b.Count)));
        var t = (meanA - meanB) / denominator;
        if (double.IsNaN(t))
        {
            return new TestResult(double.NaN, double.NaN);
        }

        if (double.IsInfinity(t))
        {
            return new TestResult(t, 0.0);
        }

        return new TestResult(t, StudentT.TwoSidedPValue(t, df));
    }

    internal static void RequireFinite(IReadOnlyList<double> values, string paramName)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", paramName);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Value {i} of the sample is {values[i]}; all values must be finite.", paramName);
            }
        }
    }

    private static (double Mean, double SumOfSquares) MeanAndSquares(IReadOnlyList<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Count;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, ss);
    }
}

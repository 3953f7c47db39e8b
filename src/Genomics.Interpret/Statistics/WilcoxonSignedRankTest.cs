using MathNet.Numerics;

namespace Genomics.Interpret.Statistics;

/// <summary>
/// The Wilcoxon signed-rank test for paired samples with SciPy 1.7's defaults (<c>wilcoxon(x, y)</c>), as CombMotif
/// used it for motif-pair epistasis.
/// </summary>
/// <remarks>
/// <para>Two-sided; zero differences are dropped ("wilcox"); ranks of |x − y| are averaged over ties.</para>
/// <para>
/// With at most <see cref="ExactLimit"/> pairs and no zero difference, the p-value comes from the exact null
/// distribution of the positive rank sum W+. As in SciPy 1.7, tied non-zero differences do not prevent the exact
/// method: W+ (a half-integer under ties) is truncated to an integer before the tail sums. Otherwise the normal
/// approximation is used: z = (T − n(n+1)/4) / σ, σ² = (n(n+1)(2n+1) − ½·Σ t(t² − 1)) / 24 over tie groups of size t,
/// without continuity correction. SciPy 1.9 and later raised the exact limit to 50; this class keeps 1.7's 25.
/// </para>
/// </remarks>
public static class WilcoxonSignedRankTest
{
    /// <summary>The largest number of pairs for which the exact distribution is used (SciPy 1.7: 25).</summary>
    public const int ExactLimit = 25;

    private static readonly Dictionary<int, double[]> DistributionCache = [];
    private static readonly Lock CacheLock = new();

    /// <summary>Tests whether the paired differences x − y are symmetric about zero.</summary>
    /// <param name="x">The first measurements; finite values, at least one.</param>
    /// <param name="y">The paired second measurements; as many as <paramref name="x"/>, finite.</param>
    /// <returns>The statistic min(W+, W−), the two-sided p-value and the method used.</returns>
    /// <exception cref="ArgumentException">
    /// A sample is empty or holds a non-finite value, the lengths differ, or (as in SciPy) every difference is zero.
    /// </exception>
    public static WilcoxonResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        StudentTTest.RequireFinite(x, nameof(x));
        StudentTTest.RequireFinite(y, nameof(y));
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"The samples must be paired: x has {x.Count} values, y has {y.Count}.", nameof(y));
        }

        var differences = new double[x.Count];
        for (var i = 0; i < x.Count; i++)
        {
            differences[i] = x[i] - y[i];
        }

        return TestDifferences(differences);
    }

    /// <summary>Tests whether paired differences are symmetric about zero (the one-sample form, <c>wilcoxon(d)</c>).</summary>
    /// <param name="differences">The differences; finite values, at least one.</param>
    /// <returns>The statistic min(W+, W−), the two-sided p-value and the method used.</returns>
    /// <exception cref="ArgumentException">The sample is empty, holds a non-finite value, or every difference is zero.</exception>
    public static WilcoxonResult TestDifferences(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        StudentTTest.RequireFinite(differences, nameof(differences));
        var exact = differences.Count <= ExactLimit && !differences.Contains(0.0);
        var d = differences.Where(v => v != 0.0).ToArray();
        if (d.Length == 0)
        {
            throw new ArgumentException("Every difference is zero; the signed-rank test is undefined (SciPy raises the same error).", nameof(differences));
        }

        var (ranks, tieGroups) = AverageRanks(d);
        double rPlus = 0, rMinus = 0;
        for (var i = 0; i < d.Length; i++)
        {
            if (d[i] > 0)
            {
                rPlus += ranks[i];
            }
            else
            {
                rMinus += ranks[i];
            }
        }

        var statistic = Math.Min(rPlus, rMinus);
        var n = d.Length;
        if (exact)
        {
            var pmf = Distribution(n);
            var k = (int)rPlus;
            double p;
            if (k == (pmf.Length - 1) / 2)
            {
                p = 1.0;
            }
            else
            {
                double less = 0, greater = 0;
                for (var i = 0; i <= k; i++)
                {
                    less += pmf[i];
                }

                for (var i = k; i < pmf.Length; i++)
                {
                    greater += pmf[i];
                }

                p = Math.Clamp(2 * Math.Min(less, greater), 0.0, 1.0);
            }

            return new WilcoxonResult(statistic, p, WilcoxonMethod.Exact, n);
        }

        var mean = n * (n + 1.0) * 0.25;
        var variance = n * (n + 1.0) * ((2.0 * n) + 1.0);
        foreach (var t in tieGroups)
        {
            variance -= 0.5 * t * ((t * (double)t) - 1);
        }

        var z = (statistic - mean) / Math.Sqrt(variance / 24);
        var pNormal = SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2.0));
        return new WilcoxonResult(statistic, Math.Clamp(pNormal, 0.0, 1.0), WilcoxonMethod.NormalApproximation, n);
    }

    /// <summary>Average ranks (1-based) of |d| and the sizes of tie groups larger than one.</summary>
    private static (double[] Ranks, List<int> TieGroups) AverageRanks(double[] d)
    {
        var order = Enumerable.Range(0, d.Length).OrderBy(i => Math.Abs(d[i])).ToArray();
        var ranks = new double[d.Length];
        var ties = new List<int>();
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            while (end < order.Length && Math.Abs(d[order[end]]) == Math.Abs(d[order[start]]))
            {
                end++;
            }

            var rank = (start + 1 + end) / 2.0;
            for (var i = start; i < end; i++)
            {
                ranks[order[i]] = rank;
            }

            if (end - start > 1)
            {
                ties.Add(end - start);
            }

            start = end;
        }

        return (ranks, ties);
    }

    /// <summary>The exact null distribution of W+ for n pairs: P(W+ = k), k = 0 … n(n+1)/2.</summary>
    private static double[] Distribution(int n)
    {
        lock (CacheLock)
        {
            if (DistributionCache.TryGetValue(n, out var cached))
            {
                return cached;
            }
        }

        var max = n * (n + 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
        {
            for (var k = max; k >= rank; k--)
            {
                counts[k] += counts[k - rank];
            }
        }

        var scale = Math.Pow(2, -n);
        for (var k = 0; k <= max; k++)
        {
            counts[k] *= scale;
        }

        lock (CacheLock)
        {
            DistributionCache[n] = counts;
        }

        return counts;
    }
}

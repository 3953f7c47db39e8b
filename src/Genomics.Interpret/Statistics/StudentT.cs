using MathNet.Numerics;

namespace Genomics.Interpret.Statistics;

/// <summary>Student's t tail probabilities through the regularised incomplete beta function.</summary>
/// <remarks>
/// Shared by <see cref="StudentTTest"/> and the seqlet clustering's correlation p-value. Matches SciPy's
/// <c>2·t.sf(|t|, df)</c> (and MathNet's <c>StudentT.CDF</c>) to the precision of MathNet's incomplete beta.
/// </remarks>
internal static class StudentT
{
    /// <summary>
    /// P(|T| ≥ |t|) for T ~ Student t with <paramref name="df"/> degrees of freedom, = I_{df/(df+t²)}(df/2, 1/2) clamped
    /// to [0, 1]. An infinite <paramref name="t"/> gives 0; a NaN <paramref name="t"/> gives NaN.
    /// </summary>
    /// <param name="t">The statistic.</param>
    /// <param name="df">Degrees of freedom (&gt; 0).</param>
    /// <returns>The two-sided p-value.</returns>
    public static double TwoSidedPValue(double t, double df)
    {
        if (double.IsInfinity(t))
        {
            return 0;
        }

        return Math.Clamp(SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t)), 0, 1);
    }
}

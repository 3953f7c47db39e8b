using MathNet.Numerics;

namespace Genomics.Interpret.Seqlets;

/// <summary>Student's t tail probabilities through the regularised incomplete beta function.</summary>
internal static class StudentT
{
    /// <summary>P(|T| ≥ |t|) for T ~ Student t with <paramref name="df"/> degrees of freedom = I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double TwoSidedPValue(double t, double df)
    {
        if (double.IsInfinity(t))
        {
            return 0;
        }

        return Math.Clamp(SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t)), 0, 1);
    }
}

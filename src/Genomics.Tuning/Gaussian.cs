namespace Genomics.Models.Tuning;

/// <summary>
/// The standard normal distribution in double precision: error functions (W. J. Cody's rational Chebyshev
/// approximations, relative error below 1e-15), the CDF and its logarithm, the inverse CDF (P. J. Acklam's
/// approximation refined by one Halley step), the log of the mass of an interval and truncated sampling.
/// </summary>
/// <remarks>
/// Written for the Parzen estimators of the TPE sampler, which evaluate mixtures of truncated normals far into
/// their tails: <see cref="LogMass"/> stays finite where the plain difference of two CDFs underflows.
/// </remarks>
internal static class Gaussian
{
    private const double Threshold = 0.46875;
    private const double InverseSqrtPi = 5.6418958354775628695e-1;
    private const double InverseSqrtTwo = 0.70710678118654752440;
    private const double LogSqrtTwoPi = 0.91893853320467274178;

    private static readonly double[] s_a = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] s_b = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] s_c = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static readonly double[] s_d = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static readonly double[] s_p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] s_q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    private static readonly double[] s_icdfA = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] s_icdfB = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] s_icdfC = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] s_icdfD = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>The error function erf(x).</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) <= Threshold)
        {
            return x * SmallRatio(x * x);
        }

        var erfc = ErfcPositive(Math.Abs(x), scaled: false);
        var result = (0.5 - erfc) + 0.5;
        return x < 0 ? -result : result;
    }

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), accurate in the upper tail.</summary>
    public static double Erfc(double x)
    {
        if (Math.Abs(x) <= Threshold)
        {
            return 1 - (x * SmallRatio(x * x));
        }

        var result = ErfcPositive(Math.Abs(x), scaled: false);
        return x < 0 ? 2 - result : result;
    }

    /// <summary>The scaled complementary error function exp(x²) · erfc(x) for x ≥ 0.</summary>
    public static double ErfcxNonNegative(double x)
    {
        if (x <= Threshold)
        {
            return Math.Exp(x * x) * (1 - (x * SmallRatio(x * x)));
        }

        return ErfcPositive(x, scaled: true);
    }

    /// <summary>The standard normal CDF Φ(x).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x * InverseSqrtTwo);

    /// <summary>log Φ(x), finite far into the lower tail.</summary>
    public static double LogCdf(double x)
    {
        if (x > -5)
        {
            return Math.Log(Cdf(x));
        }

        // Φ(x) = ½ erfc(−x/√2) = ½ erfcx(−x/√2) · exp(−x²/2)
        return Math.Log(0.5 * ErfcxNonNegative(-x * InverseSqrtTwo)) - (0.5 * x * x);
    }

    /// <summary>The log density of the standard normal at x.</summary>
    public static double LogPdf(double x) => (-0.5 * x * x) - LogSqrtTwoPi;

    /// <summary>log(Φ(b) − Φ(a)) for a ≤ b, accurate in both tails; −∞ when a = b.</summary>
    public static double LogMass(double a, double b)
    {
        if (!(a < b))
        {
            return double.NegativeInfinity;
        }

        if (a >= 0)
        {
            // Upper tail: mirror into the lower tail where the CDF keeps its relative precision.
            (a, b) = (-b, -a);
        }

        if (b <= 0)
        {
            var logB = LogCdf(b);
            var logA = LogCdf(a);
            return logB + Log1MinusExp(logA - logB);
        }

        // a < 0 < b: erf of both signs adds without cancellation.
        return Math.Log(0.5 * (Erf(b * InverseSqrtTwo) - Erf(a * InverseSqrtTwo)));
    }

    /// <summary>The standard normal quantile Φ⁻¹(p) for p in (0, 1); ±∞ at the ends.</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        if (p > 0.5)
        {
            // 1 − p is exact here (Sterbenz), and the lower tail keeps the refinement free of cancellation.
            return -InverseCdf(1 - p);
        }

        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = Tail(q);
        }
        else
        {
            var q = p - 0.5;
            var r = q * q;
            x = Horner(s_icdfA, r) * q / ((Horner(s_icdfB, r) * r) + 1);
        }

        // One Halley step against the accurate CDF brings the error to machine precision.
        var e = Cdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(0.5 * x * x);
        return x - (u / (1 + (0.5 * x * u)));
    }

    /// <summary>Draws from the standard normal truncated to [a, b] (a ≤ b) by inverting the CDF.</summary>
    public static double SampleTruncated(Random random, double a, double b)
    {
        if (!(a < b))
        {
            return a;
        }

        var mirrored = a >= 0;
        if (mirrored)
        {
            (a, b) = (-b, -a);
        }

        var lower = Cdf(a);
        var upper = Cdf(b);
        var x = InverseCdf(lower + (random.NextDouble() * (upper - lower)));
        x = Math.Clamp(double.IsNaN(x) ? a : x, a, b);
        return mirrored ? -x : x;
    }

    /// <summary>log Σᵢ exp(xᵢ), stable for large magnitudes; −∞ for an empty or all −∞ input.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            return max;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    private static double Tail(double q) => Horner(s_icdfC, q) / ((Horner(s_icdfD, q) * q) + 1);

    /// <summary>Evaluates c₀xⁿ⁻¹ + c₁xⁿ⁻² + … + cₙ₋₁.</summary>
    private static double Horner(double[] coefficients, double x)
    {
        var result = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            result = (result * x) + coefficients[i];
        }

        return result;
    }

    /// <summary>log(1 − eˣ) for x ≤ 0 (Mächler 2012: expm1 near 0, log1p in the tail).</summary>
    private static double Log1MinusExp(double x) =>
        x > -0.6931471805599453 ? Math.Log(-ExpMinusOne(x)) : LogOnePlus(-Math.Exp(x));

    /// <summary>eˣ − 1 without cancellation for small x (Kahan's trick).</summary>
    private static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }

    /// <summary>log(1 + x) without cancellation for small x (Goldberg's trick).</summary>
    private static double LogOnePlus(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>erf(x)/x for |x| ≤ 0.46875 as a function of x².</summary>
    private static double SmallRatio(double ysq)
    {
        var num = s_a[4] * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + s_a[i]) * ysq;
            den = (den + s_b[i]) * ysq;
        }

        return (num + s_a[3]) / (den + s_b[3]);
    }

    /// <summary>erfc(y) (or exp(y²) erfc(y) when scaled) for y &gt; 0.46875.</summary>
    private static double ErfcPositive(double y, bool scaled)
    {
        double result;
        if (y <= 4)
        {
            var num = s_c[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + s_c[i]) * y;
                den = (den + s_d[i]) * y;
            }

            result = (num + s_c[7]) / (den + s_d[7]);
        }
        else
        {
            if (!scaled && y >= 26.543)
            {
                return 0;
            }

            if (y >= 6.71e7)
            {
                return scaled ? InverseSqrtPi / y : 0;
            }

            var ysq = 1 / (y * y);
            var num = s_p[5] * ysq;
            var den = ysq;
            for (var i = 0; i < 4; i++)
            {
                num = (num + s_p[i]) * ysq;
                den = (den + s_q[i]) * ysq;
            }

            result = ysq * (num + s_p[4]) / (den + s_q[4]);
            result = (InverseSqrtPi - result) / y;
        }

        if (scaled)
        {
            return result;
        }

        // exp(−y²) split into exp(−ysq²) exp(−del) to keep the exponent exact.
        var truncated = Math.Truncate(y * 16) / 16;
        var del = (y - truncated) * (y + truncated);
        return Math.Exp(-truncated * truncated) * Math.Exp(-del) * result;
    }
}

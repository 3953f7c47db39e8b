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

        var x = df / (df + t * t);
        return Math.Clamp(RegularizedIncompleteBeta(df / 2, 0.5, x), 0, 1);
    }

    /// <summary>I_x(a, b) by Lentz's continued fraction, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) for fast convergence.</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(a, b, x) / a
            : 1 - Math.Exp(logFront) * ContinuedFraction(b, a, 1 - x) / b;
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + numerator * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + numerator / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + numerator * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + numerator / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, 9 terms; relative error ~1e-15).</summary>
    private static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = s_lanczos[0];
        for (var i = 1; i < s_lanczos.Length; i++)
        {
            sum += s_lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static readonly double[] s_lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];
}

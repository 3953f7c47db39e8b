using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

/// <summary>
/// Reference values from SciPy 1.10 (tools/reference/gaussian_reference.py). Cody's and Acklam-plus-Halley
/// approximations are good to about 1e-15 relative; the tolerances leave a few ulps of head-room.
/// </summary>
public sealed class GaussianTests
{
    [TestCase(1.0, 0.8413447460685429)]
    [TestCase(-5.0, 2.866515718791933e-07)]
    [TestCase(-10.0, 7.61985302416047e-24)]
    [TestCase(0.3, 0.6179114221889526)]
    [TestCase(3.0, 0.9986501019683699)]
    public void Cdf_MatchesScipy(double x, double expected) =>
        Assert.That(Gaussian.Cdf(x), Is.EqualTo(expected).Within(Math.Abs(expected) * 1e-14));

    [TestCase(-40.0, -804.6084420137539)]
    [TestCase(-8.0, -35.01343715991456)]
    [TestCase(-1.0, -1.841021645009264)]
    [TestCase(2.0, -0.023012909328963486)]
    public void LogCdf_MatchesScipyFarIntoTheTail(double x, double expected) =>
        Assert.That(Gaussian.LogCdf(x), Is.EqualTo(expected).Within(Math.Abs(expected) * 1e-12));

    [TestCase(1e-300, -37.0470962993612)]
    [TestCase(1e-10, -6.361340902404056)]
    [TestCase(0.01, -2.3263478740408408)]
    [TestCase(0.3, -0.5244005127080409)]
    [TestCase(0.975, 1.959963984540054)]
    [TestCase(1 - 1e-12, 7.0344869100478356)]
    public void InverseCdf_MatchesScipy(double p, double expected) =>
        Assert.That(Gaussian.InverseCdf(p), Is.EqualTo(expected).Within(Math.Abs(expected) * 1e-9));

    [TestCase(0.1, 0.1124629160182849, 0.8875370839817152)]
    [TestCase(0.5, 0.5204998778130465, 0.4795001221869535)]
    [TestCase(2.0, 0.9953222650189527, 0.004677734981047266)]
    [TestCase(-3.5, -0.9999992569016276, 1.9999992569016276)]
    public void ErfAndErfc_MatchScipy(double x, double erf, double erfc)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Gaussian.Erf(x), Is.EqualTo(erf).Within(Math.Abs(erf) * 1e-13));
            Assert.That(Gaussian.Erfc(x), Is.EqualTo(erfc).Within(Math.Abs(erfc) * 1e-13));
        }
    }

    [Test]
    public void LogMass_StaysFiniteAndExactInTheUpperTail()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Gaussian.LogMass(30, 31), Is.EqualTo(-454.3212439563433).Within(1e-9));
            Assert.That(Gaussian.LogMass(-31, -30), Is.EqualTo(Gaussian.LogMass(30, 31)));
            Assert.That(Gaussian.LogMass(-1, 2), Is.EqualTo(-0.20016629432446262).Within(1e-14));
            Assert.That(Gaussian.LogMass(double.NegativeInfinity, double.PositiveInfinity), Is.EqualTo(0).Within(1e-15));
            Assert.That(Gaussian.LogMass(1, 1), Is.EqualTo(double.NegativeInfinity));
        }
    }

    [Test]
    public void SampleTruncated_StaysInsideAndHasTheTruncatedMean()
    {
        var random = new Random(3);
        const int n = 20000;
        double sum = 0;
        var inside = true;
        for (var i = 0; i < n; i++)
        {
            var x = Gaussian.SampleTruncated(random, 0, 1);
            inside &= x is >= 0 and <= 1;
            sum += x;
        }

        // E[X | 0 ≤ X ≤ 1] = (φ(0) − φ(1)) / (Φ(1) − Φ(0)) = 0.459862; the standard error of the mean is about 0.002.
        var expected = (Math.Exp(Gaussian.LogPdf(0)) - Math.Exp(Gaussian.LogPdf(1))) / (Gaussian.Cdf(1) - Gaussian.Cdf(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inside, Is.True);
            Assert.That(expected, Is.EqualTo(0.459862).Within(1e-6));
            Assert.That(sum / n, Is.EqualTo(expected).Within(0.01));
        }
    }

    [Test]
    public void SampleTruncated_HandlesIntervalsFarInEitherTail()
    {
        var random = new Random(4);
        var upper = Enumerable.Range(0, 200).Select(_ => Gaussian.SampleTruncated(random, 30, 31)).ToArray();
        var lower = Enumerable.Range(0, 200).Select(_ => Gaussian.SampleTruncated(random, -31, -30)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(upper, Is.All.InRange(30.0, 31.0));
            Assert.That(lower, Is.All.InRange(-31.0, -30.0));
            // The density falls by e^-30 per unit here, so nearly all mass hugs the inner end.
            Assert.That(upper.Average(), Is.LessThan(30.1));
        }
    }
}

using Genomics.Models.Evaluation;
using Genomics.Models.Numerics;
using NUnit.Framework;

namespace Genomics.Models.Tests.Numerics;

public sealed class CorrelationTests
{
    [Test]
    public void Pearson_KnownValue()
    {
        // r = 6 / √(10·6) = 0.7745966692414834 (scipy.stats.pearsonr).
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 4, 5, 4, 5];

        Assert.That(Correlation.Pearson(x, y, double.NaN), Is.EqualTo(0.7745966692414834).Within(1e-15));
    }

    [Test]
    public void Pearson_PerfectLinearRelationsGivePlusOrMinusOne()
    {
        double[] x = [0.5, 1.5, 4, 9];
        var up = x.Select(v => (3 * v) + 1).ToArray();
        var down = x.Select(v => 2 - v).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Correlation.Pearson(x, up, double.NaN), Is.EqualTo(1).Within(1e-15));
            Assert.That(Correlation.Pearson(x, down, double.NaN), Is.EqualTo(-1).Within(1e-15));
        }
    }

    [TestCase(1.0)]
    [TestCase(0.0)]
    [TestCase(double.NaN)]
    public void Pearson_ZeroVarianceGivesTheCallersValue(double zeroVarianceResult)
    {
        double[] constant = [2, 2, 2];
        double[] varying = [1, 2, 3];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Correlation.Pearson(constant, varying, zeroVarianceResult), Is.EqualTo(zeroVarianceResult));
            Assert.That(Correlation.Pearson(varying, constant, zeroVarianceResult), Is.EqualTo(zeroVarianceResult));
            Assert.That(Correlation.Pearson(constant, constant, zeroVarianceResult), Is.EqualTo(zeroVarianceResult));
        }
    }

    [Test]
    public void CentredSums_KnownValues()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 4, 5, 4, 5];

        var (sxx, sxy, syy) = Correlation.CentredSums(x, y);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sxx, Is.EqualTo(10).Within(1e-12));
            Assert.That(sxy, Is.EqualTo(6).Within(1e-12));
            Assert.That(syy, Is.EqualTo(6).Within(1e-12));
        }
    }

    [Test]
    public void Mean_IsTheInOrderSumOverTheCount_AsEnumerableAverage()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 1e6).ToArray();

        Assert.That(Correlation.Mean(values), Is.EqualTo(values.Average()));
    }

    [Test]
    public void Pearson_AgreesWithTheMetric()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 50).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v + random.NextDouble()).ToArray();

        Assert.That(Correlation.Pearson(x, y, double.NaN), Is.EqualTo(Metrics.Pearson(x, y)).Within(1e-14));
    }

    [Test]
    public void Pearson_RejectsUnpairedOrEmptyInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Correlation.Pearson([1.0, 2.0], [1.0], 0), Throws.ArgumentException);
            Assert.That(() => Correlation.Pearson([], [], 0), Throws.ArgumentException);
        }
    }
}

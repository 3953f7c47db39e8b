using Genomics.Interpret.Statistics;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Statistics;

public sealed class StudentTTestTests
{
    private static IEnumerable<TTestCase> Cases => StatisticsReference.Instance.Ttest;

    [TestCaseSource(nameof(Cases))]
    public void TwoSample_MatchesScipyTtestInd(TTestCase c)
    {
        var result = StudentTTest.TwoSample(c.A, c.B);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Statistic, Is.EqualTo(c.Statistic).Within(1e-10 * Math.Max(1, Math.Abs(c.Statistic))));
            Assert.That(result.PValue, Is.EqualTo(c.Pvalue).Within(1e-10 * Math.Max(1e-300, c.Pvalue)).Or.EqualTo(c.Pvalue).Within(1e-14));
        }
    }

    [Test]
    public void TwoSample_ConstantSamples_FollowScipy()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StudentTTest.TwoSample([1.0, 1.0], [2.0, 2.0]).Statistic, Is.EqualTo(double.NegativeInfinity));
            Assert.That(StudentTTest.TwoSample([1.0, 1.0], [2.0, 2.0]).PValue, Is.Zero);
            Assert.That(StudentTTest.TwoSample([1.0, 1.0], [1.0, 1.0]).PValue, Is.NaN);
        }
    }

    [Test]
    public void TwoSample_BadInput_NamesArgument()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => StudentTTest.TwoSample([], [1.0, 2.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("a"));
            Assert.That(() => StudentTTest.TwoSample([1.0, double.NaN], [1.0, 2.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("a"));
            Assert.That(() => StudentTTest.TwoSample([1.0], [2.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("b"));
        }
    }
}

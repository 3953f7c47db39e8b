using Genomics.Interpret.Statistics;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Statistics;

public sealed class WilcoxonSignedRankTestTests
{
    private static IEnumerable<WilcoxonCase> Cases => StatisticsReference.Instance.Wilcoxon;

    [TestCaseSource(nameof(Cases))]
    public void Test_MatchesScipy17Defaults(WilcoxonCase c)
    {
        var result = WilcoxonSignedRankTest.Test(c.X, c.Y);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Method, Is.EqualTo(c.Method == "exact" ? WilcoxonMethod.Exact : WilcoxonMethod.NormalApproximation));
            Assert.That(result.Statistic, Is.EqualTo(c.Statistic).Within(1e-10 * Math.Max(1, c.Statistic)));
            Assert.That(result.PValue, Is.EqualTo(c.Pvalue).Within(1e-10 * c.Pvalue));
        }
    }

    [Test]
    public void Test_ReferenceCoversEveryRegime()
    {
        var names = Cases.Select(c => c.Name).ToArray();
        Assert.That(names, Is.SupersetOf(new[] { "exact_small", "exact_25", "exact_ties", "approx_26", "approx_ties", "zeros_small" }));
    }

    [Test]
    public void Test_DropsZeroDifferencesAndCountsTheRest()
    {
        var result = WilcoxonSignedRankTest.TestDifferences([0.0, 1.0, -2.0, 3.0, 0.0, 4.0]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.NonZeroPairs, Is.EqualTo(4));
            Assert.That(result.Method, Is.EqualTo(WilcoxonMethod.NormalApproximation));
            Assert.That(result.Statistic, Is.EqualTo(2.0));
        }
    }

    [Test]
    public void Test_BadInput_NamesArgument()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => WilcoxonSignedRankTest.Test([1.0, 2.0], [1.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => WilcoxonSignedRankTest.Test([], []), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => WilcoxonSignedRankTest.TestDifferences([0.0, 0.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("differences"));
            Assert.That(() => WilcoxonSignedRankTest.Test([double.PositiveInfinity], [1.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
        }
    }
}

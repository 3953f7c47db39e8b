using Genomics.Models.Evaluation;
using NUnit.Framework;
using static Genomics.Models.Tests.Evaluation.MetricsReference;

namespace Genomics.Models.Tests.Evaluation;

public sealed partial class MetricsTests
{
    private static IEnumerable<TestCaseData> RegressionCases() =>
        MetricsReference.Instance.Regression.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(RegressionCases))]
    public void Pearson_MatchesScipy(RegressionCase reference) =>
        Assert.That(Metrics.Pearson(reference.YTrue, reference.YPred), Is.EqualTo(reference.Pearson).Within(Tolerance));

    [TestCaseSource(nameof(RegressionCases))]
    public void Spearman_MatchesScipy(RegressionCase reference) =>
        Assert.That(Metrics.Spearman(reference.YTrue, reference.YPred), Is.EqualTo(reference.Spearman).Within(Tolerance));

    [TestCaseSource(nameof(RegressionCases))]
    public void RSquared_MatchesScikitLearnR2Score(RegressionCase reference) =>
        Assert.That(Metrics.RSquared(reference.YTrue, reference.YPred), Is.EqualTo(reference.R2).Within(Tolerance));

    [TestCaseSource(nameof(RegressionCases))]
    public void PearsonSquared_MatchesScipyLinregress(RegressionCase reference) =>
        Assert.That(
            Metrics.PearsonSquared(reference.YPred, reference.YTrue),
            Is.EqualTo(reference.LinregressR2).Within(Tolerance));

    [TestCaseSource(nameof(RegressionCases))]
    public void Correlations_AreSymmetric(RegressionCase reference)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                Metrics.Pearson(reference.YPred, reference.YTrue),
                Is.EqualTo(Metrics.Pearson(reference.YTrue, reference.YPred)).Within(Tolerance));
            Assert.That(
                Metrics.Spearman(reference.YPred, reference.YTrue),
                Is.EqualTo(Metrics.Spearman(reference.YTrue, reference.YPred)).Within(Tolerance));
        }
    }

    [TestCaseSource(nameof(RegressionCases))]
    public void Spearman_IsInvariantToStrictlyIncreasingTransforms(RegressionCase reference)
    {
        var transformed = reference.YPred.Select(v => Math.Exp(v) + (2 * v)).ToArray();
        Assert.That(
            Metrics.Spearman(reference.YTrue, transformed),
            Is.EqualTo(Metrics.Spearman(reference.YTrue, reference.YPred)).Within(Tolerance));
    }

    [Test]
    public void PearsonSquared_IgnoresOffsetAndScaleButRSquaredDoesNot()
    {
        double[] observed = [1.0, 2.5, 2.0, 4.0, 5.5];
        var shifted = observed.Select(v => (2 * v) + 1).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.PearsonSquared(shifted, observed), Is.EqualTo(1.0).Within(Tolerance));
            Assert.That(Metrics.Pearson(observed, shifted), Is.EqualTo(1.0).Within(Tolerance));
            Assert.That(Metrics.RSquared(observed, observed), Is.EqualTo(1.0));
            Assert.That(Metrics.RSquared(observed, shifted), Is.LessThan(0.0));
        }
    }

    [Test]
    public void PearsonSquared_EqualsSquaredPearson()
    {
        var reference = MetricsReference.Instance.Regression.Single(c => c.Name == "random_25");
        var r = Metrics.Pearson(reference.YTrue, reference.YPred);
        Assert.That(Metrics.PearsonSquared(reference.YPred, reference.YTrue), Is.EqualTo(r * r).Within(Tolerance));
    }

    [Test]
    public void Correlations_AreNaNForConstantInput()
    {
        double[] constant = [3, 3, 3, 3];
        double[] varying = [1, 2, 4, 3];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.Pearson(constant, varying), Is.NaN);
            Assert.That(Metrics.Pearson(varying, constant), Is.NaN);
            Assert.That(Metrics.Spearman(constant, varying), Is.NaN);
        }
    }

    [Test]
    public void RSquared_FollowsScikitLearnForceFiniteForConstantTruth()
    {
        double[] constant = [2, 2, 2];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.RSquared(constant, [2, 2, 2]), Is.EqualTo(1.0));
            Assert.That(Metrics.RSquared(constant, [1, 2, 3]), Is.EqualTo(0.0));
        }
    }

    [Test]
    public void PearsonSquared_FollowsLinregressForConstantInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => Metrics.PearsonSquared([1, 1, 1], [1, 2, 3]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(Metrics.PearsonSquared([1, 2, 3], [5, 5, 5]), Is.EqualTo(0.0));
        }
    }

    [Test]
    public void RegressionMetrics_RejectInvalidInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => Metrics.Pearson([1.0], [2.0]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(
                () => Metrics.Spearman([1.0, 2.0], [2.0, 3.0, 4.0]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(
                () => Metrics.RSquared([1.0, 2.0], [double.NaN, 3.0]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("yPred"));
            Assert.That(
                () => Metrics.PearsonSquared([], []),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
        }
    }
}

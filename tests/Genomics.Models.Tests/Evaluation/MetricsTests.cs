using Genomics.Models.Evaluation;
using NUnit.Framework;
using static Genomics.Models.Tests.Evaluation.MetricsReference;

namespace Genomics.Models.Tests.Evaluation;

[TestFixture]
[NonParallelizable]
public sealed partial class MetricsTests
{
    private const double Tolerance = MetricsReference.Tolerance;

    private static IEnumerable<TestCaseData> ClassificationCases() =>
        MetricsReference.Instance.Classification.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(ClassificationCases))]
    public void Auroc_MatchesScikitLearn(ClassificationCase reference) =>
        Assert.That(Metrics.Auroc(reference.Scores, reference.Labels), Is.EqualTo(reference.Auroc).Within(Tolerance));

    [TestCaseSource(nameof(ClassificationCases))]
    public void Auprc_MatchesScikitLearnTrapezoidalArea(ClassificationCase reference) =>
        Assert.That(Metrics.Auprc(reference.Scores, reference.Labels), Is.EqualTo(reference.Auprc).Within(Tolerance));

    [TestCaseSource(nameof(ClassificationCases))]
    public void AveragePrecision_MatchesScikitLearn(ClassificationCase reference) =>
        Assert.That(
            Metrics.AveragePrecision(reference.Scores, reference.Labels),
            Is.EqualTo(reference.AveragePrecision).Within(Tolerance));

    [TestCaseSource(nameof(ClassificationCases))]
    public void RocCurve_MatchesScikitLearnPoints(ClassificationCase reference)
    {
        var dropped = Metrics.RocCurve(reference.Scores, reference.Labels);
        var all = Metrics.RocCurve(reference.Scores, reference.Labels, dropIntermediate: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dropped.FalsePositiveRates, Is.EqualTo(reference.RocCurve.Fpr).Within(Tolerance));
            Assert.That(dropped.TruePositiveRates, Is.EqualTo(reference.RocCurve.Tpr).Within(Tolerance));
            Assert.That(dropped.Thresholds, Is.EqualTo(reference.RocCurve.Thresholds).Within(Tolerance));
            Assert.That(all.FalsePositiveRates, Is.EqualTo(reference.RocCurveAllThresholds.Fpr).Within(Tolerance));
            Assert.That(all.TruePositiveRates, Is.EqualTo(reference.RocCurveAllThresholds.Tpr).Within(Tolerance));
            Assert.That(all.Thresholds, Is.EqualTo(reference.RocCurveAllThresholds.Thresholds).Within(Tolerance));
        }
    }

    [TestCaseSource(nameof(ClassificationCases))]
    public void PrecisionRecallCurve_MatchesScikitLearnPoints(ClassificationCase reference)
    {
        var curve = Metrics.PrecisionRecallCurve(reference.Scores, reference.Labels);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(curve.Precision, Is.EqualTo(reference.PrecisionRecallCurve.Precision).Within(Tolerance));
            Assert.That(curve.Recall, Is.EqualTo(reference.PrecisionRecallCurve.Recall).Within(Tolerance));
            Assert.That(curve.Thresholds, Is.EqualTo(reference.PrecisionRecallCurve.Thresholds).Within(Tolerance));
        }
    }

    [TestCaseSource(nameof(ClassificationCases))]
    public void Auroc_EqualsMannWhitneyCountWithTiesAsHalf(ClassificationCase reference)
    {
        double wins = 0, pairs = 0;
        for (var i = 0; i < reference.Scores.Length; i++)
        {
            for (var j = 0; j < reference.Scores.Length; j++)
            {
                if (reference.Labels[i] == 1 && reference.Labels[j] == 0)
                {
                    pairs++;
                    wins += reference.Scores[i] > reference.Scores[j] ? 1.0
                        : reference.Scores[i] == reference.Scores[j] ? 0.5 : 0.0;
                }
            }
        }

        Assert.That(Metrics.Auroc(reference.Scores, reference.Labels), Is.EqualTo(wins / pairs).Within(Tolerance));
    }

    [TestCaseSource(nameof(ClassificationCases))]
    public void Auroc_IsInvariantToStrictlyIncreasingTransforms(ClassificationCase reference)
    {
        var expected = Metrics.Auroc(reference.Scores, reference.Labels);
        var exponential = reference.Scores.Select(Math.Exp).ToArray();
        var affine = reference.Scores.Select(s => (3.5 * s) - 7.0).ToArray();
        var cubed = reference.Scores.Select(s => (s * s * s) + s).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.Auroc(exponential, reference.Labels), Is.EqualTo(expected).Within(Tolerance));
            Assert.That(Metrics.Auroc(affine, reference.Labels), Is.EqualTo(expected).Within(Tolerance));
            Assert.That(Metrics.Auroc(cubed, reference.Labels), Is.EqualTo(expected).Within(Tolerance));
        }
    }

    [TestCaseSource(nameof(ClassificationCases))]
    public void Auroc_OfNegatedScoresIsComplement(ClassificationCase reference)
    {
        var negated = reference.Scores.Select(s => -s).ToArray();
        Assert.That(
            Metrics.Auroc(negated, reference.Labels),
            Is.EqualTo(1.0 - Metrics.Auroc(reference.Scores, reference.Labels)).Within(Tolerance));
    }

    [TestCaseSource(nameof(ClassificationCases))]
    public void BoolLabels_GiveSameResultsAsIntLabels(ClassificationCase reference)
    {
        var labels = reference.Labels.Select(l => l == 1).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.Auroc(reference.Scores, labels), Is.EqualTo(Metrics.Auroc(reference.Scores, reference.Labels)));
            Assert.That(Metrics.Auprc(reference.Scores, labels), Is.EqualTo(Metrics.Auprc(reference.Scores, reference.Labels)));
            Assert.That(
                Metrics.AveragePrecision(reference.Scores, labels),
                Is.EqualTo(Metrics.AveragePrecision(reference.Scores, reference.Labels)));
        }
    }

    [Test]
    public void Auroc_IsOneForPerfectSeparationAndZeroWhenReversed()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        int[] labels = [0, 0, 0, 1, 1, 1];
        int[] reversed = [1, 1, 1, 0, 0, 0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metrics.Auroc(scores, labels), Is.EqualTo(1.0));
            Assert.That(Metrics.Auroc(scores, reversed), Is.EqualTo(0.0));
            Assert.That(Metrics.Auprc(scores, labels), Is.EqualTo(1.0));
            Assert.That(Metrics.AveragePrecision(scores, labels), Is.EqualTo(1.0));
        }
    }

    [Test]
    public void Auprc_OfAllTiedScoresIsMeanOfPrevalenceAndOne()
    {
        // One threshold: the curve runs from (recall 1, precision p) straight to (0, 1), area (p + 1) / 2.
        double[] scores = [2, 2, 2, 2, 2];
        int[] labels = [1, 0, 0, 1, 0];
        Assert.That(Metrics.Auprc(scores, labels), Is.EqualTo((0.4 + 1.0) / 2.0).Within(Tolerance));
    }

    [Test]
    public void Auprc_DiffersFromAveragePrecision()
    {
        var reference = MetricsReference.Instance.Classification.Single(c => c.Name == "sklearn_docstring");
        Assert.That(
            Metrics.Auprc(reference.Scores, reference.Labels),
            Is.Not.EqualTo(Metrics.AveragePrecision(reference.Scores, reference.Labels)).Within(0.01));
    }

    [Test]
    public void Auroc_ThrowsWhenOnlyOneClassIsPresent()
    {
        var error = Assert.Throws<ArgumentException>(() => Metrics.Auroc([0.1, 0.5, 0.9], [1, 1, 1]));
        Assert.That(error!.ParamName, Is.EqualTo("labels"));
    }

    [Test]
    public void Auprc_ThrowsWithoutPositivesButAcceptsOnlyPositives()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Auprc([0.1, 0.5, 0.9], [0, 0, 0]));
        Assert.That(Metrics.Auprc([0.1, 0.5, 0.9], [1, 1, 1]), Is.EqualTo(1.0));
    }

    [Test]
    public void ClassificationMetrics_RejectInvalidInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => Metrics.Auroc([], Array.Empty<int>()),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
            Assert.That(
                () => Metrics.Auroc([0.1, 0.2], [0, 1, 1]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("labels"));
            Assert.That(
                () => Metrics.Auroc([0.1, double.NaN], [0, 1]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
            Assert.That(
                () => Metrics.Auprc([0.1, double.PositiveInfinity], [0, 1]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
            Assert.That(
                () => Metrics.AveragePrecision([0.1, 0.2], [0, 2]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("labels"));
        }
    }
}

using Genomics.Models.Evaluation;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Evaluation;

public sealed partial class MetricsTests
{
    // Three targets over six samples: a mixed binary column, a column with one class only, and a graded one.
    private static readonly double[,] s_scores =
    {
        { 0.9, 0.2, 1.5 }, { 0.1, 0.4, 0.3 }, { 0.4, 0.4, 2.0 }, { 0.8, 0.7, -0.5 }, { 0.4, 0.1, 0.9 }, { 0.3, 0.5, 1.1 },
    };

    private static readonly double[,] s_targets =
    {
        { 1, 0, 1 }, { 0, 0, 0 }, { 1, 0, 1 }, { 1, 0, 0 }, { 0, 0, 1 }, { 0, 0, 1 },
    };

    [TestCase(MetricKind.Pearson)]
    [TestCase(MetricKind.Spearman)]
    [TestCase(MetricKind.RSquared)]
    [TestCase(MetricKind.Auroc)]
    [TestCase(MetricKind.Auprc)]
    public void PerTarget_EqualsScalarMetricOfEachColumn(MetricKind kind)
    {
        using var scores = torch.tensor(s_scores, dtype: torch.float32);
        using var targets = torch.tensor(s_targets, dtype: torch.float32);

        var result = Metrics.PerTarget(scores, targets, kind);

        Assert.That(result, Has.Length.EqualTo(3));
        using (Assert.EnterMultipleScope())
        {
            foreach (var t in new[] { 0, 2 })
            {
                // float32 storage: compare with the scalar metric of the float32-rounded values.
                var x = Column(s_scores, t).Select(v => (double)(float)v).ToArray();
                var y = Column(s_targets, t);
                var expected = kind switch
                {
                    MetricKind.Pearson => Metrics.Pearson(x, y),
                    MetricKind.Spearman => Metrics.Spearman(x, y),
                    MetricKind.RSquared => Metrics.RSquared(y, x),
                    MetricKind.Auroc => Metrics.Auroc(x, y.Select(v => v == 1).ToArray()),
                    _ => Metrics.Auprc(x, y.Select(v => v == 1).ToArray()),
                };
                Assert.That(result[t], Is.EqualTo(expected).Within(Tolerance), $"target {t}");
            }
        }
    }

    [TestCase(MetricKind.Auroc)]
    [TestCase(MetricKind.Auprc)]
    [TestCase(MetricKind.Pearson)]
    [TestCase(MetricKind.Spearman)]
    public void PerTarget_GivesNaNForAColumnWhereTheMetricIsUndefined(MetricKind kind)
    {
        using var scores = torch.tensor(s_scores, dtype: torch.float64);
        using var targets = torch.tensor(s_targets, dtype: torch.float64);

        var result = Metrics.PerTarget(scores, targets, kind);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result[1], Is.NaN);
            Assert.That(result[0], Is.Not.NaN);
        }
    }

    [Test]
    public void PerTarget_RejectsMismatchedShapesAndNonBinaryTargets()
    {
        using var scores = torch.tensor(s_scores);
        using var flat = torch.zeros(6);
        using var narrow = torch.zeros(6, 2);
        using var graded = torch.tensor(s_scores);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => Metrics.PerTarget(flat, flat, MetricKind.Pearson),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
            Assert.That(
                () => Metrics.PerTarget(scores, narrow, MetricKind.Pearson),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("targets"));
            Assert.That(
                () => Metrics.PerTarget(scores, graded, MetricKind.Auroc),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("targets"));
        }
    }

    [Test]
    public void PerTarget_LeavesInputsUnchangedAndLeaksNoTensors()
    {
        using var scores = torch.tensor(s_scores);
        using var targets = torch.tensor(s_targets);
        var scoresBefore = scores.data<double>().ToArray();
        using var scope = torch.NewDisposeScope();

        Metrics.PerTarget(scores, targets, MetricKind.Spearman);

        using (Assert.EnterMultipleScope())
        {
            // A tensor left undisposed by the call would be registered on this scope.
            Assert.That(scope.DisposablesCount, Is.Zero);
            Assert.That(scores.data<double>().ToArray(), Is.EqualTo(scoresBefore));
        }
    }

    private static double[] Column(double[,] values, int column) =>
        Enumerable.Range(0, values.GetLength(0)).Select(i => values[i, column]).ToArray();
}

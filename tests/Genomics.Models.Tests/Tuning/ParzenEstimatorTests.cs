using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

public sealed class ParzenEstimatorTests
{
    private static readonly TpeSamplerOptions s_defaults = new();

    private static FloatParameter Float(double low, double high, bool log = false, double? step = null) =>
        new SearchSpace().Float("x", low, high, log, step);

    [Test]
    public void Bandwidths_AreTheLargerNeighbourGap_WithInnerGapsAtTheEnds()
    {
        // Range [0, 10], observations 2 and 3, prior centre 5: sorted points 0 | 2 3 5 | 10.
        // Kernel at 2 (outermost, endpoints off): inner gap 3 − 2 = 1. Kernel at 3: max(1, 2) = 2.
        var noClip = s_defaults with { ConsiderMagicClip = false };
        var estimator = new NumericParzenEstimator(Float(0, 10).Domain, [2, 3], [1, 1], noClip);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimator.Mus, Is.EqualTo(new[] { 2.0, 3.0, 5.0 }));
            Assert.That(estimator.Sigmas, Is.EqualTo(new[] { 1.0, 2.0, 10.0 }));
        }
    }

    [Test]
    public void Bandwidths_WithMagicClip_AreAtLeastRangeOverKernelsPlusOne()
    {
        // Three kernels (two observations and the prior): σ ≥ 10 / min(100, 1 + 3) = 2.5.
        var estimator = new NumericParzenEstimator(Float(0, 10).Domain, [2, 3], [1, 1], s_defaults);
        Assert.That(estimator.Sigmas, Is.EqualTo(new[] { 2.5, 2.5, 10.0 }));
    }

    [Test]
    public void Bandwidths_WithEndpoints_ReachTheRangeEnds()
    {
        var endpoints = s_defaults with { ConsiderMagicClip = false, ConsiderEndpoints = true };
        var estimator = new NumericParzenEstimator(Float(0, 10).Domain, [2, 3], [1, 1], endpoints);
        Assert.That(estimator.Sigmas[0], Is.EqualTo(2.0));
    }

    [Test]
    public void ContinuousDensity_IntegratesToOne()
    {
        var estimator = new NumericParzenEstimator(Float(-2, 3).Domain, [0.5, 2.9, -1.7], [1, 2, 1], s_defaults with { ConsiderMagicClip = false });
        const int cells = 20000;
        var width = 5.0 / cells;
        var integral = Enumerable.Range(0, cells).Sum(i => Math.Exp(estimator.LogDensity(-2 + ((i + 0.5) * width))) * width);
        Assert.That(integral, Is.EqualTo(1).Within(1e-4));
    }

    [Test]
    public void DiscreteProbabilities_SumToOneOverTheGrid()
    {
        var batch = new SearchSpace().Int("batch", 50, 200, step: 25);
        var estimator = batch.BuildEstimator([75, 75, 200], [1, 1, 1], s_defaults);
        var probabilities = Enumerable.Range(0, 7).Select(i => Math.Exp(estimator.LogDensity(50 + (25 * i)))).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(probabilities.Sum(), Is.EqualTo(1).Within(1e-12));
            Assert.That(probabilities[1], Is.EqualTo(probabilities.Max()), "75 was observed twice");
        }
    }

    [Test]
    public void LogScaleSamples_StayInRange_EvenWithObservationsAtTheEnds()
    {
        var rate = Float(1e-5, 1e-1, log: true);
        var estimator = rate.BuildEstimator([1e-5, 1e-5, 1e-1, 1e-1, 3e-3], [1, 1, 1, 1, 1], s_defaults);
        var samples = estimator.Sample(new Random(8), 5000);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples, Is.All.InRange(1e-5, 1e-1));
            Assert.That(samples.Count(s => s < 1e-4), Is.GreaterThan(500), "kernels sit in log space, so the low end is well covered");
        }
    }

    [Test]
    public void IntegerSamples_AreOnTheGrid()
    {
        var batch = new SearchSpace().Int("batch", 50, 200, step: 25);
        var samples = batch.BuildEstimator([50, 125], [1, 1], s_defaults).Sample(new Random(2), 2000);
        Assert.That(samples.All(s => s is >= 50 and <= 200 && (s - 50) % 25 == 0), Is.True);
    }

    [Test]
    public void Categorical_PutsPriorSmoothingPlusCounts()
    {
        // Two observations of choice 0 and one of choice 2 among 3 choices, prior on: 4 kernels, smoothing 1/4 each.
        // Observation rows: (1.25, .25, .25)/1.75 on its choice; prior row uniform; kernel weights 1,1,1,1 → 1/4 each.
        var estimator = new CategoricalParzenEstimator(3, [0, 0, 2], [1, 1, 1], s_defaults);
        var observed = 1.25 / 1.75;
        var other = 0.25 / 1.75;
        var expected = new[]
        {
            0.25 * ((2 * observed) + other + (1.0 / 3)),
            0.25 * ((3 * other) + (1.0 / 3)),
            0.25 * (observed + (2 * other) + (1.0 / 3)),
        };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimator.Probabilities, Is.EqualTo(expected).Within(1e-12));
            Assert.That(estimator.Probabilities.Sum(), Is.EqualTo(1).Within(1e-12));
            Assert.That(estimator.LogDensity(1), Is.EqualTo(Math.Log(expected[1])).Within(1e-12));
        }
    }

    [Test]
    public void Categorical_WithoutObservations_IsUniform()
    {
        var estimator = new CategoricalParzenEstimator(4, [], [], s_defaults);
        var counts = new int[4];
        foreach (var s in estimator.Sample(new Random(1), 4000))
        {
            counts[(int)s]++;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimator.Probabilities, Is.All.EqualTo(0.25));
            Assert.That(counts, Is.All.InRange(900, 1100));
        }
    }
}

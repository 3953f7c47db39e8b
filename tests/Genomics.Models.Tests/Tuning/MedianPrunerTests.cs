using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

public sealed class MedianPrunerTests
{
    private static readonly SearchSpace s_space = Space();

    private static SearchSpace Space()
    {
        var space = new SearchSpace();
        space.Float("x", 0, 1);
        return space;
    }

    private static TrialRecord Complete(int number, params double[] curve) =>
        new(number, TrialState.Complete, curve[^1], [0.5], s_space.Parameters, Curve(curve), TimeSpan.Zero, null);

    private static SortedDictionary<int, double> Curve(params double[] values) =>
        new(values.Select((v, i) => (v, i)).ToDictionary(p => p.i, p => p.v));

    private static TrialRecord[] FiveCompleted() =>
        [Complete(0, 1.0, 0.5), Complete(1, 2.0, 1.5), Complete(2, 3.0, 2.5), Complete(3, 4.0, 3.5), Complete(4, 5.0, 4.5)];

    [Test]
    public void PrunesATrialWorseThanTheMedianAtItsStep()
    {
        var pruner = Pruner.Median();
        using (Assert.EnterMultipleScope())
        {
            // Median at step 0 is 3.0, at step 1 it is 2.5.
            Assert.That(pruner.ShouldPrune(FiveCompleted(), StudyDirection.Minimize, Curve(3.5)), Is.True);
            Assert.That(pruner.ShouldPrune(FiveCompleted(), StudyDirection.Minimize, Curve(2.9)), Is.False);
            Assert.That(pruner.ShouldPrune(FiveCompleted(), StudyDirection.Minimize, Curve(3.5, 2.6)), Is.True);
            Assert.That(pruner.ShouldPrune(FiveCompleted(), StudyDirection.Minimize, Curve(2.0, 2.6)), Is.False, "judged on its best value so far");
            Assert.That(pruner.ShouldPrune(FiveCompleted(), StudyDirection.Maximize, Curve(2.9)), Is.True);
        }
    }

    [Test]
    public void DoesNotPruneBeforeStartupTrialsComplete()
    {
        var four = FiveCompleted()[..4];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pruner.Median().ShouldPrune(four, StudyDirection.Minimize, Curve(100)), Is.False);
            Assert.That(Pruner.Median(startupTrials: 4).ShouldPrune(four, StudyDirection.Minimize, Curve(100)), Is.True);
        }
    }

    [Test]
    public void RespectsWarmupIntervalAndMinimumTrials()
    {
        var history = FiveCompleted();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pruner.Median(warmupSteps: 1).ShouldPrune(history, StudyDirection.Minimize, Curve(100)), Is.False);
            Assert.That(Pruner.Median(warmupSteps: 1).ShouldPrune(history, StudyDirection.Minimize, Curve(100, 100)), Is.True);
            // Interval 2 from step 0: steps 0, 2, 4 … are judged; step 1 follows a report in the same interval.
            Assert.That(Pruner.Median(intervalSteps: 2).ShouldPrune(history, StudyDirection.Minimize, Curve(100, 100)), Is.False);
            Assert.That(Pruner.Median(minimumTrials: 6).ShouldPrune(history, StudyDirection.Minimize, Curve(100)), Is.False);
            Assert.That(Pruner.None.ShouldPrune(history, StudyDirection.Minimize, Curve(100)), Is.False);
        }
    }

    [Test]
    public void PrunesATrialThatReportedOnlyNaN() =>
        Assert.That(Pruner.Median().ShouldPrune(FiveCompleted(), StudyDirection.Minimize, Curve(double.NaN)), Is.True);

    [Test]
    public void Median_InterpolatesLikeNumpy()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MedianPruner.Median([4, 1, 3, 2]), Is.EqualTo(2.5));
            Assert.That(MedianPruner.Median([5, 1, 3]), Is.EqualTo(3));
            Assert.That(MedianPruner.Median([]), Is.NaN);
        }
    }

    [Test]
    public void InAStudy_BadCurvesArePrunedAndRecordedAsPruned()
    {
        var space = new SearchSpace();
        var x = space.Float("x", 0, 1);
        var result = new Study(space, new StudyOptions { Seed = 1 }).Optimize(
            trial =>
            {
                // Trials 0–5 learn well; later ones are stuck at a loss of 10.
                var final = 0.0;
                for (var epoch = 0; epoch < 5; epoch++)
                {
                    final = trial.Number < 6 ? (1.0 / (epoch + 1)) + trial.Get(x) : 10;
                    trial.Report(final, epoch);
                    if (trial.ShouldPrune())
                    {
                        throw new TrialPrunedException();
                    }
                }

                return final;
            },
            9);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Trials.Take(6).Select(t => t.State), Is.All.EqualTo(TrialState.Complete));
            Assert.That(result.Trials.Skip(6).Select(t => t.State), Is.All.EqualTo(TrialState.Pruned));
            Assert.That(result.Trials.Skip(6).Select(t => t.IntermediateValues.Count), Is.All.EqualTo(1), "pruned at the first report");
            Assert.That(result.Trials[6].Value, Is.Null);
        }
    }
}

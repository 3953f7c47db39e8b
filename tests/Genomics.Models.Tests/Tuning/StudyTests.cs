using Genomics.Models.Compute;
using Genomics.Models.Tuning;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

public sealed partial class StudyTests
{
    private static (SearchSpace Space, FloatParameter X, CategoricalParameter<string> Kind) Space()
    {
        var space = new SearchSpace();
        var x = space.Float("x", -3, 3);
        var kind = space.Categorical("kind", ["a", "b, with comma", "c"]);
        return (space, x, kind);
    }

    [Test]
    public void Optimize_IsReproducibleBySeed()
    {
        var (space, x, kind) = Space();
        double Objective(Trial t) => (t.Get(x) * t.Get(x)) + (t.Get(kind) == "a" ? 0 : 1);
        object?[][] Run(long? seed) => new Study(space, new StudyOptions { Seed = seed }).Optimize(Objective, 25)
            .Trials.Select(t => t.Parameters.Values.Append(t.Value!).ToArray()).ToArray();

        var first = Run(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Run(1), Is.EqualTo(first));
            Assert.That(Run(2), Is.Not.EqualTo(first));
            Assert.That(Run(null), Is.EqualTo(Run(StudyOptions.DefaultSeed)), "no seed: the default");
            Assert.That(Run(1L << 32 | 1), Is.EqualTo(first), "the generator takes the seed's low 32 bits");
        }
    }

    [Test]
    public void Optimize_CanContinue_KeepingTheHistory()
    {
        var (space, x, _) = Space();
        var study = new Study(space, new StudyOptions { Seed = 4 });
        study.Optimize(t => Math.Abs(t.Get(x)), 12);
        var result = study.Optimize(t => Math.Abs(t.Get(x)), 8);
        var once = new Study(space, new StudyOptions { Seed = 4 }).Optimize(t => Math.Abs(t.Get(x)), 20);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Trials, Has.Count.EqualTo(20));
            Assert.That(result.Trials.Select(t => t.Number), Is.EqualTo(Enumerable.Range(0, 20)));
            Assert.That(result.Trials.Select(t => t.Value), Is.EqualTo(once.Trials.Select(t => t.Value)));
        }
    }

    [Test]
    public void BestTrial_FollowsTheDirection()
    {
        var (space, x, _) = Space();
        var minimum = new Study(space, new StudyOptions { Seed = 2 }).Optimize(t => t.Get(x), 15);
        var maximum = new Study(space, new StudyOptions { Seed = 2, Direction = StudyDirection.Maximize }).Optimize(t => t.Get(x), 15);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(minimum.BestTrial!.Value, Is.EqualTo(minimum.Trials.Min(t => t.Value)));
            Assert.That(maximum.BestTrial!.Value, Is.EqualTo(maximum.Trials.Max(t => t.Value)));
            Assert.That(minimum.BestTrial.Get(x), Is.EqualTo(minimum.BestTrial.Value));
        }
    }

    [Test]
    public void FailedTrials_AreRecorded_AndTheStudyGoesOn()
    {
        var (space, x, _) = Space();
        var result = new Study(space).Optimize(
            t => t.Number switch
            {
                1 => throw new InvalidOperationException("diverged"),
                2 => double.NaN,
                _ => t.Get(x),
            },
            5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Trials.Select(t => t.State), Is.EqualTo(new[] { TrialState.Complete, TrialState.Failed, TrialState.Failed, TrialState.Complete, TrialState.Complete }));
            Assert.That(result.Trials[1].Error, Is.EqualTo("InvalidOperationException: diverged"));
            Assert.That(result.Trials[1].Value, Is.Null);
            Assert.That(result.Trials[2].Error, Does.Contain("NaN"));
            Assert.That(result.BestTrial!.State, Is.EqualTo(TrialState.Complete));
        }
    }

    [Test]
    public void FailedTrial_IsRethrownAfterRecording_WhenConfigured()
    {
        var (space, _, _) = Space();
        var study = new Study(space, new StudyOptions { ContinueAfterFailure = false });
        Assert.That(() => study.Optimize(_ => throw new FormatException("bad"), 3), Throws.InstanceOf<FormatException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(study.Trials, Has.Count.EqualTo(1));
            Assert.That(study.Trials[0].State, Is.EqualTo(TrialState.Failed));
        }
    }

    [Test]
    public void Optimize_ReportsProgressPerTrial_AndHonoursCancellation()
    {
        var (space, x, _) = Space();
        var reports = new List<OperationProgress>();
        new Study(space).Optimize(t => t.Get(x), 4, new SynchronousProgress<OperationProgress>(reports.Add));

        using var cancel = new CancellationTokenSource();
        var study = new Study(space);
        Assert.That(
            () => study.Optimize(
                t =>
                {
                    if (t.Number == 2)
                    {
                        cancel.Cancel();
                        t.CancellationToken.ThrowIfCancellationRequested();
                    }

                    return t.Get(x);
                },
                10,
                cancellationToken: cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports, Is.EqualTo(Enumerable.Range(1, 4).Select(i => new OperationProgress("tune", i, 4))));
            Assert.That(study.Trials, Has.Count.EqualTo(2), "the cancelled trial is not recorded");
        }
    }

    [Test]
    public void Get_WithAParameterFromAnotherSpace_Throws()
    {
        var (space, _, _) = Space();
        var foreign = new SearchSpace().Float("x", -3, 3);
        var study = new Study(space, new StudyOptions { ContinueAfterFailure = false });
        Assert.That(() => study.Optimize(t => t.Get(foreign), 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("parameter"));
    }

    [Test]
    public void Constructor_ValidatesItsArguments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Study(new SearchSpace()), Throws.ArgumentException.With.Property("ParamName").EqualTo("space"));
            Assert.That(() => new Study(Space().Space).Optimize(_ => 0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Study(Space().Space, new StudyOptions { Direction = (StudyDirection)7 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Direction"));
        }
    }

    [Test]
    public void Report_RejectsRepeatedAndNegativeSteps()
    {
        var (space, _, _) = Space();
        var study = new Study(space, new StudyOptions { ContinueAfterFailure = false });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => study.Optimize(t => { t.Report(1, -1); return 0; }, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => study.Optimize(t => { t.Report(1, 0); t.Report(2, 0); return 0; }, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("step"));
        }
    }

    [Test]
    public void WriteCsv_WritesOneRowPerTrial_WithQuotedFields()
    {
        var (space, x, kind) = Space();
        var result = new Study(space, new StudyOptions { Seed = 9 }).Optimize(
            t => t.Number == 1 ? throw new InvalidOperationException("bad \"value\"") : t.Get(x),
            3);
        var lines = result.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var second = result.Trials[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[0], Is.EqualTo("number,state,value,duration_seconds,params_x,params_kind,error"));
            Assert.That(lines[2], Does.StartWith("1,Failed,,"));
            Assert.That(lines[2], Does.EndWith(",\"InvalidOperationException: bad \"\"value\"\"\""));
            Assert.That(lines[1], Does.StartWith("0,Complete," + result.Trials[0].Value!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ","));
            var kindField = second.Get(kind).Contains(',', StringComparison.Ordinal) ? "\"" + second.Get(kind) + "\"" : second.Get(kind);
            Assert.That(lines[2], Does.Contain("," + second.Get(x).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "," + kindField + ","));
        }
    }

    [Test]
    public void WriteCsv_ToFile_MatchesToCsv()
    {
        var (space, x, _) = Space();
        var result = new Study(space).Optimize(t => t.Get(x), 3);
        var path = Path.Combine(Path.GetTempPath(), $"study-{Guid.NewGuid():N}.csv");
        try
        {
            result.WriteCsv(path);
            Assert.That(File.ReadAllText(path), Is.EqualTo(result.ToCsv()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

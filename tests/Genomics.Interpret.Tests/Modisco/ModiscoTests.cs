using Genomics.Interpret.Modisco;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Modisco;

[TestFixture]
public sealed class ModiscoTests
{
    private static readonly ModiscoOptions s_fast = new() { LeidenRuns = 5 };

    [Test]
    public void RecoversBothPlantedMotifs()
    {
        var data = new PlantedMotifs();
        var result = new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var patterns = result.PositivePatterns;
        TestContext.Out.WriteLine(string.Join("; ", patterns.Select(p => $"{p.Name} n={p.Seqlets.Count} {p.Probabilities.Consensus()}")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.SeqletCall.Seqlets, Has.Count.GreaterThanOrEqualTo(55));
            Assert.That(patterns, Has.Count.EqualTo(2));
            Assert.That(result.NegativePatterns, Is.Empty);
            foreach (var motif in new[] { PlantedMotifs.MotifA, PlantedMotifs.MotifB })
            {
                var best = patterns.Max(p => PlantedMotifs.BestColumnCorrelation(p.Probabilities.ToArray(), motif));
                Assert.That(best, Is.GreaterThan(0.9), motif);
            }

            Assert.That(patterns.All(p => p.Seqlets.Count >= 20 && p.Width == 30), Is.True);
            Assert.That(patterns.Sum(p => p.Seqlets.Count), Is.LessThanOrEqualTo(result.SeqletCall.Seqlets.Count), "no seqlet counted twice");
        }
    }

    [Test]
    public void SameSeedSameResult()
    {
        var data = new PlantedMotifs();
        var a = new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var b = new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        Assert.That(b.Patterns.Select(p => (p.Name, p.Seqlets.Count)), Is.EqualTo(a.Patterns.Select(p => (p.Name, p.Seqlets.Count))));
        Assert.That(b.Patterns.SelectMany(p => p.Seqlets), Is.EqualTo(a.Patterns.SelectMany(p => p.Seqlets)));
        Assert.That(b.Patterns.Select(p => p.Cwm), Is.EqualTo(a.Patterns.Select(p => p.Cwm)));
    }

    [Test]
    public void ProgressReachesTotalAndCancellationThrows()
    {
        var data = new PlantedMotifs(n: 30);
        var reports = new List<OperationProgress>();
        var progress = new SynchronousProgress<OperationProgress>(reports.Add);
        new Genomics.Interpret.Modisco.TfModisco(s_fast with { FinalMinClusterSize = 5 }).Run(data.Contributions, data.Hypothetical, data.OneHot, progress: progress);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports[^1].Completed, Is.EqualTo(reports[^1].Total));
            Assert.That(reports.Select(r => r.Completed), Is.Ordered.Ascending);
            Assert.That(() => new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public void AllZeroAttributionsGiveNoPatterns()
    {
        var data = new PlantedMotifs(n: 6);
        var zeros = new float[6, 4, 100];
        var factory = new RecordingLoggerFactory();
        var result = new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(zeros, zeros, data.OneHot, new ComputeContext { LoggerFactory = factory });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Patterns, Is.Empty);
            Assert.That(factory.EventIds, Is.SupersetOf(new[] { 2401, 2402, 2404, 2406 }));
            // The caller's minimum passing fraction still calls seqlets on flat maps; none carries a contribution, so no cluster becomes a pattern.
            Assert.That(result.Diagnostic!.SeqletsCalled, Is.EqualTo(result.SeqletCall.Seqlets.Count));
            Assert.That(result.Diagnostic.EmptyReason, Does.Contain("pos_patterns: no cluster became a pattern"));
            Assert.That(result.Diagnostic.ToString(), Does.StartWith($"{result.SeqletCall.Seqlets.Count} seqlets called, 0 in patterns"));
        }
    }

    [Test]
    public void DiagnosticCountsEachStageAndNamesTheOneThatLeftZero()
    {
        var data = new PlantedMotifs();
        var found = new Genomics.Interpret.Modisco.TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var tooLarge = new Genomics.Interpret.Modisco.TfModisco(s_fast with { FinalMinClusterSize = 1000 }).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var positive = found.Diagnostic!.Metaclusters[0];
        var empty = tooLarge.Diagnostic!.Metaclusters[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Diagnostic.SeqletsCalled, Is.EqualTo(found.SeqletCall.Seqlets.Count));
            Assert.That(found.Diagnostic.Metaclusters.Sum(m => m.Seqlets), Is.EqualTo(found.SeqletCall.Seqlets.Count));
            Assert.That(found.Diagnostic.EmptyReason, Is.Null);
            Assert.That(positive.Name, Is.EqualTo("pos_patterns"));
            Assert.That(positive.Patterns, Is.EqualTo(found.PositivePatterns.Count));
            Assert.That(positive.SeqletsInPatterns, Is.EqualTo(found.PositivePatterns.Sum(p => p.Seqlets.Count)));
            Assert.That(positive.SeqletsInPatterns, Is.EqualTo(positive.SeqletsAfterMerging - positive.SeqletsRemovedBySize - positive.SeqletsRemovedByInformation + positive.Reassigned));
            Assert.That(positive.FinalMinClusterSize, Is.EqualTo(5), "60 seqlets: the scaled default's floor");
            Assert.That(tooLarge.Patterns, Is.Empty);
            Assert.That(empty.PatternsRemovedBySize, Is.EqualTo(empty.PatternsAfterMerging));
            Assert.That(tooLarge.Diagnostic.EmptyReason, Does.Contain("pos_patterns: every pattern had fewer than 1000 seqlets"));
        }
    }

    [Test]
    public void InvalidInputsThrowNamingTheArgument()
    {
        var data = new PlantedMotifs(n: 4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Genomics.Interpret.Modisco.TfModisco().Run(data.Contributions, new float[4, 4, 99], data.OneHot), Throws.ArgumentException.With.Property("ParamName").EqualTo("hypothetical"));
            Assert.That(() => new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 0 }).Run(data.Contributions, data.Hypothetical, data.OneHot), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("LeidenRuns"));
        }
    }

    [Test]
    public void OptionsAreValidatedAtConstruction()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("LeidenRuns"));
            Assert.That(() => new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { FinalMinClusterSize = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("FinalMinClusterSize"));
            Assert.That(new Genomics.Interpret.Modisco.TfModisco().Options, Is.EqualTo(new ModiscoOptions()));
            Assert.That(new Genomics.Interpret.Modisco.TfModisco(s_fast).Options, Is.SameAs(s_fast));
        }
    }
}

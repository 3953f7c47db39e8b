using Genomics.Interpret.Asmm;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// DeepASMM on the TestKit's linear model, where every score has a closed form (<see cref="AsmmOracle"/>): the engine's
/// raw autonomy and synergy scores equal the oracle's for every motif, with either quirk setting.
/// </summary>
[NonParallelizable]
public sealed class DeepAsmmTests
{
    private const int Length = 12;
    private const int Targets = 3;
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, Length, Targets);

    /// <summary>Eight samples of 12 bases with repeats (so 3-mers recur at shared and distinct positions) and an N.</summary>
    private static readonly string[] s_samples =
    [
        "ACGTACGTACGA", "ACGTTTACGTAC", "GGACGTACCATG", "TTTACGNACGTT",
        "ACGTACGTTTAC", "CATGCATGACGT", "ACGACGACGTAC", "TTTTACGTACGG",
    ];

    private static AsmmOracle Oracle(int[] targets)
    {
        using var w = ToyLinearModel.ExpectedWeights(s_options);
        var flat = w.data<float>().ToArray();
        var weights = new double[Targets, 4 * Length];
        for (var t = 0; t < Targets; t++)
        {
            for (var i = 0; i < 4 * Length; i++)
            {
                weights[t, i] = flat[(t * 4 * Length) + i];
            }
        }

        var bias = Enumerable.Range(0, Targets).Select(t => (double)(t * 0.1f)).ToArray();
        return new AsmmOracle(weights, bias, targets);
    }

    private static DeepAsmmResult Run(DeepAsmmOptions options, int batchSize = 16, IProgress<OperationProgress>? progress = null, CancellationToken token = default)
    {
        using var model = new ToyLinearModel(s_options);
        var engine = new DeepAsmm(options);
        return engine.Run(model, AsmmBackground.FromSequences(s_samples), 3, 2, ComputeContext.Default with { BatchSize = batchSize }, progress, token);
    }

    private static void AssertMatches(DeepAsmmResult actual, List<AsmmOracle.Row> expected)
    {
        Assert.That(actual.Motifs.Select(m => m.Motif), Is.EqualTo(expected.Select(r => r.Motif)));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < expected.Count; i++)
            {
                var m = actual.Motifs[i];
                Assert.That(m.Count, Is.EqualTo(expected[i].Count), m.Motif);
                Assert.That(m.AutonomyRaw, Is.EqualTo(expected[i].Af).Within(1e-4 * (1 + Math.Abs(expected[i].Af))), $"AF {m.Motif}");
                Assert.That(m.SynergyRaw, Is.EqualTo(expected[i].Scs).Within(1e-4 * (1 + Math.Abs(expected[i].Scs))), $"SCS {m.Motif}");
            }
        }
    }

    [Test]
    public void Scores_OneTarget_EqualClosedForm()
    {
        var options = new DeepAsmmOptions { Target = 2, TopFraction = 0.5, MinimumTopCount = 2 };
        AssertMatches(Run(options), Oracle([2]).Run(s_samples, 3, 2, 0.5, 2, false, false, 100));
    }

    [Test]
    public void Scores_AllTargetsAndAllOccurrences_EqualClosedForm()
    {
        var options = new DeepAsmmOptions { TopFraction = null };
        AssertMatches(Run(options), Oracle([0, 1, 2]).Run(s_samples, 3, 2, null, 30, false, false, 100));
    }

    [Test]
    public void Scores_OriginalQuirks_EqualClosedFormOfTheOriginal_AndDifferFromIntended()
    {
        var original = DeepAsmmOptions.Original with { Target = 1, TopFraction = 0.5, MinimumTopCount = 2, MotifsPerChunk = 3, LocatorProcessors = 1 };
        var quirky = Run(original);
        var intended = Run(original with { SynergyReference = SynergyReference.Sample, SynergySelection = SynergySelection.Highest });
        AssertMatches(quirky, Oracle([1]).Run(s_samples, 3, 2, 0.5, 2, true, true, 3));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quirky.Motifs.Select(m => m.AutonomyRaw), Is.EqualTo(intended.Motifs.Select(m => m.AutonomyRaw)).Within(1e-4).Percent, "autonomy has no quirk");
            Assert.That(quirky.Motifs.Zip(intended.Motifs).Count(p => Math.Abs(p.First.SynergyRaw - p.Second.SynergyRaw) > 1e-3), Is.GreaterThan(quirky.Motifs.Count / 2));
        }
    }

    /// <summary>
    /// One motif per chunk: each chunk's batch holds only the motif's own occurrences, so some occurrence's sample index
    /// lies past it. The original fails there with an index error (the oracle's plain array index fails too); the engine
    /// throws a typed exception naming the first such motif in motif and scan order, its sample index and the batch size.
    /// </summary>
    [Test]
    public void Scores_OriginalQuirks_ReferenceRowPastTheChunksBatch_ThrowsLikeTheOriginal()
    {
        // The first failure, from the samples alone: k-mers in order of first occurrence, kept with count ≥ 2 and no N.
        var occurrences = new Dictionary<string, List<int>>();
        var order = new List<string>();
        for (var x = 0; x < s_samples.Length; x++)
        {
            for (var z = 0; z + 3 <= Length; z++)
            {
                var kmer = s_samples[x].Substring(z, 3);
                if (!occurrences.TryGetValue(kmer, out var xs))
                {
                    occurrences[kmer] = xs = [];
                    order.Add(kmer);
                }

                xs.Add(x);
            }
        }

        var firstFailure = order.Where(m => occurrences[m].Count >= 2 && !m.Contains('N', StringComparison.Ordinal))
            .Select(m => (Motif: m, Rows: occurrences[m].Count, Sample: occurrences[m].FirstOrDefault(x => x >= occurrences[m].Count, -1)))
            .First(f => f.Sample >= 0);

        var original = DeepAsmmOptions.Original with { Target = 1, TopFraction = 0.5, MinimumTopCount = 2, MotifsPerChunk = 1, LocatorProcessors = 1 };
        var thrown = Assert.Throws<SynergyReferenceOutOfRangeException>(() => Run(original));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown.Motif, Is.EqualTo(firstFailure.Motif));
            Assert.That(thrown.Sample, Is.EqualTo(firstFailure.Sample));
            Assert.That(thrown.BatchRows, Is.EqualTo(firstFailure.Rows));
            Assert.That(thrown.Message, Does.Contain($"'{firstFailure.Motif}'").And.Contain($"sample {firstFailure.Sample}").And.Contain($"{firstFailure.Rows} rows"));
            Assert.That(() => Oracle([1]).Run(s_samples, 3, 2, 0.5, 2, true, true, 1), Throws.TypeOf<IndexOutOfRangeException>());
            Assert.That(() => Run(original with { SynergyReference = SynergyReference.Sample }), Throws.Nothing, "the intended reference has no such limit");
        }
    }

    /// <summary>
    /// The original's locator with num_processor 3 on 8 samples records indices relative to slices of 3 samples, so an
    /// occurrence in sample 7 is erased from sample 1 and compared with row 1: the engine matches the oracle for that
    /// layout, differs from one processor, and one motif per chunk no longer runs past a batch that it did with one.
    /// </summary>
    [Test]
    public void Scores_OriginalQuirks_LocatorProcessors_EqualClosedFormWithSliceIndices()
    {
        Assert.That(DeepAsmmOptions.Original.LocatorProcessors, Is.EqualTo(8), "the original's default num_processor");
        var original = DeepAsmmOptions.Original with { Target = 1, TopFraction = 0.5, MinimumTopCount = 2, MotifsPerChunk = 3, LocatorProcessors = 1 };
        var three = Run(original with { LocatorProcessors = 3 });
        AssertMatches(three, Oracle([1]).Run(s_samples, 3, 2, 0.5, 2, true, true, 3, processors: 3));
        var one = Run(original);
        Assert.That(three.Motifs.Zip(one.Motifs).Count(p => Math.Abs(p.First.SynergyRaw - p.Second.SynergyRaw) > 1e-3 * (1 + Math.Abs(p.Second.SynergyRaw))), Is.GreaterThan(0));
        var intended = original with { SynergyReference = SynergyReference.Sample, SynergySelection = SynergySelection.Highest };
        Assert.That(Run(intended with { LocatorProcessors = 3 }).Motifs.Select(m => m.SynergyRaw), Is.EqualTo(Run(intended).Motifs.Select(m => m.SynergyRaw)).Within(1e-4).Percent, "the intended reference ignores it");
    }

    /// <summary>
    /// A hand-built chunk of one motif with three occurrences: with samples (2, 0, 1) the last row of the batch is a
    /// reference and every score is the closed form with row x; with samples (3, 0, 1) the first occurrence asks for
    /// row 3 of a 3-row batch. The original fails there; wrapping to row 3 mod 3 = 0 would have compared that
    /// occurrence with its own masked prediction and silently scored 0.
    /// </summary>
    [Test]
    public void Synergy_ChunkRow_UsesRowXOfTheBatch_AndThrowsOnePastItsEnd()
    {
        using var model = new ToyLinearModel(s_options);
        var background = AsmmBackground.FromSequences(s_samples);
        var oracle = Oracle([0, 1, 2]);
        var pattern = new float[12];
        int[] positions = [4, 0, 7];
        var options = DeepAsmmOptions.Original with { TopFraction = null, LocatorProcessors = 1, Algorithm = Genomics.Interpret.Evaluation.EvaluationAlgorithm.Full };
        MotifCandidateSet Candidates(int[] samples) => new(["m"], [3], [pattern], [0, 3], samples, positions, Length);

        int[] inRange = [2, 0, 1];
        var masked = inRange.Select((x, j) => oracle.Predict(AsmmOracle.Replace(s_samples[x], positions[j], "NNN"))).ToArray();
        var expected = inRange.Select((x, j) => oracle.Score(masked[x], masked[j])).Sum() / 3;
        var result = new DeepAsmm(options).Run(model, background, Candidates(inRange));
        Assert.That(result.Motifs[0].SynergyRaw, Is.EqualTo(expected).Within(1e-4 * (1 + Math.Abs(expected))));
        Assert.That(expected, Is.GreaterThan(0));

        var thrown = Assert.Throws<SynergyReferenceOutOfRangeException>(() => new DeepAsmm(options).Run(model, background, Candidates([3, 0, 1])));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown.Motif, Is.EqualTo("m"));
            Assert.That(thrown.Sample, Is.EqualTo(3));
            Assert.That(thrown.BatchRows, Is.EqualTo(3));
        }
    }

    [Test]
    public void Synergy_ScanOrderSelection_NeverExceedsHighest_AndMatchesClosedForm()
    {
        var highest = new DeepAsmmOptions { Target = 2, TopFraction = 0.5, MinimumTopCount = 2 };
        var scan = highest with { SynergySelection = SynergySelection.ScanOrder };
        var a = Run(highest);
        var b = Run(scan);
        AssertMatches(b, Oracle([2]).Run(s_samples, 3, 2, 0.5, 2, false, true, 100));
        Assert.That(a.Motifs.Zip(b.Motifs).All(p => p.Second.SynergyRaw <= p.First.SynergyRaw * (1 + 1e-6)), Is.True);
    }

    /// <summary>Two sub-sequences of 6 per sample (the DeepCBA layout): windows never cross the boundary; positions are in the concatenation.</summary>
    [Test]
    public void Scores_TwoSubSequences_EqualClosedFormWithoutCrossingWindows()
    {
        var samples = s_samples.Select(s => (IReadOnlyList<string>)[s[..6], s[6..]]).ToList();
        using var model = new ToyLinearModel(s_options);
        var options = new DeepAsmmOptions { Target = 2, TopFraction = 0.5, MinimumTopCount = 2 };
        var result = new DeepAsmm(options).Run(model, AsmmBackground.FromSamples(samples), 3, 2);
        AssertMatches(result, Oracle([2]).Run(s_samples, 3, 2, 0.5, 2, false, false, 100, subLength: 6));
    }

    [Test]
    public void Scores_DoNotDependOnBatchSizeOrChunking()
    {
        var options = new DeepAsmmOptions { TopFraction = 0.5, MinimumTopCount = 2 };
        var reference = Run(options, batchSize: 256);
        foreach (var (batch, chunk) in new[] { (1, 100), (5, 1), (7, 4) })
        {
            var other = Run(options with { MotifsPerChunk = chunk }, batch);
            Assert.That(other.Motifs.Select(m => m.AutonomyRaw), Is.EqualTo(reference.Motifs.Select(m => m.AutonomyRaw)).Within(1e-3).Percent, $"batch {batch}");
            Assert.That(other.Motifs.Select(m => m.SynergyRaw), Is.EqualTo(reference.Motifs.Select(m => m.SynergyRaw)).Within(1e-3).Percent, $"batch {batch}");
        }
    }

    [Test]
    public void Run_ReportsProgressToTotal_ForEveryStage()
    {
        var reports = new List<OperationProgress>();
        var result = Run(DeepAsmmOptions.Default, 4, new SynchronousProgress<OperationProgress>(reports.Add));
        var background = AsmmBackground.FromSequences(s_samples);
        var candidates = new KmerCandidateSource(3, 2).Locate(background);
        var distinct = Enumerable.Range(0, candidates.Count).Sum(i => candidates.OccurrencePositions(i).ToArray().Distinct().Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports.Select(r => r.Stage).Distinct(), Is.EquivalentTo(new[] { "reference", "autonomy", "synergy" }));
            Assert.That(reports.Last(r => r.Stage == "reference").Completed, Is.EqualTo(s_samples.Length));
            Assert.That(reports.Last(r => r.Stage == "autonomy"), Is.EqualTo(new OperationProgress("autonomy", distinct, distinct)));
            Assert.That(reports.Last(r => r.Stage == "synergy"), Is.EqualTo(new OperationProgress("synergy", candidates.TotalOccurrences, candidates.TotalOccurrences)));
            Assert.That(reports.Where(r => r.Stage == "synergy").Select(r => r.Completed), Is.Ordered);
            Assert.That(result.Motifs, Has.Count.EqualTo(candidates.Count));
        }
    }

    [Test]
    public void Run_PreCancelledToken_Throws() =>
        Assert.That(() => Run(DeepAsmmOptions.Default, token: new CancellationToken(true)), Throws.InstanceOf<OperationCanceledException>());

    [Test]
    public void Run_CancelledMidway_ThrowsAndLeaksNoTensors()
    {
        using var cts = new CancellationTokenSource();
        using var model = new ToyLinearModel(s_options);
        var background = AsmmBackground.FromSequences(s_samples);
        var engine = new DeepAsmm();
        var context = ComputeContext.Default with { BatchSize = 2 };
        var progress = new SynchronousProgress<OperationProgress>(p =>
        {
            if (p.Stage == "synergy")
            {
                cts.Cancel();
            }
        });
        var before = TorchTestEnvironment.LiveTensors;
        Assert.That(() => engine.Run(model, background, 3, 2, context, progress, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void Run_LeavesNoLiveTensors_AndRestoresTrainingMode()
    {
        using var model = new ToyLinearModel(s_options);
        model.train();
        var background = AsmmBackground.FromSequences(s_samples);
        var before = TorchTestEnvironment.LiveTensors;
        new DeepAsmm().Run(model, background, 3, 2, ComputeContext.Default with { BatchSize = 3 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(model.training, Is.True);
        }
    }

    [Test]
    public void Run_RejectsMismatchedInputs()
    {
        using var model = new ToyLinearModel(s_options);
        var shorter = AsmmBackground.FromSequences(["ACGTACGTAC"]);
        var background = AsmmBackground.FromSequences(s_samples);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new DeepAsmm().Run(model, shorter, 3, 1), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("background"));
            Assert.That(() => new DeepAsmm(new DeepAsmmOptions { Target = 3 }).Run(model, background, 3, 2), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
            var candidates = new KmerCandidateSource(3, 2).Locate(background);
            Assert.That(() => new DeepAsmm().Run(model, background.Subset([0]), candidates), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("candidates"));
        }
    }

    [TestCase(nameof(DeepAsmmOptions.TopFraction))]
    [TestCase(nameof(DeepAsmmOptions.MinimumTopCount))]
    [TestCase(nameof(DeepAsmmOptions.MotifsPerChunk))]
    [TestCase(nameof(DeepAsmmOptions.LocatorProcessors))]
    [TestCase(nameof(DeepAsmmOptions.Target))]
    public void Options_OutOfRange_AreRejectedByName(string property)
    {
        var options = property switch
        {
            nameof(DeepAsmmOptions.TopFraction) => new DeepAsmmOptions { TopFraction = 1.5 },
            nameof(DeepAsmmOptions.MinimumTopCount) => new DeepAsmmOptions { MinimumTopCount = 0 },
            nameof(DeepAsmmOptions.MotifsPerChunk) => new DeepAsmmOptions { MotifsPerChunk = 0 },
            nameof(DeepAsmmOptions.LocatorProcessors) => new DeepAsmmOptions { LocatorProcessors = 0 },
            _ => new DeepAsmmOptions { Target = -1 },
        };
        Assert.That(() => new DeepAsmm(options), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(property));
    }
}

using Genomics.Interpret.Asmm;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Tests.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// DeepASMM by local edits (<see cref="EvaluationAlgorithm.LocalEdits"/>) against the batched full forward pass
/// (<see cref="EvaluationAlgorithm.Full"/>) on tiny Basset and NeuronMotif models: equal raw scores for the intended and
/// the original options, with one or several samples per activation chunk.
/// </summary>
[NonParallelizable]
public sealed class DeepAsmmFastTests
{
    private static AsmmBackground Background(int samples, int length, int seed)
    {
        var random = new Random(seed);
        var sequences = new string[samples];
        for (var i = 0; i < samples; i++)
        {
            var chars = new char[length];
            for (var l = 0; l < length; l++)
            {
                chars[l] = "ACGT"[random.Next(4)];
            }

            // An N in one sample: a zero column in the native sequence.
            if (i == 1)
            {
                chars[length / 2] = 'N';
            }

            sequences[i] = new string(chars);
        }

        return AsmmBackground.FromSequences(sequences);
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        var intended = new DeepAsmmOptions { TopFraction = 0.5, MinimumTopCount = 2 };
        var original = DeepAsmmOptions.Original with { TopFraction = 0.5, MinimumTopCount = 2, MotifsPerChunk = 7 };
        Func<ISequenceModel> basset = () => MutagenesisTestModels.Basset();
        Func<ISequenceModel> neuronMotif = () => MutagenesisTestModels.NeuronMotif(NeuronMotifDemoOptions.Demo2);
        yield return new TestCaseData(basset, 60, intended).SetArgDisplayNames("Basset", "intended");
        yield return new TestCaseData(basset, 60, original).SetArgDisplayNames("Basset", "original");
        yield return new TestCaseData(basset, 60, intended with { Target = 1, ActivationCacheBytes = 1 }).SetArgDisplayNames("Basset", "intended, target 1, one sample per chunk");
        yield return new TestCaseData(basset, 60, original with { ActivationCacheBytes = 1 }).SetArgDisplayNames("Basset", "original, one sample per chunk");
        yield return new TestCaseData(neuronMotif, 82, intended).SetArgDisplayNames("NeuronMotifDemo2", "intended");
        yield return new TestCaseData(neuronMotif, 82, original with { TopFraction = null }).SetArgDisplayNames("NeuronMotifDemo2", "original, all occurrences");
    }

    [TestCaseSource(nameof(Cases))]
    public void FastEqualsNaive(Func<ISequenceModel> build, int length, DeepAsmmOptions options)
    {
        var model = build();
        try
        {
            var background = Background(6, length, 21);
            var context = ComputeContext.Default with { BatchSize = 13 };
            var naive = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.Full }).Run(model, background, 3, 3, context);
            var fast = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, background, 3, 3, context);
            Assert.That(fast.Motifs.Select(m => m.Motif), Is.EqualTo(naive.Motifs.Select(m => m.Motif)));
            Assert.That(naive.Motifs, Has.Count.GreaterThan(10));
            Assert.That(naive.Motifs.Select(m => m.SynergyRaw), Has.Some.GreaterThan(0));
            // A score sums |(r − f) / r| over the scored outputs: float32 rounding of f (relative ~1e-6 either way)
            // moves each term by ~1e-6 however small r − f is, so the tolerance is 1e-5 relative plus 2e-6 per output.
            var outputs = options.Target is null ? model.Output.Targets : 1;
            using (Assert.EnterMultipleScope())
            {
                for (var i = 0; i < naive.Motifs.Count; i++)
                {
                    var (a, b) = (naive.Motifs[i], fast.Motifs[i]);
                    Assert.That(b.AutonomyRaw, Is.EqualTo(a.AutonomyRaw).Within((1e-5 * Math.Abs(a.AutonomyRaw)) + (2e-6 * outputs)), $"AF {a.Motif}");
                    Assert.That(b.SynergyRaw, Is.EqualTo(a.SynergyRaw).Within((1e-5 * Math.Abs(a.SynergyRaw)) + (2e-6 * outputs)), $"SCS {a.Motif}");
                }
            }
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    /// <summary>Candidates of widths 5, 1 and 3 with fractional patterns, occurring at both sequence ends and in the middle.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void FastEqualsNaive_MixedWidthsAndSequenceEnds(bool original)
    {
        var model = MutagenesisTestModels.Basset();
        try
        {
            var background = Background(4, 60, 9);
            var random = new Random(5);
            int[] widths = [5, 1, 3];
            var patterns = widths.Select(w => Enumerable.Range(0, 4 * w).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            var samples = new List<int>();
            var positions = new List<int>();
            var offsets = new List<int> { 0 };
            foreach (var w in widths)
            {
                for (var x = 0; x < background.Count; x++)
                {
                    samples.AddRange([x, x, x]);
                    positions.AddRange([0, 60 - w, random.Next(60 - w + 1)]);
                }

                offsets.Add(samples.Count);
            }

            var candidates = new MotifCandidateSet(["five", "one", "three"], widths, patterns, [.. offsets], [.. samples], [.. positions], 60);
            var options = (original ? DeepAsmmOptions.Original with { MotifsPerChunk = 2 } : DeepAsmmOptions.Default) with { TopFraction = 0.5, MinimumTopCount = 2 };
            var context = ComputeContext.Default with { BatchSize = 7 };
            var naive = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.Full }).Run(model, background, candidates, context);
            var fast = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.LocalEdits, ActivationCacheBytes = 1 }).Run(model, background, candidates, context);
            using (Assert.EnterMultipleScope())
            {
                for (var i = 0; i < naive.Motifs.Count; i++)
                {
                    var (a, b) = (naive.Motifs[i], fast.Motifs[i]);
                    Assert.That(b.AutonomyRaw, Is.EqualTo(a.AutonomyRaw).Within((1e-5 * Math.Abs(a.AutonomyRaw)) + 6e-6), $"AF {a.Motif}");
                    Assert.That(b.SynergyRaw, Is.EqualTo(a.SynergyRaw).Within((1e-5 * Math.Abs(a.SynergyRaw)) + 6e-6), $"SCS {a.Motif}");
                }
            }
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    [Test]
    public void Auto_FallsBackToNaiveForModelsWithoutTrunk_FastIsRejected()
    {
        using var model = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, 12, 2));
        var background = Background(4, 12, 3);
        var auto = new DeepAsmm(new DeepAsmmOptions { Algorithm = EvaluationAlgorithm.Auto }).Run(model, background, 2, 2);
        var naive = new DeepAsmm(new DeepAsmmOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, background, 2, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(auto.Motifs.Select(m => m.SynergyRaw), Is.EqualTo(naive.Motifs.Select(m => m.SynergyRaw)).Within(1e-4).Percent);
            Assert.That(() => new DeepAsmm(new DeepAsmmOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, background, 2, 2), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
            Assert.That(() => new DeepAsmm(new DeepAsmmOptions { ActivationCacheBytes = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(nameof(DeepAsmmOptions.ActivationCacheBytes)));
        }
    }

    [TestCase(SynergyReference.Sample)]
    [TestCase(SynergyReference.ChunkRow)]
    public void Fast_ReportsProgressToTotal_LeavesNoLiveTensors_RestoresTrainingMode(SynergyReference reference)
    {
        var model = MutagenesisTestModels.Basset();
        try
        {
            model.train();
            var background = Background(5, 60, 4);
            var reports = new List<OperationProgress>();
            var options = new DeepAsmmOptions { Algorithm = EvaluationAlgorithm.LocalEdits, SynergyReference = reference, ActivationCacheBytes = 1 };
            var before = TorchTestEnvironment.LiveTensors;
            new DeepAsmm(options).Run(model, background, 3, 3, ComputeContext.Default with { BatchSize = 8 }, new SynchronousProgress<OperationProgress>(reports.Add));
            var candidates = new KmerCandidateSource(3, 3).Locate(background);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
                Assert.That(model.training, Is.True);
                Assert.That(reports.Last(r => r.Stage == "synergy"), Is.EqualTo(new OperationProgress("synergy", candidates.TotalOccurrences, candidates.TotalOccurrences)));
                Assert.That(reports.Last(r => r.Stage == "autonomy").Completed, Is.EqualTo(reports.Last(r => r.Stage == "autonomy").Total));
                Assert.That(reports.Any(r => r.Stage == "reference"), Is.EqualTo(reference == SynergyReference.Sample));
            }
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    [Test]
    public void Fast_PreCancelledOrCancelledMidway_ThrowsAndLeaksNoTensors()
    {
        var model = MutagenesisTestModels.Basset();
        try
        {
            var background = Background(4, 60, 8);
            var engine = new DeepAsmm(new DeepAsmmOptions { Algorithm = EvaluationAlgorithm.LocalEdits });
            var context = ComputeContext.Default with { BatchSize = 4 };
            Assert.That(() => engine.Run(model, background, 3, 3, context, null, new CancellationToken(true)), Throws.InstanceOf<OperationCanceledException>());
            using var cts = new CancellationTokenSource();
            var progress = new SynchronousProgress<OperationProgress>(p =>
            {
                if (p.Stage == "synergy")
                {
                    cts.Cancel();
                }
            });
            var before = TorchTestEnvironment.LiveTensors;
            Assert.That(() => engine.Run(model, background, 3, 3, context, progress, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
        finally
        {
            model.Module.Dispose();
        }
    }

}

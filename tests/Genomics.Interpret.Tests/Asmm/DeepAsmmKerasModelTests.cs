using Genomics.Interpret.Asmm;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Compute;
using Genomics.Models.Serialization.Keras;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// DeepASMM on Keras models imported with <see cref="KerasModel.Load(string)"/> (the fixtures of
/// tools/reference/keras_sequential_fixtures.py): the imported block model supports local edits, and local-edit scores
/// equal the full forward pass — which checks the trunk stages of 'same' and strided convolutions, ceil-mode pools and
/// activation-before-normalisation chains.
/// </summary>
[NonParallelizable]
public sealed class DeepAsmmKerasModelTests
{
    [TestCase("basset_like", 60)]
    [TestCase("deepcba_like", 50)]
    [TestCase("same_pools", 45)]
    public void DeepAsmm_RunsOnImportedKerasModel_LocalEditsEqualFullPass(string fixture, int length)
    {
        var path = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", fixture + ".h5");
        using var model = KerasModel.Load(path);
        var random = new Random(17);
        var sequences = Enumerable.Range(0, 5)
            .Select(_ => new string(Enumerable.Range(0, length).Select(_ => "ACGT"[random.Next(4)]).ToArray()))
            .ToArray();
        var background = AsmmBackground.FromSequences(sequences);
        var options = new DeepAsmmOptions { TopFraction = 0.5, MinimumTopCount = 2 };
        var context = ComputeContext.Default with { BatchSize = 16 };
        var full = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.Full }).Run(model, background, 3, 3, context);
        var local = new DeepAsmm(options with { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, background, 3, 3, context);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EditEvaluation.SupportsLocalEdits(model, out var reason), Is.True, reason);
            Assert.That(full.Motifs, Has.Count.GreaterThan(5));
            Assert.That(local.Motifs.Select(m => m.Motif), Is.EqualTo(full.Motifs.Select(m => m.Motif)));
            Assert.That(full.Motifs.Select(m => m.AutonomyRaw), Has.Some.GreaterThan(0));
            var outputs = model.Output.Targets;
            for (var i = 0; i < full.Motifs.Count; i++)
            {
                var (a, b) = (full.Motifs[i], local.Motifs[i]);
                Assert.That(b.AutonomyRaw, Is.EqualTo(a.AutonomyRaw).Within((1e-5 * Math.Abs(a.AutonomyRaw)) + (2e-6 * outputs)), $"AF {a.Motif}");
                Assert.That(b.SynergyRaw, Is.EqualTo(a.SynergyRaw).Within((1e-5 * Math.Abs(a.SynergyRaw)) + (2e-6 * outputs)), $"SCS {a.Motif}");
            }
        }
    }

    [Test]
    public void ImportedSamePools_FastIsmEqualsNaive_AndDeepLiftShapIsCompleteWithoutNaN()
    {
        // same_pools.h5: 'same' max and average pools that pad before the sequence, and one that pads at the end.
        var path = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", "same_pools.h5");
        using var model = KerasModel.Load(path);
        using var x = TestSequences.RandomOneHot(3, 45, 31);
        using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x);
        using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x);
        using var gap = (naive.Deltas - fast.Deltas).abs().max();
        using var spread = naive.Deltas.abs().max();
        var target = AttributionTarget.Output(0);
        using var shap = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 3, KeepReferences = true }).Attribute(model, x, target);
        var expected = Genomics.Interpret.Tests.DeepLift.DeepLiftShapTests.ExpectedDifference(model, x, shap.References!, target);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fast.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions");
            Assert.That(DeepLiftSupport.UnsupportedModules(model), Is.Empty);
            Assert.That(shap.Scores.data<float>().ToArray().All(float.IsFinite), Is.True);
            Assert.That(Genomics.Interpret.Tests.DeepLift.DeepLiftShapTests.SumPerExample(shap.Scores), Is.EqualTo(expected).Within(1e-4));
        }
    }

    [Test]
    public void ImportedKerasModel_IsAcceptedByDeepLift()
    {
        var path = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", "basset_like.h5");
        using var model = KerasModel.Load(path);
        Assert.That(DeepLiftSupport.UnsupportedModules(model), Is.Empty);
    }
}

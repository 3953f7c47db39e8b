using Genomics.Interpret.Asmm;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Evaluation;
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
    public void ImportedKerasModel_IsAcceptedByDeepLift()
    {
        var path = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", "basset_like.h5");
        using var model = KerasModel.Load(path);
        Assert.That(DeepLiftSupport.UnsupportedModules(model), Is.Empty);
    }
}

using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Mutagenesis;

/// <summary>A model built only from blocks gets fast ISM without describing its trunk by hand, and fast equals naive.</summary>
[NonParallelizable]
public sealed class BlockModelIsmTests
{
    [Test]
    public void BlockBuiltToyModel_FastIsmEqualsNaiveIsm_AndAutoChoosesFast()
    {
        using var model = MutagenesisTestModels.BlockToy();
        using var x = TestSequences.RandomOneHot(3, MutagenesisTestModels.BlockToyLength, 8);
        using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x);
        using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x);
        using var auto = new InSilicoMutagenesis().Run(model, x);
        using var gap = (naive.Deltas - fast.Deltas).abs().max();
        using var referenceGap = (naive.ReferenceOutputs - fast.ReferenceOutputs).abs().max();
        using var autoGap = (auto.Deltas - fast.Deltas).abs().max();
        using var spread = naive.Deltas.abs().max();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EditEvaluation.SupportsLocalEdits(model, out var reason), Is.True, reason);
            Assert.That(fast.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
            Assert.That(auto.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
            Assert.That(naive.Deltas.shape, Is.EqualTo(new long[] { 3, 3, 4, MutagenesisTestModels.BlockToyLength }));
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(referenceGap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(autoGap.item<float>(), Is.Zero);
            Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions for the comparison to mean something");
        }
    }

    [Test]
    public void PoolsPaddingBeforeTheSequence_FastIsmEqualsNaiveIsm()
    {
        using var model = MutagenesisTestModels.SamePoolBlock();
        using var x = TestSequences.RandomOneHot(3, SamePoolBlockModel.Length, 9);
        using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x);
        using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x);
        using var gap = (naive.Deltas - fast.Deltas).abs().max();
        using var referenceGap = (naive.ReferenceOutputs - fast.ReferenceOutputs).abs().max();
        using var edges = naive.Deltas.narrow(3, 0, 2).abs().max();
        using var spread = naive.Deltas.abs().max();
        var stages = model.TrunkStages;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EditEvaluation.SupportsLocalEdits(model, out var reason), Is.True, reason);
            Assert.That(fast.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
            Assert.That((stages[2].Name, stages[2].PaddingBefore, stages[2].PaddingAfter, stages[2].PaddingValue), Is.EqualTo(("trunk.0.pool", 1, 1, double.NegativeInfinity)));
            Assert.That((stages[5].Name, stages[5].PaddingBefore, stages[5].PaddingAfter, double.IsNaN(stages[5].PaddingValue)), Is.EqualTo(("trunk.1.pool", 1, 1, true)));
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(referenceGap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions for the comparison to mean something");
            Assert.That(edges.item<float>(), Is.GreaterThan(0f), "the first positions, whose windows hold the padding, must matter");
        }
    }
}

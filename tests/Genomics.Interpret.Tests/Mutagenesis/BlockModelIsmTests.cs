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
        using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = IsmAlgorithm.Naive }).Run(model, x);
        using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = IsmAlgorithm.Fast }).Run(model, x);
        using var auto = new InSilicoMutagenesis().Run(model, x);
        using var gap = (naive.Deltas - fast.Deltas).abs().max();
        using var referenceGap = (naive.ReferenceOutputs - fast.ReferenceOutputs).abs().max();
        using var autoGap = (auto.Deltas - fast.Deltas).abs().max();
        using var spread = naive.Deltas.abs().max();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(InSilicoMutagenesis.SupportsFast(model, out var reason), Is.True, reason);
            Assert.That(fast.Algorithm, Is.EqualTo(IsmAlgorithm.Fast));
            Assert.That(auto.Algorithm, Is.EqualTo(IsmAlgorithm.Fast));
            Assert.That(naive.Deltas.shape, Is.EqualTo(new long[] { 3, 3, 4, MutagenesisTestModels.BlockToyLength }));
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(referenceGap.item<float>(), Is.LessThan(1e-5f));
            Assert.That(autoGap.item<float>(), Is.Zero);
            Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions for the comparison to mean something");
        }
    }
}

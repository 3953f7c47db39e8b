using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>FirstExample: an input attributed in pieces gets the references, and so the attributions, of one call.</summary>
[NonParallelizable]
public sealed class DeepLiftShapPieceTests
{
    private static readonly ToyModelOptions OneHot20 = new(InputKind.OneHot, 4, 20, 2);

    [Test]
    public void DeepLiftShap_InTwoPieces_EqualsOneCall()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(7, 20, seed: 11);
        var target = AttributionTarget.Output(0);
        using var whole = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 2, KeepReferences = true }).Attribute(model, x, target);
        using var first = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 2, KeepReferences = true }).Attribute(model, x.narrow(0, 0, 3), target);
        using var second = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 2, KeepReferences = true, FirstExample = 3 }).Attribute(model, x.narrow(0, 3, 4), target);
        using var references = cat([first.References!, second.References!], 0);
        using var scores = cat([first.Scores, second.Scores], 0);
        Assert.That(references.equal(whole.References!).all().item<bool>(), Is.True, "the same references per example");
        Assert.That(scores.allclose(whole.Scores, rtol: 0, atol: 1e-6), Is.True);

        using var unshifted = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 2, KeepReferences = true }).Attribute(model, x.narrow(0, 3, 4), target);
        Assert.That(unshifted.References!.equal(second.References!).all().item<bool>(), Is.False, "without FirstExample the piece's examples get examples 0.. 's references");
    }

    [Test]
    public void IntegratedGradients_WithShuffledBaselines_InTwoPieces_EqualsOneCall()
    {
        using var model = new ToyConvModel(OneHot20, seed: 5);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 12);
        var target = AttributionTarget.Output(1);
        SaliencyOptions Options(long first) => new() { Method = SaliencyMethod.IntegratedGradients, Steps = 8, References = 3, ReferenceGenerator = new DinucleotideShuffle(), Seed = 9, FirstExample = first };
        using var whole = new Saliency(Options(0)).Attribute(model, x, target);
        using var first = new Saliency(Options(0)).Attribute(model, x.narrow(0, 0, 2), target);
        using var second = new Saliency(Options(2)).Attribute(model, x.narrow(0, 2, 3), target);
        using var scores = cat([first.Scores, second.Scores], 0);
        Assert.That(scores.allclose(whole.Scores, rtol: 0, atol: 1e-6), Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeepLiftShap(new DeepLiftShapOptions { FirstExample = -1 }.Validate()));
    }
}

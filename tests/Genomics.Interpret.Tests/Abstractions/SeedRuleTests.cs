using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Neurons;
using Genomics.Interpret.References;
using Genomics.Interpret.Seqlets;
using Genomics.Interpret.Tests.Neurons;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Abstractions;

/// <summary>The one seed rule: the options' seed, else the context's, else the engine's documented default.</summary>
[NonParallelizable]
public sealed class SeedRuleTests
{
    private static readonly ToyModelOptions OneHot20 = new(InputKind.OneHot, 4, 20, 2);

    private static float[] Values(Tensor t)
    {
        using var c = t.contiguous();
        return c.data<float>().ToArray();
    }

    [Test]
    public void DefaultSeeds_AreTheDocumentedOnes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ComputeContext.Default.Seed, Is.Null);
            Assert.That(DeepLiftShapOptions.DefaultSeed, Is.Zero);
            Assert.That(SaliencyOptions.DefaultSeed, Is.Zero);
            Assert.That(Genomics.Interpret.Modisco.ModiscoOptions.DefaultSeed, Is.EqualTo(1234));
            Assert.That(WindowedSeqletOptions.DefaultSeed, Is.EqualTo(1234));
            Assert.That(SeqletClusteringOptions.DefaultSeed, Is.EqualTo(1));
            Assert.That(NeuronSamplingOptions.DefaultSeed, Is.Zero);
            Assert.That(DemixingOptions.DefaultSeed, Is.Zero);
            Assert.That(MotifPairEpistasisOptions.DefaultSeed, Is.Zero);
        }
    }

    [Test]
    public void DeepLiftShap_NoSeedAnywhere_EqualsTheDefaultSeed_AndTheContextSeedEqualsTheOptionSeed()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 3);
        var target = AttributionTarget.Output(0);
        using var none = new DeepLiftShap(new DeepLiftShapOptions { References = 3 }).Attribute(model, x, target);
        using var zero = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = DeepLiftShapOptions.DefaultSeed }).Attribute(model, x, target);
        using var context = new DeepLiftShap(new DeepLiftShapOptions { References = 3 }).Attribute(model, x, target, new ComputeContext { Seed = 11 });
        using var option = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 11 }).Attribute(model, x, target, new ComputeContext { Seed = 5 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(none.Scores), Is.EqualTo(Values(zero.Scores)));
            Assert.That(Values(context.Scores), Is.EqualTo(Values(option.Scores)));
            Assert.That(Values(context.Scores), Is.Not.EqualTo(Values(none.Scores)));
        }
    }

    [Test]
    public void IntegratedGradients_GeneratedReferencesFollowTheRule()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 6);
        var target = AttributionTarget.Output(1);
        SaliencyOptions Options(long? seed) => new() { Method = SaliencyMethod.IntegratedGradients, Steps = 3, ReferenceGenerator = new DinucleotideShuffle(), References = 2, Seed = seed };
        using var none = new Saliency(Options(null)).Attribute(model, x, target);
        using var zero = new Saliency(Options(SaliencyOptions.DefaultSeed)).Attribute(model, x, target);
        using var context = new Saliency(Options(null)).Attribute(model, x, target, new ComputeContext { Seed = 4 });
        using var option = new Saliency(Options(4)).Attribute(model, x, target);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(none.Scores), Is.EqualTo(Values(zero.Scores)));
            Assert.That(Values(context.Scores), Is.EqualTo(Values(option.Scores)));
        }
    }

    [Test]
    public void WindowedSeqlets_NullSeed_IsTfModiscoLitesSeed()
    {
        var random = new Random(2);
        var contributions = new double[6, 80];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 80; j++)
            {
                contributions[i, j] = (random.NextDouble() - 0.5) * 0.1 + (j is >= 30 and < 38 ? 1 : 0);
            }
        }

        var none = WindowedSeqletCaller.Call(contributions, new WindowedSeqletOptions());
        var given = WindowedSeqletCaller.Call(contributions, new WindowedSeqletOptions { Seed = WindowedSeqletOptions.DefaultSeed });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(none.Seqlets, Is.EqualTo(given.Seqlets));
            Assert.That(none.PositiveThreshold, Is.EqualTo(given.PositiveThreshold));
            Assert.That(none.NegativeThreshold, Is.EqualTo(given.NegativeThreshold));
        }
    }

    [Test]
    public void NeuronSampler_TakesTheNetworksContextSeedWhenTheOptionsHaveNone()
    {
        using var model = DemoData.Demo1();
        var options = new NeuronSamplingOptions { PopulationSize = 40, MaxGenerations = 4, SamplesPerBin = 5 };
        var fromContext = new NeuronSampler(NeuronNetwork.FromModel(model, new ComputeContext { Seed = 7 }), options).Sample("conv1", [1])[0];
        var fromOptions = new NeuronSampler(NeuronNetwork.FromModel(model), options with { Seed = 7 }).Sample("conv1", [1])[0];
        var optionsWin = new NeuronSampler(NeuronNetwork.FromModel(model, new ComputeContext { Seed = 3 }), options with { Seed = 7 }).Sample("conv1", [1])[0];
        var none = new NeuronSampler(NeuronNetwork.FromModel(model), options).Sample("conv1", [1])[0];
        var zero = new NeuronSampler(NeuronNetwork.FromModel(model), options with { Seed = NeuronSamplingOptions.DefaultSeed }).Sample("conv1", [1])[0];
        static IEnumerable<string> Windows(NeuronSamples s) => s.Sequences.Select(q => string.Concat(q));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Windows(fromContext), Is.EqualTo(Windows(fromOptions)));
            Assert.That(Windows(optionsWin), Is.EqualTo(Windows(fromOptions)));
            Assert.That(Windows(none), Is.EqualTo(Windows(zero)));
        }
    }
}

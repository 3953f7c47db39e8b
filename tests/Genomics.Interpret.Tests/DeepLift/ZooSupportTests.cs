using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>
/// Which zoo architectures DeepLIFT supports: each supported one is attributed in strict mode (every convergence delta
/// below 1e-3) and its contributions sum to f(x) − mean f(r); a raw TorchSharp LSTM outside the library's recurrent
/// modules is rejected naming the module.
/// </summary>
[NonParallelizable]
public sealed class ZooSupportTests
{
    private static readonly PairedAlleleOptions TinyAllele = new()
    {
        Length = 12, FirstFilters = 8, FirstKernelSize = 5, Filters = 8, KernelSize = 3, PoolSize = 2, ResidualBlocks = 2,
        HiddenSize = 8, HiddenLayers = 1, Dropout = 0,
    };

    private static IEnumerable<TestCaseData> Supported()
    {
        yield return new TestCaseData(new Func<ISequenceModel>(() => new BassetModel(BassetOptions.Published with
        {
            InputLength = 60, ConvFilters = [8, 8, 8], ConvWidths = [5, 3, 3], PoolWidths = [2, 2, 2], HiddenUnits = [16, 16], HiddenDropouts = [0, 0], Targets = 3,
        }))).SetName("Basset");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new DeepDifEModel(DeepDifEOptions.Published with
        {
            InputLength = 60, FirstFilters = 8, FirstDenseUnits = 16, SecondDenseUnits = 8, Dropout = 0,
        }))).SetName("DeepDifE");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo1))).SetName("NeuronMotifDemo1");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new SingleAlleleModel(TinyAllele))).SetName("DeepAlleleSingle");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new DeepChromeModel(DeepChromeOptions.Published with { Filters = 8, HiddenSizes = [16], Dropout = 0 }))).SetName("DeepChrome");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new PairedAlleleModel(TinyAllele))).SetName("DeepAllelePairedStacked");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10, BinHiddenSize = 4, MarkHiddenSize = 3 }))).SetName("AttentiveChrome");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new CnnGruModel(CnnGruOptions.HalfLife with { Length = 400, Filters = 8 }))).SetName("CnnGruHalfLife");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Filters = 8 }))).SetName("CnnGruMeanRibosomeLoad");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new DeepCbaModel(DeepCbaOptions.Small))).SetName("DeepCba");
    }

    [TestCaseSource(nameof(Supported))]
    public void SupportedArchitecture_IsComplete(Func<ISequenceModel> create)
    {
        var model = create();
        try
        {
            Assert.That(DeepLiftSupport.UnsupportedModules(model), Is.Empty);
            var length = model.Input.Length ?? 20;
            using var x = model.Input.Kind == InputKind.OneHot
                ? TestSequences.RandomOneHot(3, length, seed: 21)
                : torch.rand(3, model.Input.Channels, length, generator: new Generator(21)) * 4;
            var generator = model.Input.Kind == InputKind.OneHot ? (IReferenceGenerator)new DinucleotideShuffle() : new BinShuffle();
            var target = AttributionTarget.Output(model.Output.Targets - 1);
            var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 5, Strict = true, ReferenceGenerator = generator, KeepReferences = true });
            using var result = method.Attribute(model, x, target);
            var expected = DeepLiftShapTests.ExpectedDifference(model, x, result.References!, target);
            var scale = Math.Max(1.0, expected.Max(Math.Abs));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-3));
                Assert.That(DeepLiftShapTests.SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4 * scale));
            }
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    [Test]
    public void PairedAlleleView_WithUniformBaseline_GivesDeepAlleleMultipliers()
    {
        using var paired = new PairedAlleleModel(TinyAllele);
        using var fixedSide = TestSequences.RandomOneHot(1, 12, seed: 2);
        using var view = new PairedAlleleView(paired, PairedAlleleMode.VaryFirst, fixedSide);
        using var x = TestSequences.RandomOneHot(2, 12, seed: 3);
        var method = new DeepLiftShap(new DeepLiftShapOptions
        {
            References = 1, ReferenceGenerator = ConstantReference.Uniform, MultipliersOnly = true, CentreAcrossChannels = true, Strict = true,
        });
        using var result = method.Attribute(view, x, AttributionTarget.Output(2));
        using var channelSums = result.Scores.sum([1]).abs().max();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.shape, Is.EqualTo(new long[] { 2, 4, 12 }));
            Assert.That(channelSums.item<float>(), Is.LessThan(1e-6));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-3));
        }
    }

    [Test]
    public void RawRecurrentModule_IsRejectedNamingTheModule()
    {
        using var model = new RecurrentModel();
        var problems = DeepLiftSupport.UnsupportedModules(model);
        Assert.That(problems, Has.Some.Contains("(LSTM)"));
        Assert.That(() => DeepLiftSupport.EnsureSupported(model), Throws.ArgumentException.With.Property("ParamName").EqualTo("model").And.Message.Contains("(LSTM)"));
    }

    [Test]
    public void RecurrentAttentionAndLayerNormModules_OfTheZoo_AreAccepted()
    {
        using var attentive = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10 });
        using var deepCba = new DeepCbaModel(DeepCbaOptions.Small);
        using var cnnGru = new CnnGruModel(CnnGruOptions.HalfLife);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeepLiftSupport.UnsupportedModules(attentive), Is.Empty);
            Assert.That(DeepLiftSupport.UnsupportedModules(deepCba), Is.Empty);
            Assert.That(DeepLiftSupport.UnsupportedModules(cnnGru), Is.Empty);
        }
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Architectures;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

/// <summary>
/// The unfused LSTM/GRU recurrences (and the explicit layer normalisation) compute what the fused libtorch modules
/// compute from the same parameters, and the zoo models give the same outputs with DeepLIFT's rules active (where they
/// switch to the unfused path) as without.
/// </summary>
[NonParallelizable]
public sealed class UnfusedRecurrenceTests
{
    private const double Tolerance = 1e-6;

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var d = (a - b).abs().max();
        return d.item<float>();
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Lstm_EqualsFusedModule(bool bidirectional)
    {
        using var seed = new TorchSeedScope(3);
        using var lstm = nn.LSTM(5, 7, batchFirst: true, bidirectional: bidirectional);
        using var input = torch.randn(4, 30, 5, generator: new Generator(1));
        using var noGrad = torch.no_grad();
        var (fused, h, c) = lstm.call(input, null);
        using var unfused = UnfusedRecurrence.Lstm(lstm, input);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unfused.shape, Is.EqualTo(fused.shape));
            Assert.That(MaxDifference(unfused, fused), Is.LessThan(Tolerance));
        }

        fused.Dispose();
        h.Dispose();
        c.Dispose();
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Gru_EqualsFusedModule(bool bidirectional)
    {
        using var seed = new TorchSeedScope(4);
        using var gru = nn.GRU(5, 6, batchFirst: true, bidirectional: bidirectional);
        using var input = torch.randn(3, 25, 5, generator: new Generator(2));
        using var noGrad = torch.no_grad();
        var (fused, h) = gru.call(input, null);
        using var unfused = UnfusedRecurrence.Gru(gru, input);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unfused.shape, Is.EqualTo(fused.shape));
            Assert.That(MaxDifference(unfused, fused), Is.LessThan(Tolerance));
        }

        fused.Dispose();
        h.Dispose();
    }

    [Test]
    public void UnfusedLstm_OutsideRules_HasTheFusedGradient()
    {
        using var seed = new TorchSeedScope(5);
        using var lstm = nn.LSTM(3, 4, batchFirst: true);
        using var input = torch.randn(2, 6, 3, generator: new Generator(3)).requires_grad_(true);
        var (fused, h, c) = lstm.call(input, null);
        var fusedGradient = torch.autograd.grad([fused.sum()], [input])[0];
        using var unfused = UnfusedRecurrence.Lstm(lstm, input);
        var unfusedGradient = torch.autograd.grad([unfused.sum()], [input])[0];
        Assert.That(MaxDifference(unfusedGradient, fusedGradient), Is.LessThan(1e-5));
        fused.Dispose();
        h.Dispose();
        c.Dispose();
    }

    [Test]
    public void MultiLayerRecurrence_IsRefused()
    {
        using var lstm = nn.LSTM(3, 4, numLayers: 2, batchFirst: true);
        using var input = torch.zeros(1, 2, 3);
        Assert.That(() => UnfusedRecurrence.Lstm(lstm, input), Throws.InstanceOf<NotSupportedException>());
    }

    [Test]
    public void ChannelLayerNorm_ExplicitFormEqualsLayerNorm()
    {
        using var seed = new TorchSeedScope(6);
        using var norm = new ChannelLayerNorm(8, 0.007);
        using (torch.no_grad())
        {
            foreach (var p in norm.parameters())
            {
                p.normal_();
            }
        }

        using var input = torch.randn(3, 8, 11, generator: new Generator(4)) * 3;
        using var noGrad = torch.no_grad();
        using var fused = norm.call(input);
        using var steps = input.transpose(1, 2);
        using var explicitForm = norm.Explicit(steps).transpose(1, 2);
        Assert.That(MaxDifference(explicitForm, fused), Is.LessThan(Tolerance));
    }

    private static IEnumerable<TestCaseData> ZooModels()
    {
        yield return new TestCaseData(new Func<ISequenceModel>(() => new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 12, BinHiddenSize = 6, MarkHiddenSize = 4 }))).SetName("AttentiveChrome");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new CnnGruModel(CnnGruOptions.HalfLife with { Length = 400, Filters = 8 }))).SetName("CnnGruHalfLife");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Filters = 8 }))).SetName("CnnGruMeanRibosomeLoad");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new DeepCbaModel(DeepCbaOptions.Small))).SetName("DeepCba");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new AttentiveChromeModel())).SetName("AttentiveChromePublished");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new CnnGruModel(CnnGruOptions.HalfLife))).SetName("CnnGruHalfLifePublished");
        yield return new TestCaseData(new Func<ISequenceModel>(() => new DeepCbaModel())).SetName("DeepCbaPublished");
    }

    [TestCaseSource(nameof(ZooModels))]
    public void ZooModel_UnderRules_GivesTheFusedOutputs(Func<ISequenceModel> create)
    {
        using var seed = new TorchSeedScope(7);
        var model = create();
        try
        {
            model.Module.eval();
            var length = model.Input.Length!.Value;
            using var input = torch.rand(6, model.Input.Channels, length, generator: new Generator(5));
            using var noGrad = torch.no_grad();
            using var fused = model.Evaluate(input);
            long applications;
            Tensor unfused;
            using (var rules = AttributionRules.DeepLiftRescale())
            {
                unfused = model.Evaluate(input);
                applications = rules.RuleApplications;
            }

            using (unfused)
            using (Assert.EnterMultipleScope())
            {
                Assert.That(applications, Is.GreaterThan(0));
                Assert.That(MaxDifference(unfused, fused), Is.LessThan(Tolerance * Math.Max(1.0, fused.abs().max().item<float>())));
            }
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    [TestCase("attentivechrome", null)]
    [TestCase("cnngru", "mrl")]
    [TestCase("deepcba", "small")]
    public void SavedCheckpoint_LoadsAndRunsUnfusedUnderRules(string architecture, string? preset)
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf(architecture + ".gckpt");
        using var seed = new TorchSeedScope(9);
        var original = ModelCatalog.Create(architecture, preset);
        try
        {
            using (torch.no_grad())
            {
                foreach (var p in original.Module.parameters())
                {
                    p.add_(torch.randn_like(p) * 0.05);
                }
            }

            ModelCatalog.Save(path, original);
            using var loaded = ModelCatalog.Load(path);
            original.Module.eval();
            loaded.Module.eval();
            var length = original.Input.Length!.Value;
            using var input = torch.rand(4, original.Input.Channels, length, generator: new Generator(6));
            using var noGrad = torch.no_grad();
            using var fused = original.Evaluate(input);
            Tensor unfused;
            using (AttributionRules.DeepLiftRescale())
            {
                unfused = loaded.Evaluate(input);
            }

            using (unfused)
            {
                Assert.That(MaxDifference(unfused, fused), Is.LessThan(Tolerance * Math.Max(1.0, fused.abs().max().item<float>())));
            }
        }
        finally
        {
            original.Module.Dispose();
        }
    }
}

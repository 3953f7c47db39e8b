using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Capture;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.Models.Serialization;
using Genomics.Models.Tests.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Architectures.PairedAllele;

[NonParallelizable]
public sealed partial class PairedAlleleModelTests
{
    /// <summary>
    /// A tiny configuration for fast tests: 2L = 24 → 12 → 6 after two poolings of 2. Convolutions keep 16 output
    /// channels: with oneDNN enabled, libtorch's CPU conv1d backward pass (TorchSharp-cpu 0.107) was seen to write NaN
    /// into the input gradient now and then when a convolution had fewer than 16 output channels.
    /// </summary>
    internal static readonly PairedAlleleOptions Tiny = new()
    {
        Length = 12,
        FirstFilters = 16,
        FirstKernelSize = 5,
        Filters = 16,
        KernelSize = 3,
        PoolSize = 2,
        ResidualBlocks = 2,
        HiddenSize = 8,
        HiddenLayers = 1,
        Dropout = 0,
    };

    [Test]
    public void Atac_ForwardOnOnePair_HasSpecifiedShapeFlattenAndParameterCount()
    {
        using var model = new PairedAlleleModel(PairedAlleleOptions.Atac);
        model.eval();
        using var first = OneHot(1, 330, seed: 1);
        using var second = OneHot(1, 330, seed: 2);
        using var y = model.Evaluate(first, second);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(PairedAlleleOptions.Atac.PooledLength, Is.EqualTo(3)); // 660 → 165 → 42 → 11 → 3
            Assert.That(PairedAlleleOptions.Atac.FlattenSize, Is.EqualTo(768));
            // conv0 31,232 + BN 1,024; conv1 655,616 + 512; 4 × (327,936 + 512); fc0 393,728;
            // count head 2 × 262,656 + 513; ratio head 2 × 1,049,600 + 1,025 = 5,021,954.
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(5_021_954));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "first_count", "second_count", "ratio" }));
        }
    }

    [Test]
    public void Chip_ForwardOnOnePair_HasSpecifiedShapeFlattenAndParameterCount()
    {
        using var model = new PairedAlleleModel(PairedAlleleOptions.Chip);
        model.eval();
        using var x = PairedAlleleModel.Stack(OneHot(1, 551, seed: 3), OneHot(1, 551, seed: 4));
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(PairedAlleleOptions.Chip.PooledLength, Is.EqualTo(18)); // 1,102 → 551 → 276 → 138 → 69 → 35 → 18
            Assert.That(PairedAlleleOptions.Chip.FlattenSize, Is.EqualTo(4_608));
            // As ATAC with 6 residual blocks (1,970,688) and fc0 4,608 × 512 + 512 = 2,359,808.
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(7_644_930));
        }
    }

    [Test]
    public void Rna_FlattenSizes_MatchDeepAllele_AndAnEvenFirstKernelKeepsTheLength()
    {
        var paper = PairedAlleleOptions.Rna(5_000);
        using var paperModel = new PairedAlleleModel(paper);
        using var model = new PairedAlleleModel(PairedAlleleOptions.Rna(300));
        model.eval();
        using var first = OneHot(1, 300, seed: 5);
        using var second = OneHot(1, 300, seed: 6);
        using var y = model.Evaluate(first, second);
        using var maps = model.FirstLayerMaps(first);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(paper.PooledLength, Is.EqualTo(16)); // 10,000 → 2,000 → 400 → 80 → 16
            Assert.That(paper.FlattenSize, Is.EqualTo(4_096));
            Assert.That(paper.FirstKernelSize, Is.EqualTo(10));
            // conv0 20,992 + 1,024; conv1 393,472 + 512; 4 × (196,864 + 512); fc0 4,096 × 512 + 512; heads 2,626,050.
            Assert.That(paperModel.parameters().Sum(p => p.numel()), Is.EqualTo(5_929_218));
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(maps.shape, Is.EqualTo(new long[] { 1, 512, 300 }), "'same' padding with width 10");
            // conv0 20,992 + 1,024; conv1 393,472 + 512; 4 × (196,864 + 512); fc0 256 × 512 + 512; heads 2,626,050.
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(3_963_138));
            Assert.That(() => PairedAlleleOptions.Rna(2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Length"));
        }
    }

    [Test]
    public void Layers_HaveReceptiveFieldsOnTheConcatenatedSequence_AndNameExistingModules()
    {
        using var model = new PairedAlleleModel(PairedAlleleOptions.Atac with { FirstFilters = 8, Filters = 8, HiddenSize = 8 });
        var layers = model.Layers.ToDictionary(l => l.Name);
        var modules = model.named_modules().Select(m => m.name).ToHashSet(StringComparer.Ordinal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layers["conv0.0"].ReceptiveField, Is.EqualTo(15));
            Assert.That(layers["convlayers.0.0"].ReceptiveField, Is.EqualTo(19));
            Assert.That(layers["convlayers.1._module.0"].ReceptiveField, Is.EqualTo(23));
            Assert.That(layers["convlayers.2"].ReceptiveField, Is.EqualTo(26));
            Assert.That(layers["convlayers.2"].Stride, Is.EqualTo(4));
            Assert.That(layers["convlayers.3._module.0"].ReceptiveField, Is.EqualTo(42));
            Assert.That(layers["ratio_out.0"].Kind, Is.EqualTo(LayerKind.Linear));
            Assert.That(model.Layers.Select(l => l.Name).Where(n => !modules.Contains(n)), Is.Empty);
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_MatchDeepAllele()
    {
        using var model = new PairedAlleleModel(Tiny with { FirstFilters = 6, Filters = 4, ResidualBlocks = 1 });
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        // TorchSharp lists parameters before buffers; names and shapes equal DeepAllele's PyTorch state dict.
        Assert.That(snapshot, Is.EqualTo(new[]
        {
            "conv0.0.weight:6x4x5", "conv0.0.bias:6", "conv0.2.weight:6", "conv0.2.bias:6",
            "convlayers.0.0.weight:4x6x3", "convlayers.0.0.bias:4", "convlayers.0.2.weight:4", "convlayers.0.2.bias:4",
            "convlayers.1._module.0.weight:4x4x3", "convlayers.1._module.0.bias:4", "convlayers.1._module.2.weight:4", "convlayers.1._module.2.bias:4",
            "fc0.0.weight:8x48", "fc0.0.bias:8",
            "fclayers.0.0.weight:8x8", "fclayers.0.0.bias:8",
            "ratio_fclayers.0.0.weight:16x16", "ratio_fclayers.0.0.bias:16",
            "ratio_out.0.weight:1x16", "ratio_out.0.bias:1",
            "counts_out.0.weight:1x8", "counts_out.0.bias:1",
            "conv0.2.running_mean:6", "conv0.2.running_var:6", "conv0.2.num_batches_tracked:",
            "convlayers.0.2.running_mean:4", "convlayers.0.2.running_var:4", "convlayers.0.2.num_batches_tracked:",
            "convlayers.1._module.2.running_mean:4", "convlayers.1._module.2.running_var:4", "convlayers.1._module.2.num_batches_tracked:",
        }));
    }

    [Test]
    public void CountDifference_HasNoRatioHead_AndItsRatioIsTheCountDifference()
    {
        using var model = new PairedAlleleModel(Tiny with { Heads = PairedAlleleHeads.CountDifference });
        model.eval();
        using var y = model.Evaluate(OneHot(3, 12, seed: 7), OneHot(3, 12, seed: 8));
        using var difference = y.select(1, 0) - y.select(1, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.state_dict().Keys.Where(k => k.StartsWith("ratio", StringComparison.Ordinal)), Is.Empty);
            Assert.That(TensorValues.Floats(y.select(1, 2)), Is.EqualTo(TensorValues.Floats(difference)));
        }
    }

    [Test]
    public void SwappingTheAlleles_SwapsTheCounts()
    {
        using var model = Seeded(Tiny, seed: 9);
        model.eval();
        using var a = OneHot(4, 12, seed: 10);
        using var b = OneHot(4, 12, seed: 11);
        using var ab = model.Evaluate(a, b);
        using var ba = model.Evaluate(b, a);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TensorValues.Floats(ba.select(1, 1)), Is.EqualTo(TensorValues.Floats(ab.select(1, 0))).Within(1e-6));
            Assert.That(TensorValues.Floats(ba.select(1, 0)), Is.EqualTo(TensorValues.Floats(ab.select(1, 1))).Within(1e-6));
        }
    }

    [Test]
    public void ReverseComplementConcatenation_IsItsOwnReverseComplement_AndSwapsHalvesForTheReverseComplement()
    {
        using var model = Seeded(Tiny, seed: 12);
        model.eval();
        using var x = OneHot(2, 12, seed: 13);
        using var rc = x.flip(1, 2);
        using var joined = PairedAlleleModel.ConcatenateReverseComplement(x);
        using var joinedRc = joined.flip(1, 2);
        using var recorder = new ActivationRecorder(model, ["conv0.0"]);
        using (var output = model.Evaluate(x, rc))
        {
        }

        // conv0 ran on [x | rc x] (rows 0–1) and on [rc x | x] (rows 2–3): away from the edges and the junction
        // (2 positions for width 5) the two halves see the same windows, swapped.
        using var maps = recorder.GetActivations("conv0.0");
        using var forwardMaps = maps.narrow(0, 0, 2);
        using var reverseMaps = maps.narrow(0, 2, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(joined.shape, Is.EqualTo(new long[] { 2, 4, 24 }));
            Assert.That(TensorValues.Floats(joinedRc), Is.EqualTo(TensorValues.Floats(joined)));
            Assert.That(TensorValues.Floats(reverseMaps.narrow(2, 14, 8)), Is.EqualTo(TensorValues.Floats(forwardMaps.narrow(2, 2, 8))).Within(1e-6));
            Assert.That(TensorValues.Floats(reverseMaps.narrow(2, 2, 8)), Is.EqualTo(TensorValues.Floats(forwardMaps.narrow(2, 14, 8))).Within(1e-6));
        }
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = Tiny with { Pooling = PoolKind.Max, Heads = PairedAlleleHeads.CountDifference };
        var back = JsonSerializer.Deserialize<PairedAlleleOptions>(JsonSerializer.Serialize(options))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.EqualTo(options));
            Assert.That(() => (options with { Length = 1, ResidualBlocks = 3 }).Validate(), ThrowsFor("Length"));
            Assert.That(() => (options with { Dropout = -0.1 }).Validate(), ThrowsFor("Dropout"));
            Assert.That(() => (options with { Heads = (PairedAlleleHeads)5 }).Validate(), ThrowsFor("Heads"));
            Assert.That(() => (options with { FirstKernelSize = 0 }).Validate(), ThrowsFor("FirstKernelSize"));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        using var model = Seeded(Tiny, seed: 17);
        model.eval();
        using var loaded = CheckpointRoundTrip.Reload<PairedAlleleModel, PairedAlleleOptions>(model, o => new PairedAlleleModel(o));
        loaded.eval();
        using var a = OneHot(2, 12, seed: 18);
        using var b = OneHot(2, 12, seed: 19);
        using var expected = model.Evaluate(a, b);
        using var actual = loaded.Evaluate(a, b);
        Assert.That(TensorValues.Floats(actual), Is.EqualTo(TensorValues.Floats(expected)));
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        using var model = Seeded(Tiny, seed: 20);
        using var x = PairedAlleleModel.Stack(OneHot(16, 12, seed: 21), OneHot(16, 12, seed: 22));
        using var g = new torch.Generator(23);
        using var y = torch.randn(new long[] { 16, 3 }, generator: g);
        var options = PairedAlleleTraining.Options() with
        {
            Epochs = 20,
            BatchSize = 8,
            EarlyStopping = null,
            Optimizer = OptimizerOptions.Adam(1e-2),
            Schedule = LearningRateSchedule.Constant,
        };
        var result = new Trainer(options).Train(model, new TrainingSet(x, y));
        Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
    }

    internal static Tensor OneHot(long n, long length, long seed)
    {
        using var g = new torch.Generator((ulong)seed);
        using var bases = torch.randint(0, 4, [n, length], generator: g);
        using var scope = torch.NewDisposeScope();
        return nn.functional.one_hot(bases, 4).permute(0, 2, 1).to(torch.float32).MoveToOuterDisposeScope();
    }

    internal static PairedAlleleModel Seeded(PairedAlleleOptions options, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        return new PairedAlleleModel(options);
    }

    private static NUnit.Framework.Constraints.IResolveConstraint ThrowsFor(string parameter) =>
        Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(parameter);
}

using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using NUnit.Framework.Constraints;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.Basset;

[NonParallelizable]
public sealed class BassetModelTests
{
    /// <summary>A scaled-down Basset: 60 bp, 8 filters per layer, hidden 16 and 16, 3 targets (flattened 8 × 5 = 40).</summary>
    internal static readonly BassetOptions Tiny = BassetOptions.Published with
    {
        InputLength = 60,
        ConvFilters = [8, 8, 8],
        ConvWidths = [5, 3, 3],
        PoolWidths = [2, 2, 2],
        HiddenUnits = [16, 16],
        HiddenDropouts = [0, 0],
        Targets = 3,
    };

    [Test]
    public void Published_HasSpecifiedShapeParameterCountAndReceptiveField()
    {
        using var model = new BassetModel();
        model.eval();
        using var x = torch.rand(2, 4, 600);
        using var y = model.Evaluate(x);
        var parameters = model.parameters().Sum(p => p.numel());
        var lastPool = model.Layers.Single(l => l.Name == "pools.2");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 164 }));
            Assert.That(BassetOptions.Published.StageLengths, Is.EqualTo(new[] { 194, 46, 10 }));
            Assert.That(BassetOptions.Published.FlattenedFeatures, Is.EqualTo(2000));

            // convs 23,100 + 660,200 + 280,200; conv batch norms 600 + 400 + 400; hidden 2,001,000 + 1,001,000;
            // hidden batch norms 2,000 + 2,000; output 164,164. The Basset paper gives ≈4.1 M.
            Assert.That(parameters, Is.EqualTo(4_135_064));
            Assert.That(model.Layers.Single(l => l.Name == "convs.0").ReceptiveField, Is.EqualTo(19));
            Assert.That(lastPool.ReceptiveField, Is.EqualTo(168));
            Assert.That(lastPool.Stride, Is.EqualTo(48));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            Assert.That(model.Output.TargetNames[0], Is.EqualTo("target_0"));
            Assert.That(model.Input.Length, Is.EqualTo(600));
        }
    }

    [Test]
    public void WithoutHiddenBatchNorm_HasTheSpecTablesParameterCount()
    {
        using var model = new BassetModel(BassetOptions.Published with { HiddenBatchNorm = false });
        Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(4_131_064));
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new BassetModel();
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        string[] Norm(string prefix, int n) =>
            [$"{prefix}.weight:{n}", $"{prefix}.bias:{n}", $"{prefix}.running_mean:{n}", $"{prefix}.running_var:{n}", $"{prefix}.num_batches_tracked:"];
        string[] expected =
        [
            "convs.0.weight:300x4x19", "convs.0.bias:300",
            "convs.1.weight:200x300x11", "convs.1.bias:200",
            "convs.2.weight:200x200x7", "convs.2.bias:200",
            .. Norm("convNorms.0", 300), .. Norm("convNorms.1", 200), .. Norm("convNorms.2", 200),
            "hidden.0.weight:1000x2000", "hidden.0.bias:1000",
            "hidden.1.weight:1000x1000", "hidden.1.bias:1000",
            .. Norm("hiddenNorms.0", 1000), .. Norm("hiddenNorms.1", 1000),
            "output.weight:164x1000", "output.bias:164",
        ];
        Assert.That(snapshot, Is.EquivalentTo(expected));
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = BassetOptions.Published with { ConvFilters = [10, 20, 30], Targets = 2, TargetNames = ["a", "b"], HiddenBatchNorm = false };
        var back = JsonSerializer.Deserialize<BassetOptions>(JsonSerializer.Serialize(options))!;
        static IResolveConstraint Names(string property) => Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(property);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.ConvFilters, Is.EqualTo(new[] { 10, 20, 30 }));
            Assert.That(back.TargetNames, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(back.HiddenBatchNorm, Is.False);
            Assert.That(back.HiddenDropouts, Is.EqualTo(options.HiddenDropouts));
            Assert.That(back.StageLengths, Is.EqualTo(options.StageLengths));
            Assert.That(() => (options with { ConvWidths = [19, 11] }).Validate(), Names("ConvWidths"));
            Assert.That(() => (options with { InputLength = 40 }).Validate(), Names("ConvWidths"));
            Assert.That(() => (options with { HiddenDropouts = [0.3] }).Validate(), Names("HiddenDropouts"));
            Assert.That(() => (options with { HiddenDropouts = [0.3, 1.0] }).Validate(), Names("HiddenDropouts"));
            Assert.That(() => (options with { Targets = 3 }).Validate(), Names("TargetNames"));
            Assert.That(() => (options with { TargetNames = ["a", "a"] }).Validate(), Names("TargetNames"));
            Assert.That(() => (options with { BatchNormMomentum = 0 }).Validate(), Names("BatchNormMomentum"));
        }
    }

    [Test]
    public void ReadTargetNames_ReadsThePublishedTargetsFile_AndNamesTheOutputs()
    {
        var names = BassetOptions.ReadTargetNames(BassetFixtureFiles.TargetsFile);
        using var model = new BassetModel(Tiny with { Targets = names.Count, TargetNames = names });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Has.Count.EqualTo(164));
            Assert.That(names[0], Is.EqualTo("8988T"));
            Assert.That(names[1], Is.EqualTo("AoSMC"));
            Assert.That(model.Output.Targets, Is.EqualTo(164));
            Assert.That(model.Output.IndexOf("8988T"), Is.Zero);
            Assert.That(() => new BassetModel(BassetOptions.Published with { TargetNames = names }), Throws.Nothing);
        }
    }

    [Test]
    public void ReadTargetNames_RejectsDuplicatesAndEmptyNames_NamingFileAndLine()
    {
        var path = Path.Combine(Path.GetTempPath(), "basset-targets-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            File.WriteAllText(path, "A\ta.bed\n\nB\tb.bed\nA\tc.bed\n");
            Assert.That(() => BassetOptions.ReadTargetNames(path), Throws.InstanceOf<FormatException>().With.Message.Contains(path).And.Message.Contains("line 4"));
            File.WriteAllText(path, "A\ta.bed\n\tb.bed\n");
            Assert.That(() => BassetOptions.ReadTargetNames(path), Throws.InstanceOf<FormatException>().With.Message.Contains("line 2"));
            Assert.That(() => BassetOptions.ReadTargetNames(path + ".missing"), Throws.InstanceOf<FileNotFoundException>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        using var g = new torch.Generator(5);
        using var x = torch.rand(new long[] { 4, 4, 60 }, generator: g);
        using var model = new BassetModel(Tiny);
        new Trainer(BassetTraining.Recipe(epochs: 1, patience: null, batchSize: 4)).Train(model, new TrainingSet(x, torch.rand(4, 3).round()));
        model.eval();
        using var expected = model.Evaluate(x);
        using var loaded = CheckpointRoundTrip.Reload<BassetModel, BassetOptions>(model, o => new BassetModel(o));
        using var actual = loaded.Evaluate(x);
        Assert.That(actual.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()));
    }

    [Test]
    public void FewOptimizerSteps_WithTheBassetRecipe_AtLeastHalveTheLoss()
    {
        BassetModel model;
        using (new TorchSeedScope(3))
        {
            model = new BassetModel(Tiny);
        }

        using (model)
        {
            using var g = new torch.Generator(4);
            using var x = torch.rand(new long[] { 8, 4, 60 }, generator: g);
            using var y = torch.rand(new long[] { 8, 3 }, generator: g).round();
            var options = BassetTraining.Recipe(epochs: 30, patience: null, batchSize: 8);
            var result = new Trainer(options).Train(model, new TrainingSet(x, y));
            Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
        }
    }
}

using System.Text.Json;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.DeepChrome;

[NonParallelizable]
public sealed class DeepChromeModelTests
{
    [Test]
    public void Published_HasSpecifiedShapeParameterCountAndReceptiveField()
    {
        using var model = new DeepChromeModel();
        using var x = torch.rand(3, 5, 100);
        using var y = model.Evaluate(x);
        var parameters = model.parameters().Sum(p => p.numel());
        var pool = model.Layers.Single(l => l.Name == "pool");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(parameters, Is.EqualTo(644_177)); // 2,550 + 563,125 + 78,250 + 252 (DeepChrome, Singh et al. 2016: ≈644 k)
            Assert.That(pool.ReceptiveField, Is.EqualTo(14));
            Assert.That(pool.Stride, Is.EqualTo(5));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "low", "high" }));
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new DeepChromeModel();
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        Assert.That(snapshot, Is.EqualTo(new[]
        {
            "conv.weight:50x5x10", "conv.bias:50",
            "hidden.0.weight:625x900", "hidden.0.bias:625",
            "hidden.1.weight:125x625", "hidden.1.bias:125",
            "output.weight:2x125", "output.bias:2",
        }));
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = DeepChromeOptions.Published with { Filters = 20, HiddenSizes = [30] };
        var json = JsonSerializer.Serialize(options);
        var back = JsonSerializer.Deserialize<DeepChromeOptions>(json)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.Filters, Is.EqualTo(20));
            Assert.That(back.HiddenSizes, Is.EqualTo(new[] { 30 }));
            Assert.That(back.MarkNames, Is.EqualTo(options.MarkNames));
            Assert.That(() => (options with { KernelSize = 200 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("KernelSize"));
            Assert.That(() => (options with { Dropout = 1 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Dropout"));
        }
    }

    [Test]
    public void SaveLoad_GivesIdenticalOutputs()
    {
        var options = DeepChromeOptions.Published with { Filters = 8, HiddenSizes = [16] };
        using var model = new DeepChromeModel(options);
        using var loaded = CheckpointRoundTrip.Reload<DeepChromeModel, DeepChromeOptions>(model, o => new DeepChromeModel(o));
        model.eval();
        using var x = torch.rand(4, 5, 100);
        using var expected = model.Evaluate(x);
        using var actual = loaded.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loaded.Options.Filters, Is.EqualTo(8));
            Assert.That(actual.allclose(expected, 0, 0), Is.True);
        }
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        DeepChromeModel model;
        using (new TorchSeedScope(3))
        {
            model = new DeepChromeModel(DeepChromeOptions.Published with { Dropout = 0 });
        }

        using (model)
        {
            using var g = new torch.Generator(4);
            var x = torch.rand(new long[] { 8, 5, 100 }, generator: g);
            var y = torch.tensor(new long[] { 0, 1, 0, 1, 1, 0, 1, 0 });
            var result = new Trainer(new TrainerOptions { Loss = TrainingLoss.CrossEntropy(), Epochs = 15, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-3) }).Train(model, new TrainingSet(x, y));
            Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
        }
    }
}

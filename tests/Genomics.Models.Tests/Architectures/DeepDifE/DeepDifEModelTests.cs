using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Serialization.Keras;
using Genomics.Models.Tests.Serialization.Keras;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Architectures.DeepDifE;

[NonParallelizable]
public sealed class DeepDifEModelTests
{
    private static readonly DeepDifEOptions s_tiny = DeepDifEOptions.Published with
    {
        InputLength = 60, FirstFilters = 8, FirstDenseUnits = 16, SecondDenseUnits = 8, Dropout = 0,
    };

    [Test]
    public void Published_HasSpecifiedShapeParameterCountAndReceptiveFields()
    {
        using var model = new DeepDifEModel();
        using var x = TestSequences.RandomOneHot(2, 620, seed: 1);
        using var y = model.Evaluate(x);
        var parameters = model.parameters().Sum(p => p.numel());
        var layers = model.Layers.ToDictionary(l => l.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 1 }));
            // 3,136 + 24,640 + 12,320 (convolutions) + 24,832 + 32,896 + 129 (dense): DeepDifE's "≈98 k".
            Assert.That(parameters, Is.EqualTo(97_953));
            Assert.That(DeepDifEOptions.Published.FlattenedFeatures(), Is.EqualTo(96));
            Assert.That((layers["conv"].ReceptiveField, layers["conv"].Stride), Is.EqualTo((12, 1)));
            Assert.That((layers["pool"].ReceptiveField, layers["pool"].Stride), Is.EqualTo((17, 6)));
            Assert.That((layers["extraConvs.0"].ReceptiveField, layers["extraConvs.0"].Stride), Is.EqualTo((47, 36)));
            Assert.That((layers["extraConvs.1"].ReceptiveField, layers["extraConvs.1"].Stride), Is.EqualTo((227, 216)));
            Assert.That(layers["extraConvs.1"].OutputChannels, Is.EqualTo(32));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            Assert.That(model.Input.Length, Is.EqualTo(620));
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new DeepDifEModel();
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        Assert.That(snapshot, Is.EqualTo(new[]
        {
            "conv.weight:64x4x12", "conv.bias:64",
            "extraConvs.0.weight:64x64x6", "extraConvs.0.bias:64",
            "extraConvs.1.weight:32x64x6", "extraConvs.1.bias:32",
            "dense1.weight:256x96", "dense1.bias:256",
            "dense2.weight:128x256", "dense2.bias:128",
            "output.weight:1x128", "output.bias:1",
        }));
    }

    [TestCase(101, 0, 1, 17)]
    [TestCase(17, 0, 1, 3)]
    [TestCase(12, 0, 0, 2)]
    [TestCase(13, 2, 3, 3)]
    [TestCase(4, 1, 1, 1)]
    public void ExtraConvPadding_FollowsKerasSameWithStride(int length, int left, int right, int output)
        => Assert.That(DeepDifEOptions.Published.ExtraConvPadding(length), Is.EqualTo((left, right, output)));

    [Test]
    public void ExtraConvolutions_HalveFiltersAndShapesFollowTheLayerCount()
    {
        var two = DeepDifEOptions.Published with { ConvLayers = 2 };
        var one = DeepDifEOptions.Published with { ConvLayers = 1 };
        using var model = new DeepDifEModel(two with { Dropout = 0 });
        using var x = TestSequences.RandomOneHot(1, 620, seed: 2);
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeepDifEOptions.Published.ExtraConvFilters(1), Is.EqualTo(64));
            Assert.That(DeepDifEOptions.Published.ExtraConvFilters(2), Is.EqualTo(32));
            Assert.That((DeepDifEOptions.Published with { ConvLayers = 4 }).ExtraConvFilters(3), Is.EqualTo(16));
            Assert.That(two.FlattenedFeatures(), Is.EqualTo(17 * 64));
            Assert.That(one.FlattenedFeatures(), Is.EqualTo(101 * 64));
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 1 }));
            Assert.That(() => DeepDifEOptions.Published.ExtraConvFilters(3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = DeepDifEOptions.Published with { KernelLength = 16, ConvLayers = 2, InputLength = 600 };
        var back = JsonSerializer.Deserialize<DeepDifEOptions>(JsonSerializer.Serialize(options))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.EqualTo(options));
            Assert.That(() => (options with { KernelLength = 0 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("KernelLength"));
            Assert.That(() => (options with { InputLength = 16 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("InputLength"));
            Assert.That(() => (options with { FirstFilters = 2, ConvLayers = 4 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ConvLayers"));
            Assert.That(() => (options with { Dropout = 1 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Dropout"));
            Assert.That(() => (options with { KernelL2 = -1 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("KernelL2"));
        }
    }

    [Test]
    public void Forward_WrongInputLength_ThrowsArgumentException()
    {
        using var model = new DeepDifEModel(s_tiny);
        using var x = TestSequences.RandomOneHot(1, 59, seed: 3);
        Assert.That(() => model.Evaluate(x), Throws.ArgumentException.With.Property("ParamName").EqualTo("input"));
    }

    [Test]
    public void FromKeras_PublishedFiles_GivePublishedOptionsInEvaluationMode()
    {
        using var model = DeepDifEModel.FromKeras(KerasTestData.DeepDifEArchitecture, KerasTestData.DeepDifEWeights);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.Options, Is.EqualTo(DeepDifEOptions.Published));
            Assert.That(model.training, Is.False);
            Assert.That(() => DeepDifEModel.FromKeras(KerasTestData.DeepDifEWeights), Throws.InstanceOf<KerasImportException>().With.Message.Contains("weights only"));
            Assert.That(() => DeepDifEModel.FromKeras(KerasTestData.NeuronMotifDemo1), Throws.InstanceOf<KerasImportException>().With.Message.Contains("Conv2D"));
        }
    }

    [Test]
    public void ConjoinedPrediction_IsTheStrandSymmetricMeanOfSigmoids()
    {
        using var model = Seeded(s_tiny, 5);
        var conjoined = new ReverseComplementAverage(model, averageProbabilities: true);
        using var x = TestSequences.RandomOneHot(3, 60, seed: 6);
        using var rc = x.flip(1, 2);
        using var noGrad = torch.no_grad();
        using var forward = conjoined.Evaluate(x);
        using var reverse = conjoined.Evaluate(rc);
        using var expected = (torch.sigmoid(model.Evaluate(x)) + torch.sigmoid(model.Evaluate(rc))) / 2;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forward.allclose(reverse, rtol: 0, atol: 1e-6), Is.True);
            Assert.That(forward.allclose(expected, rtol: 0, atol: 1e-6), Is.True);
            Assert.That(forward.min().item<float>(), Is.GreaterThan(0f));
            Assert.That(forward.max().item<float>(), Is.LessThan(1f));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "deepdife-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var saved = Seeded(s_tiny, 7);
            saved.eval();
            var path = Path.Combine(folder, "model.gckpt");
            Checkpoint.Save(path, saved, saved.Options);
            using var loaded = Checkpoint.Load(path, (DeepDifEOptions o) => new DeepDifEModel(o));
            loaded.eval();
            using var x = TestSequences.RandomOneHot(2, 60, seed: 8);
            using var a = saved.Evaluate(x);
            using var b = loaded.Evaluate(x);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(loaded.Options, Is.EqualTo(s_tiny));
                Assert.That(b.data<float>().ToArray(), Is.EqualTo(a.data<float>().ToArray()));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        // Two convolutions keep 2 positions × 16 filters for the dense layers (three would leave a single position).
        using var model = Seeded(s_tiny with { ConvLayers = 2, FirstFilters = 16 }, 9);
        var x = TestSequences.RandomOneHot(8, 60, seed: 10);
        var y = torch.tensor(new float[] { 0, 1, 0, 1, 1, 0, 1, 0 }).reshape(8, 1);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Epochs = 30, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-2) });
        var result = trainer.Train(model, new TrainingSet(x, y));
        Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
    }

    private static DeepDifEModel Seeded(DeepDifEOptions options, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        return new DeepDifEModel(options);
    }
}

using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Serialization.Keras;
using Genomics.Models.Tests.Serialization.Keras;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Architectures.NeuronMotifDemo;

[NonParallelizable]
public sealed class NeuronMotifDemoModelTests
{
    [Test]
    public void Demo1_HasSpecifiedShapeParameterCountAndReceptiveFields()
    {
        using var model = new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo1);
        using var x = TestSequences.RandomOneHot(3, 8, seed: 1);
        using var y = model.Evaluate(x);
        var layers = model.Layers.ToDictionary(l => l.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 3, 1 }));
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(3 * 4 * 5 + 3 + (1 * 3 * 2) + 1)); // 70
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "conv1", "relu1", "pool1", "conv2" }));
            Assert.That((layers["conv1"].ReceptiveField, layers["pool1"].ReceptiveField, layers["pool1"].Stride), Is.EqualTo((5, 6, 2)));
            Assert.That(layers["conv2"].ReceptiveField, Is.EqualTo(8)); // the whole input
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "positive" }));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
        }
    }

    [Test]
    public void Demo2_HasSpecifiedShapeParameterCountAndReceptiveFields()
    {
        using var model = new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo2);
        using var x = TestSequences.RandomOneHot(2, 82, seed: 2);
        using var y = model.Evaluate(x);
        var convFields = model.Layers.Where(l => l.Kind == LayerKind.Convolution).Select(l => (l.ReceptiveField, l.Stride)).ToArray();
        var trainable = model.parameters().Sum(p => p.numel());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 1 }));
            // Convolutions 145 + 80 + 96 + 114 + 19 = 454; BatchNorm weight and bias 2 × (5 + 5 + 6 + 6 + 1) = 46.
            Assert.That(trainable, Is.EqualTo(500));
            Assert.That(convFields, Is.EqualTo(new (int?, int?)[] { (7, 1), (12, 2), (22, 4), (42, 8), (82, 16) }));
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo2);
        var keys = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        // TorchSharp lists every parameter (in module order) before the buffers.
        Assert.That(keys, Is.EqualTo(new[]
        {
            "conv1.weight:5x4x7", "conv1.bias:5", "norm1.weight:5", "norm1.bias:5",
            "conv2.weight:5x5x3", "conv2.bias:5", "norm2.weight:5", "norm2.bias:5",
            "conv3.weight:6x5x3", "conv3.bias:6", "norm3.weight:6", "norm3.bias:6",
            "conv4.weight:6x6x3", "conv4.bias:6", "norm4.weight:6", "norm4.bias:6",
            "conv5.weight:1x6x3", "conv5.bias:1", "norm5.weight:1", "norm5.bias:1",
            "norm1.running_mean:5", "norm1.running_var:5", "norm1.num_batches_tracked:",
            "norm2.running_mean:5", "norm2.running_var:5", "norm2.num_batches_tracked:",
            "norm3.running_mean:6", "norm3.running_var:6", "norm3.num_batches_tracked:",
            "norm4.running_mean:6", "norm4.running_var:6", "norm4.num_batches_tracked:",
            "norm5.running_mean:1", "norm5.running_var:1", "norm5.num_batches_tracked:",
        }));
    }

    [Test]
    public void OptionsFromKeras_DemoFiles_EqualThePresets()
    {
        var demo1 = NeuronMotifDemoModel.OptionsFromKeras(KerasModelConfig.Parse(KerasWeightFile.Read(KerasTestData.NeuronMotifDemo1).ModelConfigJson!, "demo1"));
        var demo2 = NeuronMotifDemoModel.OptionsFromKeras(KerasModelConfig.Parse(KerasWeightFile.Read(KerasTestData.NeuronMotifDemo2).ModelConfigJson!, "demo2"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSerializer.Serialize(demo1), Is.EqualTo(JsonSerializer.Serialize(NeuronMotifDemoOptions.Demo1)));
            Assert.That(JsonSerializer.Serialize(demo2), Is.EqualTo(JsonSerializer.Serialize(NeuronMotifDemoOptions.Demo2)));
        }
    }

    [Test]
    public void FromKeras_Demo2_LoadsRunningStatisticsAndEvaluationMode()
    {
        using var model = NeuronMotifDemoModel.FromKeras(KerasTestData.NeuronMotifDemo2);
        var file = KerasWeightFile.Read(KerasTestData.NeuronMotifDemo2);
        var variance = model.state_dict()["norm3.running_var"].data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.training, Is.False);
            Assert.That(variance, Is.EqualTo(file.GetLayer("batch_normalization_3").GetWeight("moving_variance").Values));
            Assert.That(() => NeuronMotifDemoModel.FromKeras(KerasTestData.DeepDifEWeights), Throws.InstanceOf<KerasImportException>().With.Message.Contains("weights only"));
            Assert.That(() => NeuronMotifDemoModel.FromKeras(KerasTestData.DeepDifEArchitecture, KerasTestData.DeepDifEWeights),
                Throws.InstanceOf<KerasImportException>().With.Message.Contains("model_single.json"));
        }
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = NeuronMotifDemoOptions.Demo1 with { InputLength = 10 };
        var back = JsonSerializer.Deserialize<NeuronMotifDemoOptions>(JsonSerializer.Serialize(options))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.InputLength, Is.EqualTo(10));
            Assert.That(back.ConvLayers, Is.EqualTo(options.ConvLayers));
            Assert.That(back.BatchNormEpsilon, Is.EqualTo(1e-3));
            Assert.That(() => (options with { InputLength = 0 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("InputLength"));
            Assert.That(() => (options with { InputLength = 6 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ConvLayers"));
            Assert.That(() => (options with { ConvLayers = [] }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ConvLayers"));
            Assert.That(() => (options with { BatchNormEpsilon = 0 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("BatchNormEpsilon"));
        }
    }

    [Test]
    public void WiderOutput_FlattensInKerasOrder()
    {
        // A last block with 2 filters over 2 positions gives 4 targets ordered position-major.
        var options = new NeuronMotifDemoOptions { InputLength = 6, ConvLayers = [new(3, 3), new(2, 3)] };
        using var model = Seeded(options, 3);
        using var x = TestSequences.RandomOneHot(1, 6, seed: 4);
        using var scope = torch.NewDisposeScope();
        var y = model.Evaluate(x);
        var raw = x;
        foreach (var (_, child) in model.named_children())
        {
            raw = ((nn.Module<Tensor, Tensor>)child).call(raw);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "position0_filter0", "position0_filter1", "position1_filter0", "position1_filter1" }));
            Assert.That(y[0, 1].item<float>(), Is.EqualTo(raw[0, 1, 0].item<float>()));
            Assert.That(y[0, 2].item<float>(), Is.EqualTo(raw[0, 0, 1].item<float>()));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "neuronmotif-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var saved = NeuronMotifDemoModel.FromKeras(KerasTestData.NeuronMotifDemo2);
            var path = Path.Combine(folder, "demo2.gckpt");
            Checkpoint.Save(path, saved, saved.Options);
            using var loaded = Checkpoint.Load(path, (NeuronMotifDemoOptions o) => new NeuronMotifDemoModel(o));
            loaded.eval();
            using var x = TestSequences.RandomOneHot(3, 82, seed: 5);
            using var a = saved.Evaluate(x);
            using var b = loaded.Evaluate(x);
            Assert.That(b.data<float>().ToArray(), Is.EqualTo(a.data<float>().ToArray()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        using var model = Seeded(NeuronMotifDemoOptions.Demo1, 6);
        var x = TestSequences.RandomOneHot(8, 8, seed: 7);
        var y = torch.tensor(new float[] { 0, 1, 0, 1, 1, 0, 1, 0 }).reshape(8, 1);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Epochs = 40, BatchSize = 8, Optimizer = OptimizerOptions.Adam(3e-2) });
        var result = trainer.Train(model, new TrainingSet(x, y));
        Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
    }

    private static NeuronMotifDemoModel Seeded(NeuronMotifDemoOptions options, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        return new NeuronMotifDemoModel(options);
    }
}

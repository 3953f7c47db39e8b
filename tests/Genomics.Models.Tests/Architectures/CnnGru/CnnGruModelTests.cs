using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Capture;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Tests.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.CnnGru;

[NonParallelizable]
public sealed class CnnGruModelTests
{
    [Test]
    public void HalfLife_ForwardOnOneSequence_HasSpecifiedShapeAndParameterCount()
    {
        using var model = new CnnGruModel(CnnGruOptions.HalfLife);
        model.eval();
        using var x = torch.rand(1, 6, 12_288);
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 1 }));
            // conv1 1,920 + 6 blocks × (LayerNorm 128 + conv 20,544) + LayerNorm 128 + GRU 24,960 + BN 128 + fc1 4,160
            // + BN 128 + head 65 = 155,521 (CombMotif: ≈155.5 k).
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(155_521));
            Assert.That(CnnGruOptions.HalfLife.GruSteps, Is.EqualTo(188));
            Assert.That(model.Input.Kind, Is.EqualTo(InputKind.Tracks));
            Assert.That(model.Input.Channels, Is.EqualTo(6));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "half_life" }));
        }
    }

    [Test]
    public void MeanRibosomeLoad_HasSpecifiedShapeParameterCountAndOneHotInput()
    {
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        model.eval();
        using var x = torch.rand(3, 4, 50);
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 3, 1 }));
            // conv1 1,280 + 3 × 20,672 + 128 + 24,960 + 4,481 = 92,865 (CombMotif: ≈92.9 k).
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(92_865));
            Assert.That(CnnGruOptions.MeanRibosomeLoad.GruSteps, Is.EqualTo(6));
            Assert.That(model.Input.Kind, Is.EqualTo(InputKind.OneHot));
            Assert.That(model.Input.Length, Is.EqualTo(50));
        }
    }

    [Test]
    public void NeuronLayers_HaveCombMotifsReceptiveFields()
    {
        using var halfLife = new CnnGruModel(CnnGruOptions.HalfLife);
        using var mrl = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        var pools = halfLife.Layers.Where(l => l.Kind == LayerKind.Pooling).ToArray();
        using (Assert.EnterMultipleScope())
        {
            // CombMotif's receptive fields: conv1 5, conv2 9, conv3 18 … conv7 288; after the poolings 10, 20, 40, 80, 160, 320.
            Assert.That(halfLife.NeuronLayers.Select(l => l.Name), Is.EqualTo(new[] { "conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "conv7" }));
            Assert.That(halfLife.NeuronLayers.Select(l => l.ReceptiveField), Is.EqualTo(new[] { 5, 9, 18, 36, 72, 144, 288 }));
            Assert.That(halfLife.NeuronLayers.Select(l => l.ModulePath), Is.EqualTo(new[] { "conv1", "conv_layers.0", "conv_layers.1", "conv_layers.2", "conv_layers.3", "conv_layers.4", "conv_layers.5" }));
            Assert.That(pools.Select(l => l.ReceptiveField), Is.EqualTo(new int?[] { 10, 20, 40, 80, 160, 320 }));
            Assert.That(pools.Select(l => l.Stride), Is.EqualTo(new int?[] { 2, 4, 8, 16, 32, 64 }));
            Assert.That(mrl.NeuronLayers.Select(l => l.ReceptiveField), Is.EqualTo(new[] { 5, 9, 18, 36 }));
            Assert.That(halfLife.NeuronLayer("conv3").ModulePath, Is.EqualTo("conv_layers.1"));
            Assert.That(() => halfLife.NeuronLayer("conv8"), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
        }
    }

    [Test]
    public void Layers_NameExistingModules()
    {
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        var modules = model.named_modules().Select(m => m.name).ToHashSet(StringComparer.Ordinal);
        Assert.That(model.Layers.Select(l => l.Name).Where(n => !modules.Contains(n)), Is.Empty);
    }

    [Test]
    public void EvaluateNeurons_OnOneReceptiveField_GivesOneValuePerNeuron()
    {
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        model.eval();
        using (Assert.EnterMultipleScope())
        {
            foreach (var layer in model.NeuronLayers)
            {
                using var x = torch.rand(2, 4, layer.ReceptiveField);
                using var y = model.EvaluateNeurons(x, layer.Name);
                Assert.That(y.shape, Is.EqualTo(new long[] { 2, 64, 1 }), layer.Name);
            }

            using var tooShort = torch.rand(1, 4, 17);
            Assert.That(() => model.EvaluateNeurons(tooShort, "conv3"), Throws.ArgumentException.With.Property("ParamName").EqualTo("input"));
        }
    }

    [Test]
    public void EvaluateNeurons_WithoutPadding_EqualsTheRecordedConvolutionOutput()
    {
        // Padding 0, so the full forward pass computes the same convolutions; four channels are zero-filled to six.
        using var model = new CnnGruModel(CnnGruOptions.HalfLife with { Length = 80, Blocks = 2 });
        model.eval();
        using var g = new torch.Generator(5);
        using var dna = torch.rand(new long[] { 2, 4, 80 }, generator: g);
        using var padded = torch.cat([dna, torch.zeros(2, 2, 80)], 1);
        using var recorder = new ActivationRecorder(model, ["conv_layers.1"]);
        using (var output = model.Evaluate(padded))
        {
        }

        using var neurons = model.EvaluateNeurons(dna, "conv3");
        using var recorded = recorder.GetActivations("conv_layers.1");
        Assert.That(TensorValues.Floats(neurons), Is.EqualTo(TensorValues.Floats(recorded)).Within(1e-5));
    }

    [Test]
    public void StateDict_KeysAndShapes_MatchCombMotif()
    {
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Blocks = 1 });
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        Assert.That(snapshot, Is.EquivalentTo(new[]
        {
            "conv1.weight:64x4x5",
            "Pln1.ln.weight:64", "Pln1.ln.bias:64",
            "conv_layers.0.weight:64x64x5", "conv_layers.0.bias:64",
            "ln_layers.0.ln.weight:64", "ln_layers.0.ln.bias:64",
            "bn1.weight:64", "bn1.bias:64", "bn1.running_mean:64", "bn1.running_var:64", "bn1.num_batches_tracked:",
            "bn2.weight:64", "bn2.bias:64", "bn2.running_mean:64", "bn2.running_var:64", "bn2.num_batches_tracked:",
            "fc1.weight:64x64", "fc1.bias:64",
            "head.weight:1x64", "head.bias:1",
            "rnn.gru.weight_ih_l0:192x64", "rnn.gru.weight_hh_l0:192x64", "rnn.gru.bias_ih_l0:192", "rnn.gru.bias_hh_l0:192",
        }));
    }

    [Test]
    public void Initialisation_FollowsCombMotif()
    {
        using var model = CreateSeeded(CnnGruOptions.HalfLife, seed: 11);
        var state = model.state_dict();
        using (Assert.EnterMultipleScope())
        {
            // Kaiming-normal: std √(2 / fan) — fan-out 64 × 5 for convolutions, fan-in 64 for linear and GRU weights.
            Assert.That(state["conv_layers.0.weight"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 320)).Within(4).Percent);
            Assert.That(state["conv1.weight"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 320)).Within(8).Percent);
            Assert.That(state["fc1.weight"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 64)).Within(8).Percent);
            Assert.That(state["rnn.gru.weight_hh_l0"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 64)).Within(8).Percent);
            Assert.That(state["rnn.gru.bias_ih_l0"].abs().max().item<float>(), Is.Zero);
            Assert.That(state["rnn.gru.bias_hh_l0"].abs().max().item<float>(), Is.Zero);
        }
    }

    [TestCase(0.1)]
    [TestCase(CnnGruOptions.CombMotifBatchNormMomentum)]
    public void BatchNormMomentum_IsTheWeightOfTheNewBatch(double momentum)
    {
        using var model = CreateSeeded(CnnGruOptions.MeanRibosomeLoad with { BatchNormMomentum = momentum, AugmentShift = 0 }, seed: 2);
        model.train();
        using var x = torch.rand(4, 4, 50);
        using var recorder = new ActivationRecorder(model, ["rnn"]);
        using (var output = model.call(x))
        {
        }

        using var recorded = recorder.GetActivations("rnn");
        using var batchMean = recorded.mean([0]);
        using var expected = batchMean * momentum;
        Assert.That(TensorValues.Floats(model.state_dict()["bn1.running_mean"]), Is.EqualTo(TensorValues.Floats(expected)).Within(1e-6));
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = CnnGruOptions.MeanRibosomeLoad with { Direction = GruDirection.Backward, BatchNormMomentum = 0.9, TargetNames = ["a", "b"] };
        var back = JsonSerializer.Deserialize<CnnGruOptions>(JsonSerializer.Serialize(options))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.Direction, Is.EqualTo(GruDirection.Backward));
            Assert.That(back.BatchNormMomentum, Is.EqualTo(0.9));
            Assert.That(back.ChannelNames, Is.EqualTo(options.ChannelNames));
            Assert.That(back.TargetNames, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(back.Padding, Is.EqualTo(2));
            Assert.That(() => (options with { Padding = 5 }).Validate(), ThrowsFor("Padding"));
            Assert.That(() => (options with { Length = 7 }).Validate(), ThrowsFor("Length"));
            Assert.That(() => (options with { Dropout = 1 }).Validate(), ThrowsFor("Dropout"));
            Assert.That(() => (options with { BatchNormMomentum = 0 }).Validate(), ThrowsFor("BatchNormMomentum"));
            Assert.That(() => (options with { ChannelNames = ["A", "A"] }).Validate(), ThrowsFor("ChannelNames"));
            Assert.That(() => (options with { Direction = (GruDirection)7 }).Validate(), ThrowsFor("Direction"));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        var options = CnnGruOptions.MeanRibosomeLoad with { Direction = GruDirection.Backward };
        using var model = CreateSeeded(options, seed: 3);
        model.eval();
        using var loaded = CheckpointRoundTrip.Reload<CnnGruModel, CnnGruOptions>(model, o => new CnnGruModel(o));
        loaded.eval();
        using var x = torch.rand(2, 4, 50);
        using var expected = model.Evaluate(x);
        using var actual = loaded.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loaded.Options.Direction, Is.EqualTo(GruDirection.Backward));
            Assert.That(TensorValues.Floats(actual), Is.EqualTo(TensorValues.Floats(expected)));
        }
    }

    [Test]
    public void Evaluate_LeavesNoLiveTensors()
    {
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        model.eval();
        using var x = torch.rand(2, 4, 50);
        var before = TorchTestEnvironment.LiveTensors;
        model.Evaluate(x).Dispose();
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        using var model = CreateSeeded(CnnGruOptions.MeanRibosomeLoad with { Filters = 16, Dropout = 0, AugmentShift = 0 }, seed: 4);
        using var g = new torch.Generator(6);
        using var bases = torch.randint(0, 4, [16, 50], generator: g);
        using var x = torch.nn.functional.one_hot(bases, 4).permute(0, 2, 1).to(torch.float32);
        using var y = torch.randn(new long[] { 16, 1 }, generator: g);
        var options = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 20, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-2) };
        var result = new Trainer(options).Train(model, new TrainingSet(x, y));
        Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
    }

    private static CnnGruModel CreateSeeded(CnnGruOptions options, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        return new CnnGruModel(options);
    }

    private static NUnit.Framework.Constraints.IResolveConstraint ThrowsFor(string parameter) =>
        Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(parameter);
}

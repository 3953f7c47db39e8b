using Genomics.Interpret.Neurons;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class NeuronNetworkTests
{
    [Test]
    public void FromModel_Demo2_ListsConvolutionsWithReceptiveFieldsAndNormalisedOutputs()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Layers.Select(l => l.Name), Is.EqualTo(new[] { "conv1", "conv2", "conv3", "conv4", "conv5" }));
            Assert.That(network.Layers.Select(l => l.ModulePath), Is.EqualTo(new[] { "norm1", "norm2", "norm3", "norm4", "norm5" }));
            Assert.That(network.Layers.Select(l => l.ReceptiveField), Is.EqualTo(new[] { 7, 12, 22, 42, 82 }));
            Assert.That(network.Layers.Select(l => l.Stride), Is.EqualTo(new[] { 1, 2, 4, 8, 16 }));
            Assert.That(network.Layers.Select(l => l.Channels), Is.EqualTo(new[] { 5, 5, 6, 6, 1 }));
            Assert.That(() => network.Layer("dense"), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
        }
    }

    [Test]
    public void EvaluateWindows_TopNeuronOfDemo1_EqualsTheModelLogit()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var windows = TestSequences.RandomOneHot(20, 8, seed: 3, ScalarType.Byte);
        var before = TorchTestEnvironment.LiveTensors;
        using (var values = network.EvaluateWindows("conv2", windows))
        using (var logits = new Genomics.Models.Compute.BatchedPredictor().Predict(model, windows))
        {
            Assert.That(values.shape, Is.EqualTo(new long[] { 20, 1 }));
            Assert.That(values.data<float>().ToArray(), Is.EqualTo(logits.data<float>().ToArray()).Within(1e-5f));
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void EvaluateWindows_FirstLayer_EqualsConvolutionOfTheWindow()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var scope = torch.NewDisposeScope();
        var windows = TestSequences.RandomOneHot(6, 5, seed: 4);
        var conv = (Genomics.Models.Layers.Conv1dLayer)model.named_modules().First(m => m.name == "conv1").module;
        var expected = nn.functional.conv1d(windows, conv.Weight, conv.Bias).select(2, 0);
        var values = network.EvaluateWindows("conv1", windows);
        Assert.That(values.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-5f));
    }

    [Test]
    public void EvaluateWithGradients_LinearFirstLayer_GradientIsTheKernel()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var windows = TestSequences.RandomOneHot(3, 5, seed: 5, ScalarType.Byte);
        var (values, gradients) = network.EvaluateWithGradients("conv1", windows, [0, 2, 1], CancellationToken.None);
        var conv = (Genomics.Models.Layers.Conv1dLayer)model.named_modules().First(m => m.name == "conv1").module;
        using var kernel = conv.Weight.detach().clone();
        var w = kernel.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(values, Has.Length.EqualTo(3));
            Assert.That(gradients.AsSpan(0, 20).ToArray(), Is.EqualTo(w.AsSpan(0, 20).ToArray()).Within(1e-6f));
            Assert.That(gradients.AsSpan(20, 20).ToArray(), Is.EqualTo(w.AsSpan(40, 20).ToArray()).Within(1e-6f));
            Assert.That(gradients.AsSpan(40, 20).ToArray(), Is.EqualTo(w.AsSpan(20, 20).ToArray()).Within(1e-6f));
        }
    }

    [Test]
    public void EvaluateMap_ShorterSequences_GiveValidPositionsOnly()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        using var sequences = TestSequences.RandomOneHot(2, 30, seed: 6, ScalarType.Byte);
        using var map = network.EvaluateMap("conv2", sequences);
        Assert.That(map.shape, Is.EqualTo(new long[] { 2, 5, ((30 - 12) / 2) + 1 }));
    }

    [Test]
    public void Evaluate_BadShapes_NameTheArgument()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var wrong = TestSequences.RandomOneHot(2, 6, seed: 1, ScalarType.Byte);
        using var longer = TestSequences.RandomOneHot(2, 9, seed: 1, ScalarType.Byte);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => network.EvaluateWindows("conv1", wrong), Throws.ArgumentException.With.Property("ParamName").EqualTo("windows"));
            Assert.That(() => network.EvaluateMap("conv1", longer), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => network.EvaluateMap("conv9", longer), Throws.ArgumentException.With.Property("ParamName").EqualTo("layer"));
        }
    }

    [Test]
    public void FromCnnGru_ListsCombMotifNeuronLayers()
    {
        using var seed = new Genomics.Models.Compute.TorchSeedScope(1);
        using var model = new Genomics.Models.Architectures.CnnGru.CnnGruModel(Genomics.Models.Architectures.CnnGru.CnnGruOptions.MeanRibosomeLoad);
        var network = NeuronNetwork.FromCnnGru(model);
        using var windows = TestSequences.RandomOneHot(4, network.Layers[1].ReceptiveField, seed: 2, ScalarType.Byte);
        using var values = network.EvaluateWindows(network.Layers[1].Name, windows);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Layers.Select(l => l.ReceptiveField).Take(4), Is.EqualTo(new[] { 5, 9, 18, 36 }));
            Assert.That(values.shape, Is.EqualTo(new long[] { 4, 64 }));
        }
    }
}

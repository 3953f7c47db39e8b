using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using Genomics.Models.Serialization.Keras;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization.Keras;

/// <summary>
/// <see cref="KerasModel.Load(string)"/> on Keras 2 full-model files of small sequential CNNs in the layouts DeepASMM
/// users bring, against an independent numpy forward pass in Keras layout (tools/reference/keras_sequential_fixtures.py
/// writes fixtures/*.h5 and keras_sequential_reference.json), and its refusals of what it cannot import.
/// </summary>
/// <remarks>
/// Tolerances as in <see cref="KerasForwardReferenceTests"/>: float64 agrees to ~1e-12 (same sums, other order);
/// float32 within 1e-5, relative for values above 1. A layout error (kernel axes, flatten order, padding side) moves the
/// outputs by far more.
/// </remarks>
[NonParallelizable]
public sealed class KerasSequentialModelTests
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<Reference> s_reference = new(() => JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(KerasTestData.Repository("tests", "Genomics.Models.Tests", "Serialization", "Keras", "keras_sequential_reference.json")), s_json)!);

    private static string Fixture(string name) => KerasTestData.Repository("tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", name + ".h5");

    [TestCase("basset_like")]
    [TestCase("deepcba_like")]
    [TestCase("image_1l4")]
    [TestCase("image_l41")]
    [TestCase("same_pools")]
    public void Load_MatchesNumpyForwardPass_InFloat32AndFloat64(string key)
    {
        var cases = s_reference.Value.Models[key].Cases;
        using var model = KerasModel.Load(Fixture(key));
        using var x = KerasTestData.OneHot(cases.Select(c => c.Sequence).ToArray());
        using var noGrad = torch.no_grad();
        using var logits32 = model.Evaluate(x);
        using var probabilities32 = model.Output.Activation switch
        {
            OutputActivation.Sigmoid => torch.sigmoid(logits32),
            OutputActivation.Softmax => torch.softmax(logits32, 1),
            _ => logits32.alias(),
        };
        model.to(ScalarType.Float64);
        using var x64 = x.to_type(ScalarType.Float64);
        using var logits64 = model.Evaluate(x64);
        using (Assert.EnterMultipleScope())
        {
            AssertClose(logits64, cases.Select(c => c.Logit).ToArray(), 1e-9, relative: false);
            AssertClose(logits32, cases.Select(c => c.Logit).ToArray(), 1e-5, relative: true);
            AssertClose(probabilities32, cases.Select(c => c.Probability).ToArray(), 1e-5, relative: false);
        }
    }

    /// <summary>Files written by Keras itself (NeuronMotif's demos, Keras 2.3.1; DeepDifE's JSON + weights) against keras_forward_reference.json.</summary>
    [TestCase("neuronmotif_demo1")]
    [TestCase("neuronmotif_demo2")]
    [TestCase("deepdife")]
    public void Load_PublishedKerasFiles_MatchTheirNumpyReference(string key)
    {
        var reference = KerasTestData.Reference.Models[key];
        using var model = key == "deepdife"
            ? KerasModel.Load(KerasTestData.DeepDifEArchitecture, KerasTestData.DeepDifEWeights)
            : KerasModel.Load(KerasTestData.Shared(reference.Weights.Split('/')));
        using var x = KerasTestData.OneHot(reference.Cases.Select(c => c.Sequence).ToArray());
        using var noGrad = torch.no_grad();
        model.to(ScalarType.Float64);
        using var x64 = x.to_type(ScalarType.Float64);
        using var logits = model.Evaluate(x64);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            AssertClose(logits, reference.Cases.Select(c => c.Logit).ToArray(), 1e-9, relative: false);
        }
    }

    [Test]
    public void Load_InfersSpecsAndBuildsBlocksNamedAfterKerasLayers()
    {
        using var basset = KerasModel.Load(Fixture("basset_like"));
        using var deepCba = KerasModel.Load(Fixture("deepcba_like"));
        using var image = KerasModel.Load(Fixture("image_1l4"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(basset.Input.ChannelNames, Is.EqualTo(new[] { "A", "C", "G", "T" }));
            Assert.That(basset.Input.Length, Is.EqualTo(60));
            Assert.That(basset.Output.Targets, Is.EqualTo(5));
            Assert.That(basset.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            Assert.That(deepCba.Input.Length, Is.EqualTo(50));
            Assert.That(deepCba.Output.Activation, Is.EqualTo(OutputActivation.Softmax));
            Assert.That(deepCba.Output.Targets, Is.EqualTo(3));
            Assert.That(image.Output.Activation, Is.EqualTo(OutputActivation.None));
            Assert.That(basset, Is.InstanceOf<IConvolutionalTrunk>());
            Assert.That(basset.Architecture.Trunk, Has.Count.EqualTo(3));
            Assert.That(basset.Architecture.Head, Has.Count.EqualTo(2));
            Assert.That(basset.Layers.Select(l => l.Name), Is.SupersetOf(new[] { "conv1d_1", "batch_normalization_1", "activation_1", "max_pooling1d_1", "dense_1", "dense_2" }));
            Assert.That(basset.Layers.Single(l => l.Name == "conv1d_3").ReceptiveField, Is.GreaterThan(7));
            Assert.That(image.Options.OmittedLayers, Is.EqualTo(new[] { "Reshape 'reshape_1'", "Permute 'permute_1'" }));
            Assert.That(basset.Architecture.Head[1].Activation, Is.Null, "the final sigmoid is the output activation, not a module");
            Assert.That(deepCba.Architecture.Trunk[1].Pool!.Module.CeilMode, Is.True, "'same' pooling that pads at the end is a ceil-mode pool");
            Assert.That(deepCba.Architecture.Trunk[1].Convolution.Module.PaddingBefore, Is.EqualTo(1));
            Assert.That(deepCba.Architecture.Trunk[1].Convolution.Module.PaddingAfter, Is.EqualTo(1));
        }
    }

    [Test]
    public void Load_SamePoolsPaddingBeforeTheSequence_PadAsTensorFlowAndDescribeTheirStages()
    {
        // same_pools.h5: conv 5 (45 → 41), max 4/4 'same' (1 before, 2 after → 11), conv 'same', average 4 stride 3
        // 'same' (1 before, 1 after → 4), conv 'same', max 3 stride 2 'same' (0 before, 1 after → 2: a ceil-mode pool).
        using var model = KerasModel.Load(Fixture("same_pools"));
        var pools = model.Architecture.Trunk.Select(b => b.Pool!.Module).ToArray();
        var stages = model.TrunkStages.Where(s => s.Name.Contains("pooling", StringComparison.Ordinal)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pools.Select(p => (p.Kind, p.PaddingBefore, p.PaddingAfter, p.CeilMode)), Is.EqualTo(new[]
            {
                (PoolKind.Max, 1, 2, false),
                (PoolKind.Average, 1, 1, false),
                (PoolKind.Max, 0, 0, true),
            }));
            Assert.That(stages.Select(s => (s.Name, s.PaddingBefore, s.PaddingAfter)), Is.EqualTo(new[]
            {
                ("max_pooling1d_1", 1, 2),
                ("average_pooling1d_1", 1, 1),
                ("max_pooling1d_2", 0, 1),
            }));
            Assert.That(stages[0].PaddingValue, Is.EqualTo(double.NegativeInfinity));
            Assert.That(double.IsNaN(stages[1].PaddingValue), Is.True);
            Assert.That(model.Layers.Single(l => l.Name == "max_pooling1d_1").ReceptiveField, Is.EqualTo(8));
            Assert.That(model.Layers.Single(l => l.Name == "max_pooling1d_1").Stride, Is.EqualTo(4));
            Assert.That(model.Layers.Single(l => l.Name == "average_pooling1d_1").ReceptiveField, Is.EqualTo(8 + 8 + 12));
            Assert.That(model.Layers.Single(l => l.Name == "average_pooling1d_1").Stride, Is.EqualTo(12));
        }
    }

    [Test]
    public void Load_UnsupportedLayer_ThrowsNamingLayerAndClass()
    {
        var e = Assert.Throws<KerasImportException>(() => KerasModel.Load(Fixture("unsupported_lstm")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.LayerName, Is.EqualTo("lstm_1"));
            Assert.That(e.Message, Does.Contain("'lstm_1'").And.Contain("LSTM").And.Contain("unsupported_lstm.h5"));
        }
    }

    [Test]
    public void Load_CausalPadding_ThrowsNamingLayerAndSetting()
    {
        var e = Assert.Throws<KerasImportException>(() => KerasModel.Load(Fixture("unsupported_causal")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.LayerName, Is.EqualTo("conv1d_1"));
            Assert.That(e.Message, Does.Contain("Conv1D").And.Contain("causal"));
        }
    }

    [Test]
    public void Load_BranchInFunctionalGraph_ThrowsNamingLayer()
    {
        var e = Assert.Throws<KerasImportException>(() => KerasModel.Load(Fixture("unsupported_branch")))!;
        Assert.That(e.Message, Does.Contain("single chain"));
        Assert.That(e.LayerName, Is.EqualTo("conv1d_2"));
    }

    /// <summary>Architectures written here over basset_like.h5's weights (conv1d_1: kernel 7, 4 → 16 channels).</summary>
    [TestCase("""{"class_name": "MaxPooling1D", "config": {"name": "pool", "pool_size": [4], "strides": [4], "padding": "full"}}""", "pool", "'full'")]
    [TestCase("""{"class_name": "Conv1D", "config": {"name": "conv1d_9", "filters": 2, "kernel_size": [3], "padding": "valid", "data_format": "channels_first"}}""", "conv1d_9", "channels_first")]
    [TestCase("""{"class_name": "Activation", "config": {"name": "act", "activation": "elu"}}""", "act", "'elu'")]
    [TestCase("""{"class_name": "Dense", "config": {"name": "dense_9", "units": 2}}""", "dense_9", "Flatten")]
    [TestCase("""{"class_name": "Activation", "config": {"name": "act", "activation": "softmax"}}""", "act", "softmax")]
    [TestCase("""{"class_name": "MaxPooling1D", "config": {"name": "pool", "pool_size": [57], "padding": "valid"}}""", "pool", "longer than its input")]
    public void Load_UnsupportedSettings_ThrowNamingTheLayer(string layerJson, string layerName, string reason)
    {
        var json = $$$"""
            {"class_name": "Sequential", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 60, 4]}},
              {"class_name": "Conv1D", "config": {"name": "conv1d_1", "filters": 16, "kernel_size": [7], "strides": [1], "padding": "valid", "dilation_rate": [1], "activation": "relu", "use_bias": true}},
              {{{layerJson}}},
              {"class_name": "Flatten", "config": {"name": "flatten"}}]}}
            """;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var e = Assert.Throws<KerasImportException>(() => KerasModel.Load(path, Fixture("basset_like")))!;
            Assert.That(e.LayerName, Is.EqualTo(layerName));
            Assert.That(e.Message, Does.Contain(reason));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void IsKerasModelFile_TrueOnlyForFullModelHdf5()
    {
        var text = Path.GetTempFileName();
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(KerasModel.IsKerasModelFile(Fixture("basset_like")), Is.True);
                Assert.That(KerasModel.IsKerasModelFile(KerasTestData.DeepDifEWeights), Is.False, "weights only");
                Assert.That(KerasModel.IsKerasModelFile(text), Is.False);
                Assert.That(KerasModel.IsKerasModelFile(Fixture("missing")), Is.False);
            }
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Test]
    public void Load_ActivationBeforeBatchNorm_RunsTheKerasOrder()
    {
        // conv1d_2 (activation='relu') → batch_normalization_2 does not fit the block's normalisation → activation order.
        using var basset = KerasModel.Load(Fixture("basset_like"));
        var block = basset.Architecture.Trunk[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(block.Activation, Is.Null);
            Assert.That(block.Normalization!.Name, Does.StartWith("conv1d_2"));
            Assert.That(basset.Module.named_modules().Select(m => m.name), Has.Some.EndsWith("batch_normalization_2"));
            Assert.That(basset.Module.named_modules().Select(m => m.module), Has.Some.InstanceOf<Activation>());
        }
    }

    private static void AssertClose(Tensor actual, double[][] expected, double tolerance, bool relative)
    {
        Assert.That(actual.shape, Is.EqualTo(new long[] { expected.Length, expected[0].Length }));
        using var cpu = actual.to_type(ScalarType.Float64).cpu();
        var values = cpu.data<double>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            for (var t = 0; t < expected[i].Length; t++)
            {
                var e = expected[i][t];
                var allowed = relative ? tolerance * Math.Max(1, Math.Abs(e)) : tolerance;
                Assert.That(values[(i * expected[i].Length) + t], Is.EqualTo(e).Within(allowed), $"case {i}, target {t}");
            }
        }
    }

    private sealed record Reference(Dictionary<string, ModelCases> Models);

    private sealed record ModelCases(string File, int[] InputShape, Case[] Cases);

    private sealed record Case(string Sequence, double[] Logit, double[] Probability);
}

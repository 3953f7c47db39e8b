using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using NUnit.Framework.Constraints;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.DeepCba;

[NonParallelizable]
public sealed class DeepCbaModelTests
{
    [Test]
    public void Published_BatchOfOne_HasSpecifiedShapeParameterCountAndReceptiveField()
    {
        using var model = new DeepCbaModel();
        model.eval();
        using var x = torch.rand(1, 4, 6000);
        using var y = model.Evaluate(x);
        var lastPool = model.Layers.Single(l => l.Name == "branchB.pools.2.pool");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 1 }));
            Assert.That(DeepCbaOptions.Published.BlockLengths, Is.EqualTo(new[] { 375, 47, 6 }));
            Assert.That(DeepCbaOptions.Published.LstmInputSize, Is.EqualTo(128));

            // Per branch: convolutions 2,112 + 32,832 + 65,664 + 131,200 + 65,600 + 32,832; batch-norm shifts 512;
            // BiLSTM 2 × 132,096. Head: dense 49,216 + output 65. DeepCBA: ≈1.24 M (Keras: 1,237,121 trainable
            // + 2,048 moving statistics; here the extra 2,048 are PyTorch's second LSTM bias vectors).
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(1_239_169));
            Assert.That(model.Layers.Single(l => l.Name == "branchA.convs.1").ReceptiveField, Is.EqualTo(15));
            Assert.That(lastPool.ReceptiveField, Is.EqualTo(1534));
            Assert.That(lastPool.Stride, Is.EqualTo(512));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.None));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "expression" }));
            Assert.That(model.Input.Length, Is.EqualTo(6000));
        }
    }

    [Test]
    public void Small_HasSpecifiedShapeAndParameterCount()
    {
        using var model = new DeepCbaModel(DeepCbaOptions.Small);
        model.eval();
        using var x = torch.rand(3, 4, 1200);
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 3, 1 }));
            Assert.That(DeepCbaOptions.Small.BlockLengths, Is.EqualTo(new[] { 75, 10, 2 }));

            // Per branch: convolutions 21,120; shifts 128; BiLSTM 2 × 2,176. Head: 1,040 + 17.
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(52_257));
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new DeepCbaModel();
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        string[] Branch(string b) =>
        [
            $"{b}.convs.0.weight:64x4x8", $"{b}.convs.0.bias:64",
            $"{b}.convs.1.weight:64x64x8", $"{b}.convs.1.bias:64",
            $"{b}.convs.2.weight:128x64x8", $"{b}.convs.2.bias:128",
            $"{b}.convs.3.weight:128x128x8", $"{b}.convs.3.bias:128",
            $"{b}.convs.4.weight:64x128x8", $"{b}.convs.4.bias:64",
            $"{b}.convs.5.weight:64x64x8", $"{b}.convs.5.bias:64",
            .. new[] { 64, 64, 128, 128, 64, 64 }.SelectMany((c, i) => new[] { $"{b}.norms.{i}.bias:{c}", $"{b}.norms.{i}.running_mean:{c}", $"{b}.norms.{i}.running_var:{c}" }),
            $"{b}.lstm.weight_ih_l0:512x128", $"{b}.lstm.weight_hh_l0:512x128", $"{b}.lstm.bias_ih_l0:512", $"{b}.lstm.bias_hh_l0:512",
            $"{b}.lstm.weight_ih_l0_reverse:512x128", $"{b}.lstm.weight_hh_l0_reverse:512x128", $"{b}.lstm.bias_ih_l0_reverse:512", $"{b}.lstm.bias_hh_l0_reverse:512",
        ];
        string[] expected = [.. Branch("branchA"), .. Branch("branchB"), "dense.weight:64x768", "dense.bias:64", "output.weight:1x64", "output.bias:1"];
        Assert.That(snapshot, Is.EquivalentTo(expected));
    }

    [Test]
    public void Branches_HaveSeparateWeights_AndRegionBChangesTheOutput()
    {
        using var model = new DeepCbaModel(DeepCbaOptions.Small);
        model.eval();
        var state = model.state_dict();
        using var x = torch.rand(2, 4, 1200);
        using var changed = x.clone();
        changed[.., .., 600..] = torch.rand(2, 4, 600);
        using var y = model.Evaluate(x);
        using var z = model.Evaluate(changed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(state["branchA.convs.0.weight"].eq(state["branchB.convs.0.weight"]).all().item<bool>(), Is.False);
            Assert.That(z.data<float>().ToArray(), Is.Not.EqualTo(y.data<float>().ToArray()));
        }
    }

    [Test]
    public void Forward_LeavesNoLiveTensors_AndFollowsADtypeConversionOfTheModel()
    {
        using var model = new DeepCbaModel(DeepCbaOptions.Small);
        model.eval();
        using var x = torch.rand(2, 4, 1200);
        using var expected = model.Evaluate(x);
        var before = TorchTestEnvironment.LiveTensors;
        using (model.Evaluate(x))
        {
        }

        var leaked = TorchTestEnvironment.LiveTensors - before;

        // Module.to() re-assigns parameter and buffer fields (the β-only batch norm's included); a stale field would
        // leave float32 state behind and fail on a float64 input.
        model.to(torch.ScalarType.Float64);
        using var x64 = x.to_type(torch.ScalarType.Float64);
        using var actual = model.Evaluate(x64);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(leaked, Is.Zero);
            Assert.That(actual.dtype, Is.EqualTo(torch.ScalarType.Float64));
            Assert.That(actual.to_type(torch.ScalarType.Float32).data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-4));
        }
    }

    [Test]
    public void Recipe_HasThePublishedSettings()
    {
        var options = DeepCbaTraining.Recipe();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Loss.Name, Is.EqualTo("mse"));
            Assert.That(options.Optimizer.Kind, Is.EqualTo(OptimizerKind.Adam));
            Assert.That(options.Optimizer.LearningRate, Is.EqualTo(1e-3));
            Assert.That(options.Optimizer.Epsilon, Is.EqualTo(1e-7));
            Assert.That(options.BatchSize, Is.EqualTo(64));
            Assert.That(options.Epochs, Is.EqualTo(500));
            Assert.That(options.Monitor, Is.EqualTo(ValidationMetric.Pearson));
            Assert.That(options.EarlyStopping, Is.Null);
            Assert.That(() => DeepCbaTraining.Recipe(batchSize: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("batchSize"));
        }
    }

    [Test]
    public void Forward_RejectsAnInputOfTheWrongLength()
    {
        using var model = new DeepCbaModel(DeepCbaOptions.Small);
        using var x = torch.rand(1, 4, 1000);
        Assert.That(() => model.Evaluate(x), Throws.ArgumentException.With.Property("ParamName").EqualTo("input"));
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = DeepCbaOptions.Small with { BlockFilters = [8, 8, 8], TargetName = "tpm" };
        var back = JsonSerializer.Deserialize<DeepCbaOptions>(JsonSerializer.Serialize(options))!;
        static IResolveConstraint Names(string property) => Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(property);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.EqualTo(options with { BlockFilters = back.BlockFilters }));
            Assert.That(back.BlockFilters, Is.EqualTo(new[] { 8, 8, 8 }));
            Assert.That(back.TargetName, Is.EqualTo("tpm"));
            Assert.That(() => (options with { LstmSteps = 3 }).Validate(), Names("LstmSteps"));
            Assert.That(() => (options with { RegionLength = 7 }).Validate(), Names("RegionLength"));
            Assert.That(() => (options with { Dropout = 1 }).Validate(), Names("Dropout"));
            Assert.That(() => (options with { BlockFilters = [] }).Validate(), Names("BlockFilters"));
            Assert.That(() => (options with { BatchNormMomentum = 0 }).Validate(), Names("BatchNormMomentum"));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        using var g = new torch.Generator(5);
        using var x = torch.rand(new long[] { 4, 4, 1200 }, generator: g);
        using var y = torch.rand(new long[] { 4, 1 }, generator: g);
        using var model = new DeepCbaModel(DeepCbaOptions.Small);
        new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 4 }).Train(model, new TrainingSet(x, y));
        model.eval();
        using var expected = model.Evaluate(x);
        using var loaded = CheckpointRoundTrip.Reload<DeepCbaModel, DeepCbaOptions>(model, o => new DeepCbaModel(o));
        using var actual = loaded.Evaluate(x);
        Assert.That(actual.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()));
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        DeepCbaModel model;
        using (new TorchSeedScope(3))
        {
            model = new DeepCbaModel(DeepCbaOptions.Small with { Dropout = 0 });
        }

        using (model)
        {
            using var g = new torch.Generator(4);
            using var x = torch.rand(new long[] { 8, 4, 1200 }, generator: g);
            using var y = torch.rand(new long[] { 8, 1 }, generator: g) * 4;
            var options = DeepCbaTraining.Recipe(epochs: 20, batchSize: 8) with { Optimizer = OptimizerOptions.Adam(1e-2) };
            var result = new Trainer(options).Train(model, new TrainingSet(x, y));
            Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
        }
    }
}

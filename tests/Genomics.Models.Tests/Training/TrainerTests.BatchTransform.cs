using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Augmentation;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

public sealed partial class TrainerTests
{
    private static TrainingSet DnaData(int n, int length, long seed)
    {
        using var g = new Generator((ulong)seed);
        var x = torch.nn.functional.one_hot(torch.randint(0, 4, [n, length], generator: g), 4).permute(0, 2, 1).to_type(ScalarType.Float32).contiguous();
        var y = x[.., 0, ..].mean([1]).unsqueeze(1);
        return new TrainingSet(x, y);
    }

    [Test]
    public void Train_WithBatchTransform_TransformsEveryTrainingBatch_WithEpochStepRowsAndSeed()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 14, 1));
        var data = DnaData(10, 10, 1);
        var recorder = new Recorder(new RandomPadding(4));
        var valid = new RandomPadding(4).ApplyForEvaluation(DnaData(4, 10, 2).Inputs);
        var options = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 2, BatchSize = 4, BatchTransform = recorder, Seed = 3 };
        var result = new Trainer(options).Train(model, data, new TrainingSet(valid, DnaData(4, 10, 2).Targets));
        var contexts = recorder.Contexts;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.History, Has.Count.EqualTo(2));
            Assert.That(contexts.Select(c => c.Epoch), Is.EqualTo(new[] { 1, 1, 1, 2, 2, 2 }));
            Assert.That(contexts.Select(c => c.Step), Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(contexts.Select(c => c.Rows.Count), Is.EqualTo(new[] { 4, 4, 2, 4, 4, 2 }));
            Assert.That(contexts.Take(3).SelectMany(c => c.Rows), Is.EquivalentTo(Enumerable.Range(0, 10)), "each row once per epoch");
            Assert.That(contexts.Select(c => c.Seed), Is.Unique);
            Assert.That(contexts.Select(c => c.Seed), Is.EqualTo(Enumerable.Range(0, 6).Select(s => BatchTransformContext.DeriveSeed(3, s))));
            Assert.That(recorder.InputLengths, Is.All.EqualTo(10L), "the transform sees the stored length");
        }
    }

    [Test]
    public void Train_WithBatchTransform_GivesTheTransformTheBatchRowsInOrder()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 10, 1));
        var data = DnaData(9, 10, 4);
        var recorder = new Recorder(null);
        new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 5, BatchTransform = recorder }).Train(model, data);
        for (var b = 0; b < recorder.Contexts.Count; b++)
        {
            using var expected = data.Inputs.index_select(0, torch.tensor(recorder.Contexts[b].Rows.Select(r => (long)r).ToArray()));
            Assert.That(recorder.Batches[b], Is.EqualTo(expected.data<float>().ToArray()));
        }
    }

    [Test]
    public void Train_WithBatchTransform_IsReproducibleBySeed()
    {
        var data = DnaData(12, 10, 5);
        float[] Run(long seed)
        {
            using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 30, 1), seed: 5);
            var options = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 2, BatchSize = 5, BatchTransform = new RandomPadding(), Seed = seed };
            new Trainer(options).Train(model, data);
            return Weights(model);
        }

        var first = Run(1);
        Assert.That(Run(1), Is.EqualTo(first));
        Assert.That(Run(2), Is.Not.EqualTo(first));
    }

    [Test]
    public void Train_RejectsTransformOutputThatDoesNotFitTheModel()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 14, 1));
        var data = DnaData(6, 10, 6);
        Trainer With(IBatchTransform transform) => new(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 3, BatchTransform = transform });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => With(new RandomPadding(2)).Train(model, data), Throws.ArgumentException.With.Property("ParamName").EqualTo("BatchTransform").And.Message.Contains("length 14"));
            Assert.That(() => With(new DropRow()).Train(model, data), Throws.InvalidOperationException.With.Message.Contains("must keep the rows"));
            Assert.That(() => new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError() }).Train(model, data), Throws.ArgumentException.With.Message.Contains("length 14"), "no transform: the stored length must fit");
        }
    }

    [Test]
    public void Train_WithPublishedEvoAug_RunsAndKeepsTheLossFinite()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 60, 1));
        var data = DnaData(16, 40, 7);
        var policy = EvoAugPolicy.Published();
        var valid = new TrainingSet(policy.Padding.ApplyForEvaluation(data.Inputs), data.Targets);
        var options = DeepDifETraining.EvoAug(policy) with { Loss = TrainingLoss.MeanSquaredError(), Epochs = 3, BatchSize = 8 };
        var result = new Trainer(options).Train(model, data, valid);
        Assert.That(result.History.Select(h => h.TrainingLoss), Is.All.Matches<double>(double.IsFinite));
        var fine = new Trainer(DeepDifETraining.FineTune(options) with { Epochs = 1 }).Train(model, data, valid);
        Assert.That(fine.History, Has.Count.EqualTo(1));
    }

    /// <summary>Records contexts and batches; applies an inner transform or copies.</summary>
    private sealed class Recorder(IBatchTransform? inner) : IBatchTransform
    {
        public List<BatchTransformContext> Contexts { get; } = [];

        public List<float[]> Batches { get; } = [];

        public List<long> InputLengths { get; } = [];

        public Tensor Transform(Tensor inputs, BatchTransformContext context)
        {
            Contexts.Add(context);
            Batches.Add(inputs.data<float>().ToArray());
            InputLengths.Add(inputs.shape[2]);
            return inner?.Transform(inputs, context) ?? inputs.clone();
        }
    }

    private sealed class DropRow : IBatchTransform
    {
        public Tensor Transform(Tensor inputs, BatchTransformContext context) => inputs[1..].clone();
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

[NonParallelizable]
public sealed partial class TrainerTests
{
    private static readonly ToyModelOptions s_regression = new(InputKind.OneHot, 4, 10, 2);

    private static TrainingSet RegressionData(int n, long seed)
    {
        using var g = new Generator((ulong)seed);
        var x = torch.rand(new long[] { n, 4, 10 }, generator: g);
        var y = torch.stack([x[.., 0, ..].sum(1), x[.., 3, ..].mean(new long[] { 1 }) * 3], 1);
        return new TrainingSet(x, y);
    }

    private static float[] Weights(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().cpu().flatten().data<float>().ToArray()).ToArray();

    [Test]
    public void Train_FewStepsOnTinyBatch_AtLeastHalveTheLoss()
    {
        using var model = new ToyConvModel(s_regression);
        var data = RegressionData(16, 1);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 40, BatchSize = 16, Optimizer = OptimizerOptions.Adam(1e-2) });
        var result = trainer.Train(model, data);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.History, Has.Count.EqualTo(40));
            Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
        }
    }

    [Test]
    public void Train_IsReproducibleBySeed()
    {
        var data = RegressionData(12, 2);
        float[] Run(long seed)
        {
            using var model = new ToyConvModel(s_regression, seed: 5);
            new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 3, BatchSize = 5, Seed = seed }).Train(model, data);
            return Weights(model);
        }

        var first = Run(1);
        var again = Run(1);
        var other = Run(2);
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Train_WithoutASeed_UsesTheContextSeed_ElseTheDefault()
    {
        var data = RegressionData(12, 2);
        float[] Run(long? optionSeed, long? contextSeed)
        {
            using var model = new ToyConvModel(s_regression, seed: 5);
            var options = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 3, BatchSize = 5, Seed = optionSeed };
            new Trainer(options, new ComputeContext { Seed = contextSeed }).Train(model, data);
            return Weights(model);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Run(null, 3), Is.EqualTo(Run(3, null)), "a null option seed takes the context's");
            Assert.That(Run(4, 3), Is.EqualTo(Run(4, null)), "the option's seed wins over the context's");
            Assert.That(Run(null, null), Is.EqualTo(Run(TrainerOptions.DefaultSeed, null)), "neither set: the default");
            Assert.That(Run(null, 3), Is.Not.EqualTo(Run(null, null)));
        }
    }

    [Test]
    public void Train_EarlyStopping_RestoresBestEpochWeights()
    {
        using var model = new ToyConvModel(s_regression);
        var data = RegressionData(12, 3);
        var valid = RegressionData(6, 4);
        var trainer = new Trainer(new TrainerOptions
        {
            Loss = TrainingLoss.MeanSquaredError(),
            Epochs = 10,
            BatchSize = 4,
            EarlyStopping = new EarlyStoppingOptions { Patience = 2 },
            MinimumImprovement = 1e9, // only the first epoch counts as an improvement
        });
        float[]? afterFirst = null;
        trainer.EpochCompleted += (_, e) =>
        {
            if (e.Epoch == 1)
            {
                afterFirst = Weights(model);
            }
        };
        var result = trainer.Train(model, data, valid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StoppedEarly, Is.True);
            Assert.That(result.History, Has.Count.EqualTo(3));
            Assert.That(result.BestEpoch, Is.EqualTo(1));
            Assert.That(result.RestoredBestWeights, Is.True);
            Assert.That(Weights(model), Is.EqualTo(afterFirst));
            Assert.That(result.History[0].ValidationLoss, Is.Not.Null);
        }
    }

    [Test]
    public void Train_WritesBestCheckpoint_ThatRebuildsTheModel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"genomics-trainer-{Guid.NewGuid():N}.gckpt");
        try
        {
            using var model = new ToyConvModel(s_regression);
            var data = RegressionData(12, 7);
            var result = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 4, BatchSize = 4, CheckpointPath = path }).Train(model, data, data);
            var file = Genomics.Models.Serialization.Checkpoint.Read(path);
            using var rebuilt = new ToyConvModel(file.GetOptions<ToyModelOptions>(), seed: 99);
            file.LoadInto(rebuilt);
            using var expected = model.Evaluate(data.Inputs);
            using var actual = rebuilt.Evaluate(data.Inputs);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(file.Metadata["epoch"], Is.EqualTo(result.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(actual.allclose(expected, 0, 0), Is.True, "the model ends with the best weights, which the checkpoint holds");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Train_ReportsProgress_AndHonoursCancellation()
    {
        using var model = new ToyConvModel(s_regression);
        model.eval();
        var data = RegressionData(10, 5);
        var reports = new List<OperationProgress>();
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 2, BatchSize = 4 });
        trainer.Train(model, data, null, new SynchronousProgress<OperationProgress>(reports.Add));
        Assert.That(reports[^1], Is.EqualTo(new OperationProgress("train", 6, 6)));
        Assert.That(model.training, Is.False, "training mode restored");

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => trainer.Train(model, data, null, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Train_RejectsMismatchedData_AndEarlyStoppingWithoutValidation()
    {
        using var model = new ToyConvModel(s_regression);
        using var x = torch.rand(4, 4, 10);
        using var y = torch.rand(3, 2);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), EarlyStopping = new EarlyStoppingOptions() });
        Assert.That(() => trainer.Train(model, new TrainingSet(x, y)), Throws.ArgumentException.With.Message.Contains("4 inputs but 3 targets"));
        using var y4 = torch.rand(4, 2);
        Assert.That(() => trainer.Train(model, new TrainingSet(x, y4)), Throws.InvalidOperationException.With.Message.Contains("validation"));
    }

    [Test]
    public void Train_ClassificationWithAurocMonitor_ReportsAurocInRange()
    {
        var options = new ToyModelOptions(InputKind.Tracks, 3, 10, 2, OutputActivation.Softmax);
        using var model = new ToyConvModel(options);
        using var g = new Generator(9);
        var x = torch.rand(new long[] { 20, 3, 10 }, generator: g);
        var labels = (x[.., 0, ..].mean(new long[] { 1 }) > 0.5).to_type(ScalarType.Int64);
        var set = new TrainingSet(x, labels);
        var result = new Trainer(new TrainerOptions { Loss = TrainingLoss.CrossEntropy(), Epochs = 3, BatchSize = 5, Monitor = ValidationMetric.Auroc }).Train(model, set, set);
        Assert.That(result.History.Select(h => h.ValidationMetric!.Value), Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void Options_Validate_NamesTheProperty()
    {
        var bad = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), BatchSize = 0 };
        Assert.That(bad.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("BatchSize"));
        var badLr = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Optimizer = OptimizerOptions.Sgd(-1) };
        Assert.That(badLr.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("LearningRate"));
    }

    [TestCase(OptimizerKind.Sgd)]
    [TestCase(OptimizerKind.RmsProp)]
    [TestCase(OptimizerKind.Adam)]
    public void Train_EveryOptimizerReducesTheLoss(OptimizerKind kind)
    {
        using var model = new ToyConvModel(s_regression);
        var data = RegressionData(16, 6);
        var optimizer = new OptimizerOptions { Kind = kind, LearningRate = kind == OptimizerKind.Sgd ? 0.05 : 0.01, Momentum = kind == OptimizerKind.Adam ? 0 : 0.5 };
        var result = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 20, BatchSize = 16, Optimizer = optimizer, GradientClipNorm = 5 }).Train(model, data);
        Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss));
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.Evaluation;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

[NonParallelizable]
public sealed class CrossValidationTests
{
    private static readonly TrainerOptions s_oneEpoch = new()
    {
        Loss = TrainingLoss.BinaryCrossEntropy(),
        Epochs = 2,
        BatchSize = 8,
        Optimizer = OptimizerOptions.Adam(1e-2),
        Seed = 3,
    };

    private static ISequenceModel Model(int fold) => new TinyMotifNet(new TinyMotifNetOptions(MotifTask.Length), seed: 10 + fold);

    [Test]
    public void Run_FoldsNeverShareGroups_AndEveryExampleIsHeldOutOnce()
    {
        var (data, groups) = MotifTask.Create(36, seed: 1);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var result = new CrossValidation(new CrossValidationOptions { Folds = 4 }).Run(Model, s_oneEpoch, data, groups);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Folds, Has.Count.EqualTo(4));
            Assert.That(result.Folds.SelectMany(f => f.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, 36)));
            foreach (var fold in result.Folds)
            {
                var held = fold.TestIndices.Select(i => groups[i]).ToHashSet();
                Assert.That(fold.TrainIndices.Select(i => groups[i]), Has.None.AnyOf(held.ToArray()), $"fold {fold.Fold}");
                Assert.That(fold.TrainIndices.Concat(fold.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, 36)));
                Assert.That(fold.Training.History, Has.Count.EqualTo(2));
            }
        }
    }

    [Test]
    public void Run_WithReverseComplements_KeepsBothStrandsInOneFold_AndScoresThem()
    {
        var (data, groups) = MotifTask.Create(24, seed: 2);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var options = new CrossValidationOptions { Folds = 3, AddReverseComplement = true, KeepModels = true };
        var result = new CrossValidation(options).Run(Model, s_oneEpoch, data, groups);
        try
        {
            using var reverse = OneHotEncoder.ReverseComplement(inputs);
            using var both = torch.cat([inputs, reverse], 0);
            using var bothTargets = torch.cat([targets, targets], 0);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.Folds.SelectMany(f => f.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, 48)));
                foreach (var fold in result.Folds)
                {
                    var test = fold.TestIndices.ToHashSet();
                    Assert.That(Enumerable.Range(0, 24).All(i => test.Contains(i) == test.Contains(i + 24)), Is.True, $"fold {fold.Fold} splits a strand pair");
                    Assert.That(fold.TrainIndices, Has.Length.EqualTo(48 - fold.TestIndices.Length));

                    // Oracle: the reported loss is the loss of the kept model on the held-out rows of forward + reverse.
                    using var scope = torch.NewDisposeScope();
                    var rows = torch.tensor(fold.TestIndices.Select(i => (long)i).ToArray());
                    var outputs = new BatchedPredictor().Predict(fold.Model!, both.index_select(0, rows));
                    var expected = TrainingLoss.BinaryCrossEntropy().Compute(outputs, bothTargets.index_select(0, rows)).item<float>();
                    Assert.That(fold.Loss, Is.EqualTo(expected).Within(1e-6));
                }
            }
        }
        finally
        {
            foreach (var fold in result.Folds)
            {
                fold.Model?.Module.Dispose();
            }
        }
    }

    [Test]
    public void Run_FoldMetricsAreInRange_AndSummariesMatchTheFolds()
    {
        var (data, groups) = MotifTask.Create(36, seed: 3);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var options = new CrossValidationOptions { Folds = 3, Metrics = [MetricKind.Auroc, MetricKind.Auprc] };
        var result = new CrossValidation(options).Run(Model, s_oneEpoch, data, groups);
        var losses = result.Folds.Select(f => f.Loss).ToArray();
        var aurocs = result.Folds.Select(f => f.Metrics[MetricKind.Auroc]).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(losses, Is.All.GreaterThan(0).And.All.LessThan(5));
            Assert.That(aurocs, Is.All.InRange(0.0, 1.0));
            Assert.That(result.Folds.Select(f => f.Metrics[MetricKind.Auprc]), Is.All.InRange(0.0, 1.0));
            Assert.That(result.Loss.Values, Is.EqualTo(losses));
            Assert.That(result.Loss.Mean, Is.EqualTo(losses.Average()).Within(1e-12));
            var mean = aurocs.Average();
            Assert.That(result.Metrics[MetricKind.Auroc].StandardDeviation, Is.EqualTo(Math.Sqrt(aurocs.Sum(a => (a - mean) * (a - mean)) / 3)).Within(1e-12));
        }
    }

    [Test]
    public void Run_IsReproducible_AndLeavesNoTensorsBehind()
    {
        var (data, groups) = MotifTask.Create(30, seed: 4);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var cv = new CrossValidation(new CrossValidationOptions { Folds = 3, AddReverseComplement = true, Metrics = [MetricKind.Auroc] });

        // Building and disposing a model leaves libtorch's own residue (one tensor per Conv1d); nothing else may stay.
        var beforeModel = TorchTestEnvironment.LiveTensors;
        Model(0).Module.Dispose();
        var perModel = TorchTestEnvironment.LiveTensors - beforeModel;
        var live = TorchTestEnvironment.LiveTensors;
        var first = cv.Run(Model, s_oneEpoch, data, groups);
        var liveAfter = TorchTestEnvironment.LiveTensors;
        var second = cv.Run(Model, s_oneEpoch, data, groups);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Folds.Select(f => f.Loss), Is.EqualTo(first.Folds.Select(f => f.Loss)));
            Assert.That(second.Metrics[MetricKind.Auroc].Values, Is.EqualTo(first.Metrics[MetricKind.Auroc].Values));
            Assert.That(liveAfter - live, Is.EqualTo(3 * perModel));
        }
    }

    [Test]
    public void Run_BuildsEachFoldWithItsOwnModelAndOptions()
    {
        var (data, groups) = MotifTask.Create(24, seed: 5);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var modelFolds = new List<int>();
        var optionFolds = new List<int>();
        var options = new CrossValidationOptions { Folds = 4, ValidateOnHeldOutFold = false };
        var result = new CrossValidation(options).Run(
            fold => { modelFolds.Add(fold); return Model(fold); },
            fold => { optionFolds.Add(fold); return s_oneEpoch with { Epochs = 1 + fold }; },
            data,
            groups);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(modelFolds, Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(optionFolds, Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(result.Folds.Select(f => f.Training.History.Count), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(result.Folds.SelectMany(f => f.Training.History).Select(e => e.ValidationLoss), Is.All.Null, "the held-out fold stays unseen");
        }
    }

    [Test]
    public void Run_ReportsProgressPerFold_AndHonoursCancellation()
    {
        var (data, groups) = MotifTask.Create(24, seed: 6);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        var reports = new List<OperationProgress>();
        var cv = new CrossValidation(new CrossValidationOptions { Folds = 3 });
        cv.Run(Model, s_oneEpoch with { Epochs = 1 }, data, groups, new SynchronousProgress<OperationProgress>(reports.Add));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports, Is.EqualTo(Enumerable.Range(1, 3).Select(i => new OperationProgress("cross-validation", i, 3))));
            Assert.That(() => cv.Run(Model, s_oneEpoch, data, groups, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public void Run_RejectsInconsistentInputs()
    {
        var (data, groups) = MotifTask.Create(12, seed: 7);
        using var inputs = data.Inputs;
        using var targets = data.Targets;
        using var tracks = torch.zeros(12, 3, MotifTask.Length);
        using var classes = torch.zeros(new long[] { 12 }, ScalarType.Int64);
        var plain = new CrossValidation(new CrossValidationOptions { Folds = 2 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => plain.Run(Model, s_oneEpoch, data, groups[..11]), Throws.ArgumentException.With.Property("ParamName").EqualTo("groups"));
            Assert.That(
                () => new CrossValidation(new CrossValidationOptions { Folds = 2, AddReverseComplement = true }).Run(Model, s_oneEpoch, new TrainingSet(tracks, targets), groups),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("data"));
            Assert.That(() => new CrossValidation(new CrossValidationOptions { Folds = 5 }).Run(Model, s_oneEpoch, data, groups), Throws.InstanceOf<ArgumentOutOfRangeException>(), "4 families cannot make 5 folds");
            Assert.That(
                () => new CrossValidation(new CrossValidationOptions { Folds = 2, Metrics = [MetricKind.Auroc] }).Run(Model, s_oneEpoch, new TrainingSet(inputs, classes), groups),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("data"));
            Assert.That(() => new CrossValidation(new CrossValidationOptions { Folds = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Folds"));
            Assert.That(() => new CrossValidation(new CrossValidationOptions { Metrics = [MetricKind.Auroc, MetricKind.Auroc] }), Throws.ArgumentException.With.Property("ParamName").EqualTo("Metrics"));
        }
    }
}

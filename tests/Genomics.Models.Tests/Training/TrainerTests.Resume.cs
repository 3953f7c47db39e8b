using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using BatchNorm1d = TorchSharp.Modules.BatchNorm1d;
using Conv1d = TorchSharp.Modules.Conv1d;
using Dropout = TorchSharp.Modules.Dropout;
using Linear = TorchSharp.Modules.Linear;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

public sealed partial class TrainerTests
{
    private static string TempPath(string suffix) => Path.Combine(Path.GetTempPath(), $"genomics-resume-{Guid.NewGuid():N}{suffix}");

    private static TrainerOptions ResumeOptions(string statePath, string checkpointPath, OptimizerOptions optimizer, LearningRateSchedule schedule) => new()
    {
        Loss = TrainingLoss.MeanSquaredError(),
        Epochs = 6,
        BatchSize = 5,
        Optimizer = optimizer,
        Schedule = schedule,
        Seed = 17,
        EarlyStopping = new EarlyStoppingOptions { Patience = 4 },
        StatePath = statePath,
        CheckpointPath = checkpointPath,
    };

    private static IEnumerable<TestCaseData> ResumeCases()
    {
        yield return new TestCaseData(OptimizerOptions.Adam(1e-2), LearningRateSchedule.ReduceOnPlateau(0.5, 0)).SetName("Resume_Adam_Plateau");
        yield return new TestCaseData(OptimizerOptions.Sgd(0.05, 0.9), LearningRateSchedule.Cyclic(0.01, 0.05, 3)).SetName("Resume_SgdMomentum_Cyclic");
    }

    [TestCaseSource(nameof(ResumeCases))]
    public void Train_StoppedAndResumed_EqualsAnUninterruptedRun(OptimizerOptions optimizer, LearningRateSchedule schedule)
    {
        var data = RegressionData(13, 21);
        var valid = RegressionData(6, 22);
        var straightState = TempPath(".state");
        var straightCheckpoint = TempPath(".gckpt");
        var resumedState = TempPath(".state");
        var resumedCheckpoint = TempPath(".gckpt");
        try
        {
            // Uninterrupted: six epochs in one go.
            using var straight = new DropoutToyModel(s_regression, seed: 3);
            var expected = new Trainer(ResumeOptions(straightState, straightCheckpoint, optimizer, schedule)).Train(straight, data, valid);

            // Interrupted: cancelled during epoch 4 (after epoch 3 completed), then resumed in a fresh model and trainer.
            using (var first = new DropoutToyModel(s_regression, seed: 3))
            {
                using var cts = new CancellationTokenSource();
                var trainer = new Trainer(ResumeOptions(resumedState, resumedCheckpoint, optimizer, schedule));
                trainer.EpochCompleted += (_, e) =>
                {
                    if (e.Epoch == 3)
                    {
                        cts.Cancel();
                    }
                };
                Assert.That(() => trainer.Train(first, data, valid, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            }

            Assert.That(File.Exists(resumedCheckpoint), Is.True, "the best-so-far checkpoint is on disk after cancellation");
            Assert.That(Checkpoint.Read(resumedState).Metadata["epoch"], Is.EqualTo("3"), "the state of the last completed epoch is kept");

            using var resumed = new DropoutToyModel(s_regression, seed: 99); // other initial weights: all must come from the file
            torch.random.manual_seed(12345); // and another generator state
            var actual = new Trainer(ResumeOptions(resumedState, resumedCheckpoint, optimizer, schedule) with { Resume = true }).Train(resumed, data, valid);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(actual.History, Is.EqualTo(expected.History), "identical history, learning rates included");
                Assert.That(actual.BestEpoch, Is.EqualTo(expected.BestEpoch));
                Assert.That(actual.BestValue, Is.EqualTo(expected.BestValue));
                Assert.That(actual.StoppedEarly, Is.EqualTo(expected.StoppedEarly));
                Assert.That(actual.RestoredBestWeights, Is.EqualTo(expected.RestoredBestWeights));
                Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)), "bit-identical parameters");
                Assert.That(Checkpoint.Read(resumedCheckpoint).Metadata["epoch"], Is.EqualTo(Checkpoint.Read(straightCheckpoint).Metadata["epoch"]));
            }
        }
        finally
        {
            foreach (var path in new[] { straightState, straightCheckpoint, resumedState, resumedCheckpoint })
            {
                File.Delete(path);
            }
        }
    }

    [Test]
    public void Train_WithoutValidation_KeepsTheLastEpochCheckpoint_WhenCancelled()
    {
        var checkpoint = TempPath(".gckpt");
        try
        {
            using var model = new ToyConvModel(s_regression);
            var data = RegressionData(12, 23);
            using var cts = new CancellationTokenSource();
            var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 5, BatchSize = 4, CheckpointPath = checkpoint });
            float[]? afterSecond = null;
            trainer.EpochCompleted += (_, e) =>
            {
                if (e.Epoch == 2)
                {
                    afterSecond = Weights(model);
                    cts.Cancel();
                }
            };
            Assert.That(() => trainer.Train(model, data, null, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            var file = Checkpoint.Read(checkpoint);
            using var rebuilt = new ToyConvModel(file.GetOptions<ToyModelOptions>(), seed: 42);
            file.LoadInto(rebuilt);
            Assert.That(file.Metadata["epoch"], Is.EqualTo("2"));
            Assert.That(Weights(rebuilt), Is.EqualTo(afterSecond));
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Test]
    public void Train_Resume_RejectsAnotherRunsState_AndMissingOrWrongFiles()
    {
        var state = TempPath(".state");
        var checkpoint = TempPath(".gckpt");
        try
        {
            var data = RegressionData(10, 24);
            using (var model = new ToyConvModel(s_regression))
            {
                new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 5, StatePath = state, CheckpointPath = checkpoint }).Train(model, data);
            }

            using var again = new ToyConvModel(s_regression);
            var other = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 2, BatchSize = 4, StatePath = state, Resume = true };
            Assert.That(() => new Trainer(other).Train(again, data), Throws.InvalidOperationException.With.Message.Contains(state).And.Message.Contains("BatchSize: saved 5, now 4"));

            var fromCheckpoint = other with { BatchSize = 5, StatePath = checkpoint };
            Assert.That(() => new Trainer(fromCheckpoint).Train(again, data), Throws.InstanceOf<CheckpointCorruptException>().With.Message.Contains("not a training-state file"));

            var missing = other with { BatchSize = 5, StatePath = TempPath(".state") };
            Assert.That(() => new Trainer(missing).Train(again, data), Throws.InstanceOf<FileNotFoundException>());

            Assert.That(() => new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Resume = true }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Resume"));
            Assert.That(() => new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), StatePath = state, CheckpointPath = state }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("StatePath"));
        }
        finally
        {
            File.Delete(state);
            File.Delete(checkpoint);
        }
    }

    /// <summary>A toy regression model with dropout and batch normalisation, so resuming must restore the generator and buffers.</summary>
    private sealed class DropoutToyModel : ToySequenceModel
    {
        private readonly Conv1d conv;
        private readonly BatchNorm1d norm;
        private readonly Dropout dropout;
        private readonly Linear linear;

        public DropoutToyModel(ToyModelOptions options, long seed)
            : base(nameof(DropoutToyModel), options)
        {
            using (new TorchSeedScope(seed))
            {
                conv = nn.Conv1d(options.Channels, 6, 3);
                norm = nn.BatchNorm1d(6);
                dropout = nn.Dropout(0.3);
                linear = nn.Linear(6 * (options.Length - 2), options.Targets);
            }

            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            return linear.call(dropout.call(nn.functional.relu(norm.call(conv.call(input)))).flatten(1)).MoveToOuterDisposeScope();
        }
    }
}

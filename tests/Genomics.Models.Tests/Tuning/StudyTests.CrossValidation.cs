using Genomics.Models.Tests.Training;
using Genomics.Models.Training;
using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

/// <summary>
/// Worked example of DeepDifE's recipe R4 (VIB-PSB/DeepDifE): a TPE search that minimises the mean validation loss
/// over grouped folds, with the published search space, shrunk to a tiny model and data set so it runs in a test.
/// </summary>
[NonParallelizable]
public sealed partial class StudyTests
{
    [Test]
    public void Optimize_MinimisesMeanGroupedValidationLoss_OfATinyModel()
    {
        // 36 sequences in 12 families of three; the folds add reverse complements, which stay with their family.
        var (data, groups) = MotifTask.Create(36, seed: 21);
        using var inputs = data.Inputs;
        using var targets = data.Targets;

        // The R4 space: learning rate log-uniform, kernel length categorical, batch size on a grid, 2 or 3 conv layers.
        var space = new SearchSpace();
        var rate = space.Float("lr", 1e-5, 1e-1, log: true);
        var kernel = space.Categorical("kernel_length", [8, 12, 16, 20, 24]);
        var batch = space.Int("batch_size", 50, 200, step: 25);
        var layers = space.Categorical("conv_layers", [2, 3]);

        var folds = new CrossValidation(new CrossValidationOptions { Folds = 5, AddReverseComplement = true });
        double MeanValidationLoss(Trial trial)
        {
            var model = new TinyMotifNetOptions(MotifTask.Length, trial.Get(kernel), trial.Get(layers));
            var training = new TrainerOptions
            {
                Loss = TrainingLoss.BinaryCrossEntropy(),
                Epochs = 1,
                BatchSize = trial.Get(batch),
                Optimizer = OptimizerOptions.Adam(trial.Get(rate)),
                Seed = trial.Number,
            };
            var result = folds.Run(fold => new TinyMotifNet(model, seed: fold), training, data, groups, cancellationToken: trial.CancellationToken);
            return result.Loss.Mean;
        }

        // With fewer trials than TPE's 10 start-up trials, all three are random draws; a real search runs 50 or more.
        var study = new Study(space, new StudyOptions { Direction = StudyDirection.Minimize, Seed = 7 });
        var outcome = study.Optimize(MeanValidationLoss, trials: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Trials.Select(t => t.State), Is.All.EqualTo(TrialState.Complete));
            Assert.That(outcome.Trials.Select(t => t.Value!.Value), Is.All.GreaterThan(0.0).And.All.LessThan(10.0));
            Assert.That(outcome.BestTrial!.Value, Is.EqualTo(outcome.Trials.Min(t => t.Value)));
            Assert.That(outcome.Trials.Select(t => t.Get(rate)), Is.All.InRange(1e-5, 1e-1));
            Assert.That(outcome.Trials.Select(t => t.Get(batch) % 25), Is.All.EqualTo(0));
            Assert.That(outcome.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], Is.EqualTo("number,state,value,duration_seconds,params_lr,params_kernel_length,params_batch_size,params_conv_layers,error"));

            // The best trial's parameters reproduce its value exactly.
            var best = outcome.BestTrial;
            var again = new Study(space, new StudyOptions { Seed = 7 }).Optimize(MeanValidationLoss, trials: 3).Trials[best.Number];
            Assert.That(again.Value, Is.EqualTo(best.Value));
        }
    }
}

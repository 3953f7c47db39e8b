using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using Genomics.Models.IO;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.DeepChrome;

/// <summary>The published DeepChrome recipe runs end to end on the real toy tables (a smoke test: the data are far too small for a meaningful AUROC).</summary>
[NonParallelizable]
public sealed class DeepChromeToyTrainingTests
{
    [Test]
    public void PublishedRecipe_OnToyTables_TrainsAndScoresTheTestGenes()
    {
        var train = HistoneTableReader.Read(SharedData.Path("deepchrome", "train.csv"));
        var valid = HistoneTableReader.Read(SharedData.Path("deepchrome", "valid.csv"));
        var test = HistoneTableReader.Read(SharedData.Path("deepchrome", "test.csv"));
        DeepChromeModel model;
        using (new TorchSeedScope(1))
        {
            model = new DeepChromeModel();
        }

        using (model)
        using (var xt = train.ToTensor())
        using (var yt = train.LabelsTensor())
        using (var xv = valid.ToTensor())
        using (var yv = valid.LabelsTensor())
        using (var xs = test.ToTensor())
        {
            var options = new TrainerOptions
            {
                Loss = TrainingLoss.CrossEntropy(),
                Optimizer = OptimizerOptions.Sgd(1e-3),
                Schedule = LearningRateSchedule.InverseTimeDecay(1e-7),
                BatchSize = 1,
                Epochs = 3,
                Monitor = ValidationMetric.Auroc,
            };
            var result = new Trainer(options).Train(model, new TrainingSet(xt, yt), new TrainingSet(xv, yv));
            using var logits = new BatchedPredictor().Predict(model, xs);
            var pHigh = torch.softmax(logits, 1)[.., 1].to_type(torch.ScalarType.Float64).data<double>().ToArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.History, Has.Count.EqualTo(3));
                Assert.That(result.History.Select(h => h.ValidationMetric!.Value), Is.All.InRange(0.0, 1.0));
                Assert.That(result.History.Select(h => h.TrainingLoss), Is.All.Matches<double>(double.IsFinite));
                Assert.That(pHigh, Has.Length.EqualTo(9));
                Assert.That(Metrics.Auroc(pHigh, test.Labels), Is.InRange(0.0, 1.0));
                Assert.That(result.History[^1].LearningRate, Is.EqualTo(1e-3 / (1 + (30 * 1e-7))).Within(1e-15), "30 single-gene steps of inverse-time decay");
            }
        }
    }
}

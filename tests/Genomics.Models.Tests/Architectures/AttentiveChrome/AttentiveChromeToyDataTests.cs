using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Compute;
using Genomics.Models.IO;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.AttentiveChrome;

/// <summary>End-to-end smoke test on the toy AttentiveChrome data (AttentiveChrome's toy data set).</summary>
[NonParallelizable]
public sealed class AttentiveChromeToyDataTests
{
    private const int Marks = 5;
    private const int Bins = 100;

    [Test]
    public void Trainer_RunsOnTheToyDataAndExplainGivesValidAttention()
    {
        var (trainInputs, trainLabels, trainGenes) = ReadGenes("train.csv");
        var (validInputs, validLabels, validGenes) = ReadGenes("valid.csv");
        AttentiveChromeModel model;
        using (new TorchSeedScope(1))
        {
            model = new AttentiveChromeModel();
        }

        using (model)
        using (trainInputs)
        using (trainLabels)
        using (validInputs)
        using (validLabels)
        {
            var options = new TrainerOptions
            {
                Loss = TrainingLoss.BinaryCrossEntropy(),
                Epochs = 3,
                BatchSize = 16,
                Optimizer = OptimizerOptions.Adam(2e-4),
                GradientClipNorm = 1.0,
                Monitor = ValidationMetric.Auroc,
                TiesCountAsImprovement = true,
                Seed = 1,
            };
            var result = new Trainer(options).Train(model, new TrainingSet(trainInputs, trainLabels), new TrainingSet(validInputs, validLabels));
            using var explained = model.Explain(validInputs);
            using var alphaSums = explained.BinAttention.sum(2);
            using var betaSums = explained.MarkAttention.sum(1);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(trainGenes, Is.GreaterThanOrEqualTo(9));
                Assert.That(validGenes, Is.GreaterThanOrEqualTo(9));
                Assert.That(result.History, Has.Count.EqualTo(3));
                Assert.That(result.History.Select(h => h.TrainingLoss), Is.All.Positive.And.All.LessThan(5.0));
                Assert.That(result.BestValue, Is.Not.Null.And.InRange(0.0, 1.0));
                Assert.That(explained.BinAttention.shape, Is.EqualTo(new long[] { validGenes, Marks, Bins }));
                Assert.That(alphaSums.data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
                Assert.That(betaSums.data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
            }
        }
    }

    private static (torch.Tensor Inputs, torch.Tensor Labels, int Genes) ReadGenes(string fileName)
    {
        var data = HistoneTableReader.Read(SharedData.Path("attentivechrome", fileName));
        return (data.ToTensor(), data.LabelsTensor(torch.ScalarType.Float32).reshape(data.Count, 1), data.Count);
    }
}

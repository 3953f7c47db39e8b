using System.Globalization;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.AttentiveChrome;

/// <summary>End-to-end smoke test on the toy AttentiveChrome data (SEEDS-SPEC §5.1, §5.5).</summary>
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

    /// <summary>Reads the header-less 8-column format: GeneID, BinID (1…100), five mark counts, Label; 100 rows per gene.</summary>
    private static (torch.Tensor Inputs, torch.Tensor Labels, int Genes) ReadGenes(string fileName)
    {
        var path = Path.Combine(DataFolder(), fileName);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length % Bins != 0)
        {
            throw new InvalidDataException($"{path}: {lines.Length} rows is not a multiple of {Bins}.");
        }

        var genes = lines.Length / Bins;
        var values = new float[genes * Marks * Bins];
        var labels = new float[genes];
        for (var row = 0; row < lines.Length; row++)
        {
            var fields = lines[row].Split(',');
            var gene = row / Bins;
            var bin = int.Parse(fields[1], CultureInfo.InvariantCulture) - 1;
            if (fields.Length != 8 || bin != row % Bins)
            {
                throw new InvalidDataException($"{path}, line {row + 1}: expected 8 fields with bin {row % Bins + 1}.");
            }

            for (var mark = 0; mark < Marks; mark++)
            {
                values[(gene * Marks + mark) * Bins + bin] = float.Parse(fields[2 + mark], CultureInfo.InvariantCulture);
            }

            labels[gene] = float.Parse(fields[7], CultureInfo.InvariantCulture);
        }

        return (torch.tensor(values, new long[] { genes, Marks, Bins }), torch.tensor(labels, new long[] { genes, 1 }), genes);
    }

    private static string DataFolder()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Genomics.sln")))
            {
                return Path.Combine(directory.FullName, "..", "shared", "data", "attentivechrome");
            }
        }

        throw new DirectoryNotFoundException($"No folder above {TestContext.CurrentContext.TestDirectory} contains Genomics.sln.");
    }
}

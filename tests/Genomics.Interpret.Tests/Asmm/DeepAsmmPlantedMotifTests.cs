using Genomics.Interpret.Asmm;
using Genomics.Models.Encoding;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// End to end: a small CNN trained to detect a planted 8-mer, the background chosen as its true positives, and the
/// planted motif comes out on top of the autonomy score among all 8-mers of the background.
/// </summary>
[NonParallelizable]
public sealed class DeepAsmmPlantedMotifTests
{
    private const string Planted = "TGAGTCAC";
    private const int Length = 60;

    [Test]
    public void PlantedMotif_RanksFirstByAutonomy()
    {
        var random = new Random(11);
        var records = new List<AsmmRecord>();
        for (var i = 0; i < 400; i++)
        {
            var bases = Enumerable.Range(0, Length).Select(_ => "ACGT"[random.Next(4)]).ToArray();
            var positive = i % 2 == 0;
            if (positive)
            {
                Planted.CopyTo(0, bases, random.Next(Length - Planted.Length + 1), Planted.Length);
            }

            records.Add(new AsmmRecord([new string(bases)], [positive ? 1 : 0], i + 2));
        }

        var table = new AsmmTable(records);
        using var model = new PlantedMotifCnn(Length, seed: 3);
        using (var inputs = OneHotEncoder.Encode(records.Select(r => r.Sequences[0]).ToList()))
        using (var targets = torch.tensor(records.Select(r => (float)r.Labels[0]).ToArray(), [records.Count, 1]))
        {
            var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Epochs = 15, BatchSize = 32, Optimizer = OptimizerOptions.Adam(2e-2), Seed = 5 });
            trainer.Train(model, new TrainingSet(inputs, targets));
        }

        var selection = AsmmBackgroundSelector.Select(model, table);
        var result = new DeepAsmm().Run(model, selection.Background, motifLength: 8, minimumCount: 5);
        var byFinal = result.RankedByAutonomy().Select(m => m.Motif).ToList();
        var byRaw = result.Motifs.OrderByDescending(m => m.AutonomyRaw).Select(m => m.Motif).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(selection.Rows.Count(r => r % 2 == 0), Is.GreaterThan(180), "the trained model finds most planted sequences");
            Assert.That(selection.Rows.Count(r => r % 2 == 1), Is.LessThan(20), "and few others");
            Assert.That(byFinal[0], Is.EqualTo(Planted));
            Assert.That(byRaw.IndexOf(Planted), Is.LessThan(3), string.Join(", ", byRaw.Take(5)));
        }
    }
}

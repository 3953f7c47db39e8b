// DeepDifE on the labelled ortholog promoters: grouped split by A. thaliana gene (80 % train, the rest halved into
// validation and test by group), recipe R1 (EvoAug, early stopping, plateau schedule), conjoined forward/reverse
// prediction on the test genes.
//
//   dotnet run --project samples/DeepDifE -c Release [-- --data DIR] [--epochs N] [--seed S] [--device cpu|cuda] [--threads N]
// DIR holds aly/chi/cru.tss.fasta and ath_aly/chi/cru.txt (default: ../shared/data/deepdife above the repository).
using System.Globalization;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Augmentation;
using Genomics.Models.Compute;
using Genomics.Models.Data;
using Genomics.Models.Evaluation;
using Genomics.Models.Training;
using TorchSharp;

var dataDir = Option(args, "--data") ?? FindSharedData() ?? throw new ArgumentException("Pass --data DIR: the folder with the ortholog FASTA and map files.");
var epochs = int.Parse(Option(args, "--epochs") ?? "100", CultureInfo.InvariantCulture);
var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : null, Seed = seed };

var data = OrthologPromoterDataset.Load(dataDir);
var outer = DataSplits.GroupShuffle(data.Groups, 0.2, seed);
var heldOutGroups = outer.Test.Select(i => data.Groups[i]).ToArray();
var inner = DataSplits.GroupShuffle(heldOutGroups, 0.5, seed);
var valid = inner.Train.Select(i => outer.Test[i]).ToArray();
var test = inner.Test.Select(i => outer.Test[i]).ToArray();
Console.WriteLine($"{data.Count} labelled promoters ({data.PositiveFraction:P0} positive), {data.Groups.Distinct().Count()} gene groups: train {outer.Train.Length}, validation {valid.Length}, test {test.Length}");

var padding = new RandomPadding();
var train = data.ToTrainingSet(outer.Train, addReverseComplements: true);
var validation = Padded(data.ToTrainingSet(valid, addReverseComplements: true), padding);
var testSet = Padded(data.ToTrainingSet(test), padding);

DeepDifEModel model;
using (new TorchSeedScope(seed))
{
    model = new DeepDifEModel(DeepDifEOptions.Published);
}

var options = DeepDifETraining.EvoAug(seed: seed) with { Epochs = epochs };
var trainer = new Trainer(options, context);
trainer.EpochCompleted += (_, e) => Console.WriteLine($"  epoch {e.Epoch,3}: training loss {e.TrainingLoss:F4}, validation loss {e.ValidationLoss:F4}, lr {e.LearningRate:G2}{(e.Improved ? " *" : string.Empty)}");
var result = trainer.Train(model, train, validation);
Console.WriteLine($"Stopped after {result.History.Count} epochs; best epoch {result.BestEpoch} (validation loss {result.BestValue:F4})");

var conjoined = new ReverseComplementAverage(model, averageProbabilities: true);
using var probabilities = new BatchedPredictor(context).Predict(conjoined, testSet.Inputs);
var p = probabilities.to_type(torch.ScalarType.Float64).flatten().data<double>().ToArray();
var labels = test.Select(i => data.Labels[i]).ToArray();
var accuracy = p.Zip(labels, (q, y) => (q > 0.5 ? 1 : 0) == y ? 1.0 : 0.0).Average();
Console.WriteLine($"Test (conjoined, {labels.Length} promoters): AUROC {Metrics.Auroc(p, labels):F3}, AUPRC {Metrics.Auprc(p, labels):F3}, accuracy {accuracy:F3}");
model.Dispose();

static TrainingSet Padded(TrainingSet set, RandomPadding padding) => new(padding.ApplyForEvaluation(set.Inputs), set.Targets);

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string? FindSharedData()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "data", "deepdife");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    return null;
}

// HistoneModels: DeepChrome and AttentiveChrome on the QuickStart toy histone-mark tables. Trains each briefly,
// plots ROC and precision-recall curves on the test genes, the training curves (from Trainer.EpochCompleted), and
// AttentiveChrome's attention maps (bin x mark) as SVG and PNG.
//
//   dotnet run --project samples/HistoneModels -c Release [-- --device cpu|auto|cuda] [--threads N] [--epochs N] [--out DIR]
using System.Globalization;
using Genomics.Interpret.Plots;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using Genomics.Models.IO;
using Genomics.Models.Training;
using TorchSharp;

const long seed = 1;   // initialisation, training order and every engine left without a seed of its own
var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : null, Seed = seed };
var epochs = int.Parse(Option(args, "--epochs") ?? "8", CultureInfo.InvariantCulture);
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-histone-models")).FullName;

var data = Path.Combine(AppContext.BaseDirectory, "data");
var (train, valid, test) = (Read("train.csv"), Read("valid.csv"), Read("test.csv"));
var labels = test.Labels.Select(y => y == 1).ToArray();
Console.WriteLine($"Genes: train {train.Count}, validation {valid.Count}, test {test.Count}; marks: {string.Join(", ", train.MarkNames)}");

// DeepChrome: two-class softmax; AttentiveChrome: one logit (binary cross-entropy).
using var deepChrome = Seeded(() => new DeepChromeModel(DeepChromeOptions.Published));
var deepScores = Train("DeepChrome", deepChrome, TrainingLoss.CrossEntropy(), train.LabelsTensor(), valid.LabelsTensor(),
    x => { using var l = x; return torch.softmax(l, 1)[.., 1]; });
using var attentive = Seeded(() => new AttentiveChromeModel(AttentiveChromeOptions.Published));
var attentiveScores = Train("AttentiveChrome", attentive, TrainingLoss.BinaryCrossEntropy(), Float(train), Float(valid),
    x => { using var l = x; return torch.sigmoid(l).flatten(); });

// Attention of the first test gene: bin attention per mark (marks x bins) and mark attention.
attentive.eval();
using (torch.no_grad())
{
    using var inputs = test.ToTensor();
    using var explained = attentive.Explain(inputs);
    var bins = explained.BinAttention[0].to_type(torch.ScalarType.Float64).cpu();
    var heat = new double[bins.shape[0], bins.shape[1]];
    var flat = bins.data<double>().ToArray();
    Buffer.BlockCopy(flat, 0, heat, 0, flat.Length * sizeof(double));
    var heatmap = Charts.Heatmap(heat, $"AttentiveChrome bin attention, gene {test.GeneIds[0]} (rows: {string.Join(", ", test.MarkNames)})", "bin", "mark", cellSize: 8);
    Save(heatmap, "attentivechrome-attention.svg");
    Save(heatmap, "attentivechrome-attention.png");
    var marks = explained.MarkAttention[0].to_type(torch.ScalarType.Float64).data<double>().ToArray();
    Console.WriteLine("Mark attention, gene " + test.GeneIds[0] + ": " + string.Join(", ", test.MarkNames.Zip(marks, (m, w) => $"{m} {w:F3}")));
}

Console.WriteLine($"Mean P(high) on the test genes: DeepChrome {deepScores.Average():F3}, AttentiveChrome {attentiveScores.Average():F3}");
Console.WriteLine($"Files in {outDir}");
return 0;

double[] Train(string name, ISequenceModel model, TrainingLoss loss, torch.Tensor trainLabels, torch.Tensor validLabels, Func<torch.Tensor, torch.Tensor> toProbability)
{
    var history = new List<EpochRecord>();
    var trainer = new Trainer(new TrainerOptions { Loss = loss, Optimizer = OptimizerOptions.Adam(1e-3), Epochs = epochs, BatchSize = 4, Monitor = ValidationMetric.Auroc, Seed = seed }, context);
    trainer.EpochCompleted += (_, e) => history.Add(e);
    using var trainInputs = train.ToTensor();
    using var validInputs = valid.ToTensor();
    var result = trainer.Train(model, new TrainingSet(trainInputs, trainLabels), new TrainingSet(validInputs, validLabels));
    using var testInputs = test.ToTensor();
    using var probabilities = toProbability(new BatchedPredictor(context).Predict(model, testInputs));
    var p = probabilities.to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray();
    Console.WriteLine($"{name}: best epoch {result.BestEpoch} (validation AUROC {result.BestValue:F3}); test AUROC {Metrics.Auroc(p, test.Labels):F3}, AUPRC {Metrics.Auprc(p, test.Labels):F3} (toy data: {test.Count} genes)");
    var x = history.Select(e => (double)e.Epoch).ToArray();
    Save(Charts.Line(
        [new ChartSeries("training loss", x, history.Select(e => e.TrainingLoss).ToArray()),
         new ChartSeries("validation loss", x, history.Select(e => e.ValidationLoss ?? double.NaN).ToArray())],
        $"{name} training", "epoch", "loss"), $"{name.ToLowerInvariant()}-training.svg");
    Save(Charts.Roc(p, labels, $"{name} ROC (test)"), $"{name.ToLowerInvariant()}-roc.svg");
    Save(Charts.PrecisionRecall(p, labels, $"{name} precision-recall (test)"), $"{name.ToLowerInvariant()}-pr.svg");
    return p;
}

HistoneDataset Read(string file) => HistoneTableReader.Read(Path.Combine(data, file));
torch.Tensor Float(HistoneDataset set) => set.LabelsTensor(torch.ScalarType.Float32).unsqueeze(1);
void Save(PlotImage image, string file) => image.Save(Path.Combine(outDir, file));
T Seeded<T>(Func<T> create) { using var scope = new TorchSeedScope(seed); return create(); }

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

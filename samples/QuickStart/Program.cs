// QuickStart: train DeepChrome on the shipped toy histone-mark tables with the published recipe, keep the epoch
// with the best validation AUROC, evaluate on the test genes, save a checkpoint and reload it.
//
//   dotnet run --project samples/QuickStart -c Release [-- --device cpu|cuda|auto] [--epochs N] [--out DIR]
using System.Globalization;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using Genomics.Models.IO;
using Genomics.Models.Serialization;
using Genomics.Models.Training;
using Microsoft.Extensions.Logging;
using TorchSharp;

var device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu");
var epochs = int.Parse(Option(args, "--epochs") ?? "99", CultureInfo.InvariantCulture);
var outDir = Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-quickstart");
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
const long seed = 1;   // initialisation, training order and every engine left without a seed of its own
var context = new ComputeContext { Device = device, LoggerFactory = loggers, Seed = seed };

// 1. Data: 100 bins x 5 marks per gene, label 1 = expressed above the median.
var dataDir = Path.Combine(AppContext.BaseDirectory, "data");
var train = HistoneTableReader.Read(Path.Combine(dataDir, "train.csv"));
var valid = HistoneTableReader.Read(Path.Combine(dataDir, "valid.csv"));
var test = HistoneTableReader.Read(Path.Combine(dataDir, "test.csv"));
Console.WriteLine($"Genes: train {train.Count}, validation {valid.Count}, test {test.Count}; marks: {string.Join(", ", train.MarkNames)}");

// 2. Model: the published DeepChrome CNN, initialised reproducibly.
DeepChromeModel model;
using (new TorchSeedScope(seed))
{
    model = new DeepChromeModel(DeepChromeOptions.Published);
}

Console.WriteLine($"DeepChrome: {model.parameters().Sum(p => p.numel()):N0} parameters");

// 3. Train with DeepChrome's recipe: SGD lr 1e-3 with 1e-7 inverse-time decay, one gene per step, keep the best validation AUROC.
var checkpointPath = Path.Combine(outDir, "deepchrome-best.gckpt");
Directory.CreateDirectory(outDir);
var trainer = new Trainer(
    new TrainerOptions
    {
        Loss = TrainingLoss.CrossEntropy(),
        Optimizer = OptimizerOptions.Sgd(1e-3),
        Schedule = LearningRateSchedule.InverseTimeDecay(1e-7),
        Epochs = epochs,
        BatchSize = 1,
        Monitor = ValidationMetric.Auroc,
        CheckpointPath = checkpointPath,
        Seed = seed,
    },
    context);
trainer.EpochCompleted += (_, e) =>
{
    if (e.Epoch == 1 || e.Epoch % 10 == 0 || e.Epoch == epochs)
    {
        Console.WriteLine($"  epoch {e.Epoch,3}: training loss {e.TrainingLoss:F4}, validation loss {e.ValidationLoss:F4}, validation AUROC {e.ValidationMetric:F3}");
    }
};
using var trainInputs = train.ToTensor();
using var trainLabels = train.LabelsTensor();
using var validInputs = valid.ToTensor();
using var validLabels = valid.LabelsTensor();
var result = trainer.Train(model, new TrainingSet(trainInputs, trainLabels), new TrainingSet(validInputs, validLabels));
Console.WriteLine($"Best epoch {result.BestEpoch} (validation AUROC {result.BestValue:F3}); checkpoint: {checkpointPath}");

// 4. Evaluate on the test genes: P(high) from the softmax over the two class logits.
using var testInputs = test.ToTensor();
var probabilities = PredictHigh(model, testInputs, context);
Console.WriteLine($"Test AUROC {Metrics.Auroc(probabilities, test.Labels):F3}, AUPRC {Metrics.Auprc(probabilities, test.Labels):F3} ({test.Count} genes; the toy set is far too small for these to mean much)");
for (var i = 0; i < test.Count; i++)
{
    Console.WriteLine($"  gene {test.GeneIds[i]}: P(high) = {probabilities[i]:F3}, label {test.Labels[i]}");
}

// 5. Reload the checkpoint into a fresh model: identical predictions.
using var reloaded = Checkpoint.Load<DeepChromeModel, DeepChromeOptions>(checkpointPath, o => new DeepChromeModel(o));
var again = PredictHigh(reloaded, testInputs, context);
Console.WriteLine($"Reloaded checkpoint reproduces the predictions: {probabilities.SequenceEqual(again)}");
model.Dispose();
return probabilities.SequenceEqual(again) ? 0 : 1;

static double[] PredictHigh(DeepChromeModel model, torch.Tensor inputs, ComputeContext context)
{
    using var logits = new BatchedPredictor(context).Predict(model, inputs);
    using var p = torch.softmax(logits, 1)[.., 1].to_type(torch.ScalarType.Float64);
    return p.data<double>().ToArray();
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

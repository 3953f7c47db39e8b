using System.CommandLine;
using System.Globalization;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using Genomics.Models.IO;
using Genomics.Models.Training;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics train</c>: trains a zoo architecture on a FASTA file or histone table and saves a checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var sequenceOptions = new SequenceOptions();
        var architecture = new Option<string>("--architecture", "-a") { Description = "The architecture to train (see 'genomics models').", Required = true };
        var preset = new Option<string?>("--preset") { Description = "The architecture's preset (default: its first preset)." };
        var train = new Option<FileInfo>("--train") { Description = "Training data: FASTA whose header lines carry the labels after the identifier ('>id 1 0 1'), a histone-mark table (.csv) for track models, DeepAllele's allele-pair HDF5 or CombMotif's half-life HDF5 (its train split) or MRL table (.csv with utr, rl, total_reads).", Required = true };
        var valid = new Option<FileInfo?>("--valid") { Description = "Validation data in the same format (of a half-life HDF5 file, its valid split); the best epoch by the monitored metric is kept." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The checkpoint to write (atomically), holding the best epoch's weights; rewritten after every improvement, so an interrupted run keeps the best so far. The resumable training state goes to the same path plus '.state' after every epoch.", Required = true };
        var condition = new Option<string?>("--condition") { Description = "For DeepAllele allele-pair HDF5 data holding several conditions ('sum.B6', 'sc.B6', ...): the condition whose counts and ratio are the targets." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run whose training state is at the output path plus '.state' (same data, architecture, preset, loss, seed and batch size), up to --epochs." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
        var loss = new Option<string?>("--loss") { Description = "bce, ce (class index labels), mse or poisson; default from the model's output: sigmoid -> bce, softmax -> ce, none -> mse." };
        loss.AcceptOnlyFromAmong("bce", "ce", "mse", "poisson");
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without validation improvement; 0 never stops early.", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train a model-zoo architecture and save the best checkpoint.") { architecture, preset, train, valid, output, epochs, rate, loss, patience, resume, condition };
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--train", result.GetValue(train)), ("--valid", result.GetValue(valid))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            var entry = ModelCatalog.Get(result.GetValue(architecture)!);
            ISequenceModel model;
            using (new TorchSeedScope(common.SeedValue(result)))
            {
                model = entry.Create(result.GetValue(preset));
            }

            try
            {
                var lossName = result.GetValue(loss) ?? model.Output.Activation switch
                {
                    OutputActivation.Sigmoid => "bce",
                    OutputActivation.Softmax => "ce",
                    _ => "mse",
                };
                var labelColumns = lossName == "ce" ? 1 : model.Output.Targets;
                using var training = InputData.Load(result.GetValue(train)!.FullName, model.Input, requireLabels: true, labelColumns, sequenceOptions.Policy(result), new ConsoleWarningLogger(console), condition: result.GetValue(condition));
                using var validation = result.GetValue(valid) is { } v ? InputData.Load(v.FullName, model.Input, requireLabels: true, labelColumns, sequenceOptions.Policy(result), new ConsoleWarningLogger(console), split: "valid", condition: result.GetValue(condition)) : null;
                if (result.GetValue(patience) > 0 && validation is null)
                {
                    throw new CliArgumentException("--patience", "needs --valid: early stopping watches the validation loss.");
                }

                var epochCount = result.GetValue(epochs);
                if (epochCount < 1)
                {
                    throw new CliArgumentException("--epochs", "must be at least 1.");
                }

                var path = result.GetValue(output)!.FullName;
                var statePath = StatePathFor(path);
                if (result.GetValue(resume) && !File.Exists(statePath))
                {
                    throw new CliArgumentException("--resume", $"there is no training state to continue at '{statePath}'; it is written after every epoch of a run with the same --output.");
                }

                var options = new TrainerOptions
                {
                    Loss = lossName switch
                    {
                        "bce" => TrainingLoss.BinaryCrossEntropy(),
                        "ce" => TrainingLoss.CrossEntropy(),
                        "poisson" => TrainingLoss.Poisson(),
                        _ => TrainingLoss.MeanSquaredError(),
                    },
                    Optimizer = OptimizerOptions.Adam(result.GetValue(rate)),
                    Epochs = epochCount,
                    BatchSize = Math.Min(context.BatchSize, 64),
                    Monitor = ValidationMetric.Loss,
                    EarlyStopping = result.GetValue(patience) > 0 ? new EarlyStoppingOptions { Patience = result.GetValue(patience) } : null,
                    Seed = common.SeedValue(result),
                    CheckpointPath = path,
                    StatePath = statePath,
                    Resume = result.GetValue(resume),
                };
                var trainer = new Trainer(options, context);
                trainer.EpochCompleted += (_, e) => console.Info(validation is null
                    ? string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch,4}: training loss {e.TrainingLoss:F4}")
                    : string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch,4}: training loss {e.TrainingLoss:F4}, validation loss {e.ValidationLoss:F4}"));
                if (options.Resume)
                {
                    console.Info($"Resuming the run saved in {statePath}");
                }

                TrainingResult outcome;
                try
                {
                    outcome = trainer.Train(model, new TrainingSet(training.Inputs, training.Labels!), validation is null ? null : new TrainingSet(validation.Inputs, validation.Labels!), console.Progress(), ct);
                }
                catch (TrainingTargetException e) when (e.ParamName is "training" or "validation")
                {
                    var (file, data) = e.ParamName == "training" ? (result.GetValue(train)!, training) : (result.GetValue(valid)!, validation!);
                    var where = e.Example is long row && row < data.Count
                        ? string.Create(CultureInfo.InvariantCulture, $"record {row + 1} ('{data.Ids[(int)row]}'): ")
                        : string.Empty;
                    throw new DataFormatException(file.FullName, null, where + e.Reason, e);
                }

                ModelCatalog.Save(path, model, new Dictionary<string, string>
                {
                    ["epoch"] = outcome.BestEpoch.ToString(CultureInfo.InvariantCulture),
                    ["loss"] = options.Loss.Name,
                });
                var best = outcome.BestValue is double value ? string.Create(CultureInfo.InvariantCulture, $" (validation loss {value:G5})") : string.Empty;
                console.Info(string.Create(CultureInfo.InvariantCulture, $"Best epoch {outcome.BestEpoch}{best}; checkpoint written to {path}; training state (for --resume) in {statePath}"));
                return Task.FromResult(ExitCodes.Success);
            }
            finally
            {
                model.Module.Dispose();
            }
        });
        return command;
    }

    /// <summary>The training-state file kept next to the checkpoint <paramref name="checkpointPath"/>.</summary>
    /// <param name="checkpointPath">The full path of the output checkpoint.</param>
    /// <returns>The checkpoint path plus <c>.state</c>.</returns>
    internal static string StatePathFor(string checkpointPath) => checkpointPath + ".state";
}

using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Diagnostics;
using Genomics.Models.Serialization;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// Trains an <see cref="ISequenceModel"/>: mini-batch optimisation with a chosen loss, optimiser and schedule, validation
/// after every epoch, early stopping and best-weight keeping on a monitored metric, progress and cancellation.
/// </summary>
/// <remarks>
/// Determinism: on the CPU, the same options, data and initial weights give identical results — shuffling uses
/// <see cref="TrainerOptions.Seed"/> and libtorch's generator (dropout) is seeded for the run and restored afterwards
/// (<see cref="TorchSeedScope"/>); a <see cref="TrainerOptions.BatchTransform"/> gets a per-step seed derived from the same
/// seed. Inputs stay on the CPU; each batch is transformed there (when a transform is set) and then moved to the device
/// of the compute context.
/// Interruption: with <see cref="TrainerOptions.CheckpointPath"/> the best weights so far are on disk after every
/// improvement; with <see cref="TrainerOptions.StatePath"/> the whole run's state is written after every epoch, and
/// <see cref="TrainerOptions.Resume"/> continues it exactly (the shuffle order is replayed from the seed, libtorch's
/// generator state is restored).
/// <para><b>Thread safety.</b> Training takes the model alone through <see cref="ModelStateScope"/>: it throws
/// <see cref="ModelBusyException"/> while another thread predicts, attributes or trains the same model, and engine
/// calls from other threads throw it while the model trains. A trainer instance runs one <see cref="Train"/> at a
/// time; separate models train in parallel.</para>
/// </remarks>
public sealed class Trainer
{
    private readonly TrainerOptions _options;
    private readonly ComputeContext _context;
    private readonly ILogger _logger;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Training settings; validated here.</param>
    /// <param name="context">Device and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public Trainer(TrainerOptions options, ComputeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _context = context ?? ComputeContext.Default;
        _logger = _context.LoggerFactory.CreateLogger<Trainer>();
    }

    /// <summary>Raised after every epoch with its record (for live curves).</summary>
    public event EventHandler<EpochRecord>? EpochCompleted;

    /// <summary>The run's seed: the options' seed, else the context's, else <see cref="TrainerOptions.DefaultSeed"/>.</summary>
    private long RunSeed => _context.SeedFor(_options.Seed, TrainerOptions.DefaultSeed);

    /// <summary>Trains the model in place.</summary>
    /// <param name="model">The model; left in its original training mode and device afterwards.</param>
    /// <param name="training">Training inputs and targets on the CPU.</param>
    /// <param name="validation">Validation inputs and targets, or null (then no early stopping and no best-weight restore).</param>
    /// <param name="progress">Receives ("train", optimiser steps done, total steps) after every step; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The history and the best epoch.</returns>
    /// <exception cref="ArgumentException">The data do not match the model or each other.</exception>
    /// <exception cref="TrainingTargetException">A target does not fit the model's outputs (checked before training starts).</exception>
    /// <exception cref="InvalidOperationException">
    /// Early stopping was requested without validation data, the loss became non-finite, or (resuming) the run's model
    /// type, data sizes, batch size, seed, shuffling, loss, optimiser, learning rate, batch transform or monitored
    /// metric differ from the saved run's.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// Cancellation was requested. The best-so-far checkpoint (<see cref="TrainerOptions.CheckpointPath"/>) and the
    /// training state of the last completed epoch (<see cref="TrainerOptions.StatePath"/>) stay on disk.
    /// </exception>
    /// <exception cref="FileNotFoundException">Resuming, and the training-state file does not exist.</exception>
    /// <exception cref="Serialization.CheckpointCorruptException">Resuming, and the training-state file is damaged or is not one.</exception>
    /// <exception cref="Serialization.CheckpointMismatchException">Resuming, and the saved weights do not fit the model.</exception>
    /// <exception cref="ModelBusyException">Another thread uses the model at the same time.</exception>
    /// <exception cref="ForwardOnlyModelException">The model runs forward passes only (an ONNX model), so it cannot be trained.</exception>
    public TrainingResult Train(ISequenceModel model, TrainingSet training, TrainingSet? validation = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ForwardOnlyModelException.ThrowIfForwardOnly(model, "Training (Trainer.Train)");
        training.Validate(nameof(training));
        if (_options.BatchTransform is null)
        {
            model.Input.Validate(training.Inputs, nameof(training));
        }
        else
        {
            // The transform may change the length; its output is checked against the model per batch.
            new SequenceInputSpec(model.Input.Kind, model.Input.ChannelNames, null).Validate(training.Inputs, nameof(training));
        }

        if (validation is not null)
        {
            validation.Validate(nameof(validation));
            model.Input.Validate(validation.Inputs, nameof(validation));
        }
        else if (_options.EarlyStopping is not null)
        {
            throw new InvalidOperationException("Early stopping needs validation data.");
        }

        var settings = new TrainingRunSettings(
            model.Module.GetType().FullName ?? model.Module.GetType().Name,
            training.Count,
            validation?.Count ?? 0,
            _options.BatchSize,
            RunSeed,
            _options.Shuffle,
            _options.Loss.Name,
            _options.Optimizer.Kind.ToString(),
            _options.Monitor.ToString(),
            _options.Optimizer.LearningRate,
            _options.BatchTransform?.GetType().FullName ?? string.Empty);
        (CheckpointFile File, TrainingStateRecord Record)? saved = null;
        if (_options.Resume)
        {
            saved = TrainingStateFile.Read(_options.StatePath!);
            var differences = saved.Value.Record.Run!.Differences(settings);
            if (differences.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Cannot resume from '{saved.Value.File.FilePath}': the run differs from the saved one ({string.Join("; ", differences)}).");
            }
        }

        _options.Loss.ValidateTargets(training.Targets, model.Output.Targets, nameof(training));
        if (validation is not null)
        {
            _options.Loss.ValidateTargets(validation.Targets, model.Output.Targets, nameof(validation));
        }

        var device = DeviceResolver.Resolve(_context);
        var stopwatch = Stopwatch.StartNew();
        using var seed = new TorchSeedScope(RunSeed);
        using var state = new ModelStateScope(model.Module, device, training: true);
        using var optimizer = OptimizerFactory.Create(model.Module, _options.Optimizer);
        var schedule = _options.Schedule.Start(_options.Optimizer.LearningRate);
        SetRate(optimizer, schedule.Rate);

        var n = training.Count;
        var stepsPerEpoch = (n + _options.BatchSize - 1) / _options.BatchSize;
        var totalSteps = stepsPerEpoch * _options.Epochs;
        var random = new Random(unchecked((int)RunSeed));
        var order = Enumerable.Range(0, checked((int)n)).ToArray();
        var history = new List<EpochRecord>();
        var monitor = new MonitorState(_options);
        Dictionary<string, Tensor>? best = null;
        long step = 0;
        var stoppedEarly = false;
        var firstEpoch = 1;
        Log.TrainingStart(_logger, n, validation?.Count ?? 0, _options.Epochs, _options.BatchSize, _options.Loss.Name);
        try
        {
            if (saved is { } resume)
            {
                var (file, record) = resume;
                TrainingStateFile.LoadModel(file, model.Module);
                TrainingStateFile.LoadOptimizer(file, optimizer);
                best = _options.RestoreBestWeights ? TrainingStateFile.ReadBest(file, model.Module, device) : null;
                schedule.Import(record.Schedule!);
                SetRate(optimizer, schedule.Rate);
                monitor.Resume(record.BestValue, record.BestEpoch);
                history.AddRange(record.History!);
                step = record.Step;
                stoppedEarly = record.StoppedEarly;
                firstEpoch = stoppedEarly ? int.MaxValue : record.EpochsDone + 1;
                if (_options.Shuffle)
                {
                    // The shuffle order carries over between epochs: replay the completed epochs' shuffles.
                    for (var epoch = 1; epoch <= record.EpochsDone; epoch++)
                    {
                        random.Shuffle(order);
                    }
                }

                TrainingStateFile.LoadRandomState(file);
                Log.TrainingResumed(_logger, record.EpochsDone, file.FilePath);
            }

            for (var epoch = firstEpoch; epoch <= _options.Epochs; epoch++)
            {
                if (_options.Shuffle)
                {
                    random.Shuffle(order);
                }

                model.Module.train();
                double lossSum = 0;
                for (long start = 0; start < n; start += _options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = (int)Math.Min(_options.BatchSize, n - start);
                    lossSum += TrainStep(model, optimizer, training, order.AsSpan((int)start, count), device, epoch, step);
                    schedule.AfterStep(step++);
                    SetRate(optimizer, schedule.Rate);
                    progress?.Report(new OperationProgress("train", step, totalSteps));
                }

                var trainLoss = lossSum / stepsPerEpoch;
                if (!double.IsFinite(trainLoss))
                {
                    throw new InvalidOperationException($"The training loss became {trainLoss} in epoch {epoch}; lower the learning rate or check the targets.");
                }

                double? validLoss = null;
                double? metric = null;
                var improved = true;
                if (validation is not null)
                {
                    (validLoss, metric) = ValidationEvaluator.Evaluate(model, validation, _options.Loss, _options.Monitor, _context, cancellationToken);
                    improved = monitor.Offer(metric.Value);
                    if (improved && _options.RestoreBestWeights)
                    {
                        DisposeAll(best);
                        best = Snapshot(model.Module);
                    }

                    schedule.AfterEpoch(improved);
                    SetRate(optimizer, schedule.Rate);
                }

                if (improved && _options.CheckpointPath is { } path)
                {
                    SaveCheckpoint(model, path, epoch, trainLoss, metric);
                }

                var record = new EpochRecord(epoch, trainLoss, validLoss, metric, schedule.Rate, improved);
                history.Add(record);
                Log.EpochDone(_logger, epoch, trainLoss, validLoss ?? double.NaN, metric ?? double.NaN, schedule.Rate);
                EpochCompleted?.Invoke(this, record);
                if (validation is null)
                {
                    monitor.BestEpoch = epoch;
                }
                else if (improved)
                {
                    monitor.BestEpoch = epoch;
                }

                if (_options.EarlyStopping is { } early && epoch - monitor.BestEpoch >= early.Patience && epoch < _options.Epochs)
                {
                    stoppedEarly = true;
                    Log.EarlyStop(_logger, epoch, monitor.BestEpoch);
                }

                if (_options.StatePath is { } statePath)
                {
                    var saving = new TrainingStateRecord
                    {
                        EpochsDone = epoch,
                        Step = step,
                        BestEpoch = monitor.BestEpoch,
                        BestValue = monitor.Best,
                        StoppedEarly = stoppedEarly,
                        Schedule = schedule.Export(),
                        History = history,
                        Run = settings,
                    };
                    TrainingStateFile.Write(statePath, saving, model.Module, best, optimizer);
                    Log.StateSaved(_logger, epoch, statePath);
                }

                if (stoppedEarly)
                {
                    break;
                }
            }

            if (history.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The training state in '{_options.StatePath}' has no completed epoch to continue from and Epochs is {_options.Epochs}.");
            }

            var restored = false;
            if (best is not null && monitor.BestEpoch != history[^1].Epoch)
            {
                Restore(model.Module, best);
                restored = true;
            }

            Log.TrainingEnd(_logger, history.Count, monitor.BestEpoch, stopwatch.Elapsed.TotalSeconds);
            return new TrainingResult(history, monitor.BestEpoch, validation is null ? null : monitor.Best, stoppedEarly, restored);
        }
        finally
        {
            DisposeAll(best);
        }
    }

    private double TrainStep(ISequenceModel model, optim.Optimizer optimizer, TrainingSet data, ReadOnlySpan<int> rows, Device device, int epoch, long step)
    {
        using var scope = torch.NewDisposeScope();
        var rowArray = rows.ToArray();
        var index = torch.tensor(rowArray.Select(r => (long)r).ToArray());
        var inputs = data.Inputs.index_select(0, index);
        if (_options.BatchTransform is { } transform)
        {
            var context = new BatchTransformContext(epoch, step, BatchTransformContext.DeriveSeed(RunSeed, step), rowArray);
            inputs = Transform(transform, model, inputs.cpu().to_type(ScalarType.Float32), context);
        }

        inputs = inputs.to(ScalarType.Float32, device);
        var targets = data.Targets.index_select(0, index).to(device);
        optimizer.zero_grad();
        var loss = _options.Loss.Compute(model.Evaluate(inputs), targets);
        loss.backward();
        if (_options.GradientClipNorm is double clip)
        {
            nn.utils.clip_grad_norm_(model.Module.parameters(), clip);
        }

        optimizer.step();
        _options.WeightConstraint?.Apply(model.Module);
        return loss.item<float>();
    }

    private static Tensor Transform(IBatchTransform transform, ISequenceModel model, Tensor inputs, BatchTransformContext context)
    {
        var result = transform.Transform(inputs, context)
            ?? throw new InvalidOperationException($"{transform.GetType().Name}.Transform returned null.");
        if (result.dim() < 1 || result.shape[0] != inputs.shape[0])
        {
            throw new InvalidOperationException(
                $"{transform.GetType().Name} returned shape [{string.Join(", ", result.shape)}] for a batch of {inputs.shape[0]}; a batch transform must keep the rows.");
        }

        model.Input.Validate(result, nameof(TrainerOptions.BatchTransform));
        return result;
    }

    private void SaveCheckpoint(ISequenceModel model, string path, int epoch, double trainLoss, double? monitored)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["trainingLoss"] = trainLoss.ToString("R", CultureInfo.InvariantCulture),
            ["loss"] = _options.Loss.Name,
        };
        if (monitored is double value)
        {
            metadata["monitor"] = _options.Monitor.ToString();
            metadata["monitoredValue"] = value.ToString("R", CultureInfo.InvariantCulture);
        }
        Checkpoint.SaveModel(path, model, metadata);
        Log.CheckpointSaved(_logger, epoch, path);
    }

    private static void SetRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in module.state_dict())
        {
            using var detached = tensor.detach();
            copy[name] = detached.clone().DetachFromDisposeScope();
        }

        return copy;
    }

    private static void Restore(nn.Module module, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            tensor.copy_(snapshot[name]);
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null)
        {
            return;
        }

        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>Tracks the best monitored value.</summary>
    private sealed class MonitorState(TrainerOptions options)
    {
        private readonly bool _lowerIsBetter = options.Monitor == ValidationMetric.Loss;

        public double? Best { get; private set; }

        public int BestEpoch { get; set; }

        public void Resume(double? best, int bestEpoch)
        {
            Best = best;
            BestEpoch = bestEpoch;
        }

        public bool Offer(double value)
        {
            if (double.IsNaN(value))
            {
                return false;
            }

            if (Best is not double best)
            {
                Best = value;
                return true;
            }

            var gain = _lowerIsBetter ? best - value : value - best;
            var better = options.TiesCountAsImprovement ? gain >= options.MinimumImprovement : gain > options.MinimumImprovement;
            if (better)
            {
                Best = value;
            }

            return better;
        }
    }
}

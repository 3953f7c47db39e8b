using Genomics.Models.Architectures;
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

    /// <summary>Trains the model in place.</summary>
    /// <param name="model">The model; left in its original training mode and device afterwards.</param>
    /// <param name="training">Training inputs and targets on the CPU.</param>
    /// <param name="validation">Validation inputs and targets, or null (then no early stopping and no best-weight restore).</param>
    /// <param name="progress">Receives ("train", optimiser steps done, total steps) after every step; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The history and the best epoch.</returns>
    /// <exception cref="ArgumentException">The data do not match the model or each other.</exception>
    /// <exception cref="TrainingTargetException">A target does not fit the model's outputs (checked before training starts).</exception>
    /// <exception cref="InvalidOperationException">Early stopping or best weights were requested without validation data, or the loss became non-finite.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public TrainingResult Train(ISequenceModel model, TrainingSet training, TrainingSet? validation = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
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
        else if (_options.EarlyStopping is not null || _options.CheckpointPath is not null)
        {
            throw new InvalidOperationException("Early stopping and best-checkpoint files need validation data.");
        }

        _options.Loss.ValidateTargets(training.Targets, model.Output.Targets, nameof(training));
        if (validation is not null)
        {
            _options.Loss.ValidateTargets(validation.Targets, model.Output.Targets, nameof(validation));
        }

        var device = DeviceResolver.Resolve(_context);
        var stopwatch = Stopwatch.StartNew();
        using var seed = new TorchSeedScope(_options.Seed);
        using var state = new ModelStateScope(model.Module, device, training: true);
        using var optimizer = OptimizerFactory.Create(model.Module, _options.Optimizer);
        var schedule = _options.Schedule.Start(_options.Optimizer.LearningRate);
        SetRate(optimizer, schedule.Rate);

        var n = training.Count;
        var stepsPerEpoch = (n + _options.BatchSize - 1) / _options.BatchSize;
        var totalSteps = stepsPerEpoch * _options.Epochs;
        var random = new Random(unchecked((int)_options.Seed));
        var order = Enumerable.Range(0, checked((int)n)).ToArray();
        var history = new List<EpochRecord>();
        var monitor = new MonitorState(_options);
        Dictionary<string, Tensor>? best = null;
        long step = 0;
        var stoppedEarly = false;
        Log.TrainingStart(_logger, n, validation?.Count ?? 0, _options.Epochs, _options.BatchSize, _options.Loss.Name);
        try
        {
            for (var epoch = 1; epoch <= _options.Epochs; epoch++)
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

                    if (improved && _options.CheckpointPath is { } path)
                    {
                        SaveCheckpoint(model, path, epoch, trainLoss, metric.Value);
                    }

                    schedule.AfterEpoch(improved);
                    SetRate(optimizer, schedule.Rate);
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
                    break;
                }
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
            var context = new BatchTransformContext(epoch, step, BatchTransformContext.DeriveSeed(_options.Seed, step), rowArray);
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

    private void SaveCheckpoint(ISequenceModel model, string path, int epoch, double trainLoss, double monitored)
    {
        var options = (model as IConfiguredModel ?? model.Module as IConfiguredModel)?.Options;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["trainingLoss"] = trainLoss.ToString("R", CultureInfo.InvariantCulture),
            ["monitor"] = _options.Monitor.ToString(),
            ["monitoredValue"] = monitored.ToString("R", CultureInfo.InvariantCulture),
            ["loss"] = _options.Loss.Name,
            [ModelCatalog.ArchitectureMetadataKey] = model.Module.GetType().Name,
        };
        Checkpoint.Save(path, model.Module, options, metadata);
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

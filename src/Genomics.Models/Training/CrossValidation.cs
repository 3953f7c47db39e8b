using System.Diagnostics;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Data;
using Genomics.Models.Diagnostics;
using Genomics.Models.Encoding;
using Genomics.Models.Evaluation;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// Grouped k-fold cross-validation of a model recipe: for each fold a fresh model is built, trained on the other folds
/// with the <see cref="Trainer"/>, and scored on the held-out fold (DeepDifE's R2: 5-fold GroupKFold over gene families
/// on forward + reverse-complement sequences).
/// </summary>
/// <remarks>
/// <para>Folds come from <see cref="DataSplits.GroupedKFold"/>: every example of a group (a gene family) is held out
/// together, each example exactly once, with scikit-learn's deterministic balancing. With
/// <see cref="CrossValidationOptions.AddReverseComplement"/> each reverse complement carries its original's group, so
/// both strands share a fold.</para>
/// <para>Determinism: on the CPU the result depends only on the data, the groups, the model factory (seed the
/// initialisation per fold) and the trainer options (<see cref="TrainerOptions.Seed"/>).</para>
/// </remarks>
public sealed class CrossValidation
{
    private readonly CrossValidationOptions _options;
    private readonly ComputeContext _context;
    private readonly ILogger _logger;

    /// <summary>Creates a cross-validation runner.</summary>
    /// <param name="options">Folds, strand augmentation, validation source, metrics; defaults when null (5 folds, loss only).</param>
    /// <param name="context">Device and logging for training and evaluation; <see cref="ComputeContext.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public CrossValidation(CrossValidationOptions? options = null, ComputeContext? context = null)
    {
        _options = options ?? new CrossValidationOptions();
        _options.Validate();
        _context = context ?? ComputeContext.Default;
        _logger = _context.LoggerFactory.CreateLogger<CrossValidation>();
    }

    /// <summary>Runs every fold with the same trainer options.</summary>
    /// <param name="modelFactory">Builds a fresh, untrained model for a fold number (0-based); seed its initialisation for reproducible runs.</param>
    /// <param name="trainerOptions">The training settings of every fold.</param>
    /// <param name="data">Inputs (N, C, L) and targets with N rows, on the CPU; not modified.</param>
    /// <param name="groups">The group of each example (gene family, chromosome); N non-null entries.</param>
    /// <param name="progress">Receives ("cross-validation", folds done, k) after every fold; optional.</param>
    /// <param name="cancellationToken">Checked before every fold and every training batch.</param>
    /// <returns>Per-fold results with mean and standard deviation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The data are empty or inconsistent, the group count differs from N, or reverse complements were requested for inputs that are not (N, 4, L).</exception>
    /// <exception cref="ArgumentOutOfRangeException">There are fewer distinct groups than folds.</exception>
    /// <exception cref="InvalidOperationException">The factory returned null, or training failed (see <see cref="Trainer.Train"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public CrossValidationResult Run(Func<int, ISequenceModel> modelFactory, TrainerOptions trainerOptions, TrainingSet data, IReadOnlyList<string> groups, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainerOptions);
        return Run(modelFactory, _ => trainerOptions, data, groups, progress, cancellationToken);
    }

    /// <summary>Runs every fold, with trainer options chosen per fold.</summary>
    /// <param name="modelFactory">Builds a fresh, untrained model for a fold number (0-based); seed its initialisation for reproducible runs.</param>
    /// <param name="trainerOptions">The training settings for a fold number (0-based).</param>
    /// <param name="data">Inputs (N, C, L) and targets with N rows, on the CPU; not modified.</param>
    /// <param name="groups">The group of each example (gene family, chromosome); N non-null entries.</param>
    /// <param name="progress">Receives ("cross-validation", folds done, k) after every fold; optional.</param>
    /// <param name="cancellationToken">Checked before every fold and every training batch.</param>
    /// <returns>Per-fold results with mean and standard deviation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The data are empty or inconsistent, the group count differs from N, or reverse complements were requested for inputs that are not (N, 4, L).</exception>
    /// <exception cref="ArgumentOutOfRangeException">There are fewer distinct groups than folds.</exception>
    /// <exception cref="InvalidOperationException">The factory returned null, or training failed (see <see cref="Trainer.Train"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public CrossValidationResult Run(Func<int, ISequenceModel> modelFactory, Func<int, TrainerOptions> trainerOptions, TrainingSet data, IReadOnlyList<string> groups, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelFactory);
        ArgumentNullException.ThrowIfNull(trainerOptions);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        data.Validate(nameof(data));
        if (groups.Count != data.Count)
        {
            throw new ArgumentException($"{groups.Count} group labels for {data.Count} examples; give one group per example.", nameof(groups));
        }

        if (_options.AddReverseComplement && (data.Inputs.dim() != 3 || data.Inputs.shape[1] != 4))
        {
            throw new ArgumentException(
                $"Reverse complements need one-hot DNA inputs of shape (N, 4, L); got [{string.Join(", ", data.Inputs.shape)}].", nameof(data));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        using var examples = Examples(data);
        IReadOnlyList<string> exampleGroups = _options.AddReverseComplement ? [.. groups, .. groups] : groups;
        var folds = DataSplits.GroupedKFold(exampleGroups, _options.Folds);
        var distinctGroups = groups.Distinct(StringComparer.Ordinal).Count();
        Log.CrossValidationStart(_logger, folds.Count, examples.Set.Count, distinctGroups, _options.AddReverseComplement);
        var results = new List<FoldResult>(folds.Count);
        for (var f = 0; f < folds.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(RunFold(f, folds[f], modelFactory, trainerOptions, examples.Set, cancellationToken));
            progress?.Report(new OperationProgress("cross-validation", f + 1, folds.Count));
        }

        var loss = new MetricSummary(results.Select(r => r.Loss).ToArray());
        var metrics = _options.Metrics.ToDictionary(m => m, m => new MetricSummary(results.Select(r => r.Metrics[m]).ToArray()));
        Log.CrossValidationEnd(_logger, loss.Mean, loss.StandardDeviation, stopwatch.Elapsed.TotalSeconds);
        return new CrossValidationResult(results, loss, metrics);
    }

    private FoldResult RunFold(int fold, FoldIndices indices, Func<int, ISequenceModel> modelFactory, Func<int, TrainerOptions> optionsFactory, TrainingSet examples, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var options = optionsFactory(fold) ?? throw new InvalidOperationException($"The trainer options factory returned null for fold {fold}.");
        var model = modelFactory(fold) ?? throw new InvalidOperationException($"The model factory returned null for fold {fold}.");
        var keep = false;
        try
        {
            RequireMetricTargets(model, examples);
            using var train = OwnedSet.Rows(examples, indices.Train);
            using var test = OwnedSet.Rows(examples, indices.Test);
            var trainer = new Trainer(options, _context);
            var training = trainer.Train(model, train.Set, _options.ValidateOnHeldOutFold ? test.Set : null, null, cancellationToken);
            var (loss, metrics) = Evaluate(model, test.Set, options.Loss, cancellationToken);
            Log.FoldDone(_logger, fold, indices.Train.Length, indices.Test.Length, loss, stopwatch.Elapsed.TotalSeconds);
            keep = _options.KeepModels;
            return new FoldResult(fold, indices.Train, indices.Test, training, loss, metrics, keep ? model : null);
        }
        finally
        {
            if (!keep)
            {
                model.Module.Dispose();
            }
        }
    }

    private (double Loss, IReadOnlyDictionary<MetricKind, double> Metrics) Evaluate(ISequenceModel model, TrainingSet test, TrainingLoss loss, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var outputs = new BatchedPredictor(_context).Predict(model, test.Inputs, null, cancellationToken);
        double lossValue;
        using (torch.no_grad())
        {
            lossValue = loss.Compute(outputs, test.Targets).item<float>();
        }

        var metrics = new Dictionary<MetricKind, double>();
        if (_options.Metrics.Count > 0)
        {
            var predictions = model.Output.Activation switch
            {
                OutputActivation.Sigmoid => torch.sigmoid(outputs),
                OutputActivation.Softmax => torch.softmax(outputs, 1),
                _ => outputs,
            };
            foreach (var kind in _options.Metrics)
            {
                var perTarget = Metrics.PerTarget(predictions, test.Targets, kind).Where(v => !double.IsNaN(v)).ToArray();
                metrics[kind] = perTarget.Length == 0 ? double.NaN : perTarget.Average();
            }
        }

        return (lossValue, metrics);
    }

    private void RequireMetricTargets(ISequenceModel model, TrainingSet data)
    {
        if (_options.Metrics.Count == 0)
        {
            return;
        }

        var targets = data.Targets;
        if (targets.dim() != 2 || targets.shape[1] != model.Output.Targets)
        {
            throw new ArgumentException(
                $"Held-out metrics need targets of shape (N, {model.Output.Targets}) matching the model's outputs; got [{string.Join(", ", targets.shape)}].",
                nameof(data));
        }
    }

    /// <summary>The examples folds are cut from: the data itself, or the data followed by its reverse complements.</summary>
    private OwnedSet Examples(TrainingSet data)
    {
        if (!_options.AddReverseComplement)
        {
            return new OwnedSet(data, owned: false);
        }

        using var reverse = OneHotEncoder.ReverseComplement(data.Inputs);
        return new OwnedSet(new TrainingSet(torch.cat([data.Inputs, reverse], 0), torch.cat([data.Targets, data.Targets], 0)), owned: true);
    }

    /// <summary>A training set whose tensors are disposed with it when this class created them.</summary>
    private sealed class OwnedSet(TrainingSet set, bool owned) : IDisposable
    {
        public TrainingSet Set => set;

        public static OwnedSet Rows(TrainingSet data, int[] rows)
        {
            using var index = torch.tensor(rows.Select(r => (long)r).ToArray());
            return new OwnedSet(new TrainingSet(data.Inputs.index_select(0, index), data.Targets.index_select(0, index)), owned: true);
        }

        public void Dispose()
        {
            if (owned)
            {
                set.Inputs.Dispose();
                set.Targets.Dispose();
            }
        }
    }
}

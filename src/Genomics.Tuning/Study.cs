using System.Diagnostics;
using Genomics.Models.Compute;
using Genomics.Models.Tuning.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genomics.Models.Tuning;

/// <summary>
/// A hyper-parameter search: runs an objective for a number of trials, each with parameters chosen by the sampler
/// (TPE by default) from the history so far, and keeps every trial's parameters, value and state.
/// </summary>
/// <remarks>
/// <para>Reproducible: all sampling draws from one <see cref="Random"/> seeded with <see cref="StudyOptions.Seed"/>,
/// so the same seed and the same objective values give the same trials. <see cref="Optimize"/> can be called again
/// to continue the search with the history kept.</para>
/// <para>Trials run one after another on the calling thread; a study is not thread-safe.</para>
/// </remarks>
public sealed class Study
{
    private readonly StudyOptions _options;
    private readonly IReadOnlyList<SearchParameter> _parameters;
    private readonly List<TrialRecord> _trials = [];
    private readonly Random _random;
    private readonly ILogger _logger;

    /// <summary>Creates a study over a search space.</summary>
    /// <param name="space">The space; its parameter list is copied now, so later additions do not belong to this study.</param>
    /// <param name="options">Direction, sampler, pruner, seed and failure handling; defaults when null (minimise, TPE, median pruner, seed 0).</param>
    /// <param name="loggerFactory">For one Information line per trial and at the start and end; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> is null.</exception>
    /// <exception cref="ArgumentException">The space has no parameters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public Study(SearchSpace space, StudyOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.Parameters.Count == 0)
        {
            throw new ArgumentException("The search space has no parameters; add at least one with Float, Int or Categorical.", nameof(space));
        }

        _options = options ?? new StudyOptions();
        _options.Validate();
        _parameters = [.. space.Parameters];
        _random = new Random(unchecked((int)(_options.Seed ?? StudyOptions.DefaultSeed)));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Study>();
    }

    /// <summary>The study's parameters, in sampling order.</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>Whether smaller or larger values are better.</summary>
    public StudyDirection Direction => _options.Direction;

    /// <summary>Every finished trial so far, in order.</summary>
    public IReadOnlyList<TrialRecord> Trials => _trials;

    /// <summary>The results so far (a snapshot).</summary>
    public StudyResult Result => new(_options.Direction, _parameters, [.. _trials]);

    /// <summary>Runs <paramref name="trials"/> more trials.</summary>
    /// <remarks>
    /// <para>Each trial: the sampler draws every parameter, the objective runs with the <see cref="Trial"/>, and the
    /// outcome is recorded — <see cref="TrialState.Complete"/> with the returned value,
    /// <see cref="TrialState.Pruned"/> when the objective throws <see cref="TrialPrunedException"/>, or
    /// <see cref="TrialState.Failed"/> when it throws anything else or returns NaN (then, unless
    /// <see cref="StudyOptions.ContinueAfterFailure"/>, the exception is rethrown after recording). Infinite values
    /// are accepted as complete.</para>
    /// <para>Cancellation is checked before each trial and is also available to the objective as
    /// <see cref="Trial.CancellationToken"/>; an <see cref="OperationCanceledException"/> from a cancelled objective
    /// propagates and that trial is not recorded.</para>
    /// </remarks>
    /// <param name="objective">Computes the value to minimise or maximise for a trial's parameters.</param>
    /// <param name="trials">The number of trials to run now, ≥ 1.</param>
    /// <param name="progress">Receives ("tune", trials done in this call, <paramref name="trials"/>) after every trial; optional.</param>
    /// <param name="cancellationToken">Checked before every trial.</param>
    /// <returns>All trials of the study so far (including earlier calls) and the best one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> &lt; 1.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public StudyResult Optimize(Func<Trial, double> objective, int trials, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var stopwatch = Stopwatch.StartNew();
        var direction = _options.Direction.ToString();
        TuningLog.StudyStart(_logger, trials, _parameters.Count, direction, _trials.Count);

        for (var i = 0; i < trials; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunTrial(objective, cancellationToken);
            progress?.Report(new OperationProgress("tune", i + 1, trials));
        }

        var result = Result;
        var complete = result.Trials.Count(t => t.State == TrialState.Complete);
        var pruned = result.Trials.Count(t => t.State == TrialState.Pruned);
        var failed = result.Trials.Count - complete - pruned;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        TuningLog.StudyEnd(_logger, complete, pruned, failed, result.BestTrial?.Value ?? double.NaN, seconds);

        return result;
    }

    private void RunTrial(Func<Trial, double> objective, CancellationToken cancellationToken)
    {
        var values = _options.Sampler.Sample(_parameters, _trials, _options.Direction, _random);
        var trial = new Trial(
            _trials.Count,
            values,
            _parameters,
            reported => _options.Pruner.ShouldPrune(_trials, _options.Direction, reported),
            cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        TrialState state;
        double? value = null;
        string? error = null;
        Exception? failure = null;
        try
        {
            var returned = objective(trial);
            if (double.IsNaN(returned))
            {
                state = TrialState.Failed;
                error = "The objective returned NaN.";
                failure = new InvalidOperationException($"Trial {trial.Number}: the objective returned NaN.");
            }
            else
            {
                state = TrialState.Complete;
                value = returned;
            }
        }
        catch (TrialPrunedException)
        {
            state = TrialState.Pruned;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            state = TrialState.Failed;
            error = $"{ex.GetType().Name}: {ex.Message}";
            failure = ex;
        }

        var record = new TrialRecord(
            trial.Number, state, value, values, _parameters, new SortedDictionary<int, double>(trial.Intermediate), stopwatch.Elapsed, error);
        _trials.Add(record);
        if (state == TrialState.Failed)
        {
            TuningLog.TrialFailed(_logger, record.Number, error!);
            if (!_options.ContinueAfterFailure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure!).Throw();
            }
        }
        else if (_logger.IsEnabled(LogLevel.Information))
        {
            var shown = value ?? (record.IntermediateValues.Count > 0 ? record.IntermediateValues.Last().Value : double.NaN);
            var stateName = state.ToString();
            var parameters = record.FormatParameters();
            var seconds = record.Duration.TotalSeconds;
            TuningLog.TrialDone(_logger, record.Number, stateName, shown, seconds, parameters);
        }
    }
}

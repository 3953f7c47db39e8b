namespace Genomics.Models.Tuning;

/// <summary>
/// A trial in progress, handed to the objective: the sampled parameter values, intermediate-value reporting for
/// pruning, and the study's cancellation token.
/// </summary>
/// <remarks>
/// All parameters are sampled before the objective runs, so the values do not depend on the order in which the
/// objective reads them. A trial is used on one thread.
/// </remarks>
public sealed class Trial
{
    private readonly IReadOnlyList<SearchParameter> _space;
    private readonly double[] _values;
    private readonly SortedDictionary<int, double> _intermediate = [];
    private readonly Func<IReadOnlyDictionary<int, double>, bool> _shouldPrune;

    internal Trial(int number, double[] values, IReadOnlyList<SearchParameter> space, Func<IReadOnlyDictionary<int, double>, bool> shouldPrune, CancellationToken cancellationToken)
    {
        Number = number;
        _values = values;
        _space = space;
        _shouldPrune = shouldPrune;
        CancellationToken = cancellationToken;
    }

    /// <summary>The 0-based trial number within the study.</summary>
    public int Number { get; }

    /// <summary>The token passed to <see cref="Study.Optimize"/>; pass it on to training so that cancellation stops the trial quickly.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The values reported so far, by step, in ascending step order.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues => _intermediate;

    internal SortedDictionary<int, double> Intermediate => _intermediate;

    /// <summary>The value sampled for a parameter.</summary>
    /// <typeparam name="T"><c>double</c> for float parameters, <c>int</c> for integer parameters, the choice type for categoricals.</typeparam>
    /// <param name="parameter">A handle from the study's search space.</param>
    /// <returns>The value: within the parameter's range and on its grid, or one of its choices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter is not part of the study's space.</exception>
    public T Get<T>(SearchParameter<T> parameter)
    {
        var index = ParameterLookup.IndexOf(_space, parameter, nameof(parameter));
        return parameter.Convert(_values[index]);
    }

    /// <summary>Reports an intermediate objective value (for example the validation loss after an epoch) for pruning.</summary>
    /// <param name="value">The value, in the study's direction (NaN counts as worst: a trial reporting NaN is pruned).</param>
    /// <param name="step">The step (epoch, fold), ≥ 0; each step once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">The step was already reported.</exception>
    public void Report(double value, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (!_intermediate.TryAdd(step, value))
        {
            throw new ArgumentException($"Step {step} was already reported for trial {Number}; report each step once.", nameof(step));
        }
    }

    /// <summary>
    /// Asks the study's pruner whether this trial should stop, judging from the values reported so far. When it
    /// returns true, throw <see cref="TrialPrunedException"/>; returning a value instead completes the trial normally.
    /// </summary>
    /// <returns>True when the trial looks worse than the pruner tolerates.</returns>
    public bool ShouldPrune() => _shouldPrune(_intermediate);
}

using System.Globalization;

namespace Genomics.Models.Tuning;

/// <summary>A finished trial: its parameters, outcome, intermediate values and duration.</summary>
public sealed class TrialRecord
{
    private readonly IReadOnlyList<SearchParameter> _space;

    internal TrialRecord(
        int number,
        TrialState state,
        double? value,
        double[] internalValues,
        IReadOnlyList<SearchParameter> space,
        IReadOnlyDictionary<int, double> intermediateValues,
        TimeSpan duration,
        string? error)
    {
        Number = number;
        State = state;
        Value = value;
        InternalValues = internalValues;
        _space = space;
        IntermediateValues = intermediateValues;
        Duration = duration;
        Error = error;
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < space.Count; i++)
        {
            parameters[space[i].Name] = space[i].ToExternal(internalValues[i]);
        }

        Parameters = parameters;
    }

    /// <summary>The 0-based trial number within the study.</summary>
    public int Number { get; }

    /// <summary>How the trial ended.</summary>
    public TrialState State { get; }

    /// <summary>The objective value of a complete trial; null for pruned and failed trials.</summary>
    public double? Value { get; }

    /// <summary>The parameter values by name, boxed (<c>double</c>, <c>int</c> or the categorical choice); use <see cref="Get{T}"/> for typed access.</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>The values the objective reported with <see cref="Trial.Report"/>, by step, in ascending step order.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; }

    /// <summary>The wall-clock time the objective ran.</summary>
    public TimeSpan Duration { get; }

    /// <summary>For a failed trial, the exception type and message (or why the value was rejected); otherwise null.</summary>
    public string? Error { get; }

    /// <summary>The internal parameter values, in space order (samplers' view).</summary>
    internal double[] InternalValues { get; }

    /// <summary>The value a parameter had in this trial.</summary>
    /// <typeparam name="T">The parameter's value type.</typeparam>
    /// <param name="parameter">A handle from the study's search space.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The parameter is not part of the study's space.</exception>
    public T Get<T>(SearchParameter<T> parameter)
    {
        var index = ParameterLookup.IndexOf(_space, parameter, nameof(parameter));
        return parameter.Convert(InternalValues[index]);
    }

    /// <summary>A one-line summary, e.g. <c>#3 Complete 0.25 (lr=0.001, batch=50)</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"#{Number} {State} {Value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-"} ({FormatParameters()})";

    /// <summary>The parameters as <c>name=value, …</c> in space order, formatted with the invariant culture.</summary>
    internal string FormatParameters() =>
        string.Join(", ", _space.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={Parameters[p.Name]}")));
}

using System.Diagnostics.CodeAnalysis;

namespace Genomics.Models.Tuning;

/// <summary>
/// A declared hyper-parameter search space: each factory method adds one named parameter and returns a typed
/// handle that the objective passes to <see cref="Trial.Get{T}"/>.
/// </summary>
/// <remarks>
/// <para>Example (DeepDifE's search, recipe R4):</para>
/// <code>
/// var space = new SearchSpace();
/// var rate = space.Float("lr", 1e-5, 1e-1, log: true);
/// var kernel = space.Categorical("kernel_length", [8, 12, 16, 20, 24]);
/// var batch = space.Int("batch_size", 50, 200, step: 25);
/// var layers = space.Categorical("conv_layers", [2, 3]);
/// var study = new Study(space);
/// var result = study.Optimize(trial => MeanValidationLoss(trial.Get(rate), trial.Get(kernel), trial.Get(batch), trial.Get(layers)), trials: 50);
/// </code>
/// <para>A <see cref="Study"/> copies the parameter list when it is created, so parameters added afterwards do not
/// belong to that study. Every trial samples every parameter (there are no conditional parameters).</para>
/// </remarks>
public sealed class SearchSpace
{
    private readonly List<SearchParameter> _parameters = [];

    /// <summary>The parameters in declaration order (the order samplers draw them and CSV columns list them).</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>Adds a real-valued parameter.</summary>
    /// <param name="name">A unique, non-blank name.</param>
    /// <param name="low">The smallest value, finite; &gt; 0 when <paramref name="log"/> is true.</param>
    /// <param name="high">The largest value, finite, &gt; <paramref name="low"/>.</param>
    /// <param name="log">Search on a log scale (learning rates, regularisation strengths). Default false.</param>
    /// <param name="step">A grid step &gt; 0 that divides high − low, or null (default) for a continuous range; not allowed with <paramref name="log"/>.</param>
    /// <returns>The parameter handle; values are <c>double</c> in [low, high].</returns>
    /// <exception cref="ArgumentException">A blank or duplicate name, a step with a log scale, or a range that is not a whole number of steps.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Bounds not finite or not increasing, a log scale with low ≤ 0, or a step ≤ 0.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The vocabulary of Optuna's suggest_float, which users of the search will know.")]
    public FloatParameter Float(string name, double low, double high, bool log = false, double? step = null) =>
        Add(name, () => new FloatParameter(name, low, high, log, step));

    /// <summary>Adds an integer parameter taking low, low + step, …, high.</summary>
    /// <param name="name">A unique, non-blank name.</param>
    /// <param name="low">The smallest value; ≥ 1 when <paramref name="log"/> is true.</param>
    /// <param name="high">The largest value, &gt; <paramref name="low"/>; high − low must be a multiple of <paramref name="step"/>.</param>
    /// <param name="step">The spacing, ≥ 1. Default 1; must be 1 with <paramref name="log"/>.</param>
    /// <param name="log">Search on a log scale. Default false.</param>
    /// <returns>The parameter handle; values are <c>int</c>.</returns>
    /// <exception cref="ArgumentException">A blank or duplicate name, a range that is not a whole number of steps, or a log scale with step ≠ 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">low ≥ high, step &lt; 1, or a log scale with low &lt; 1.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The vocabulary of Optuna's suggest_int, which users of the search will know.")]
    public IntParameter Int(string name, int low, int high, int step = 1, bool log = false) =>
        Add(name, () => new IntParameter(name, low, high, step, log));

    /// <summary>Adds a categorical parameter.</summary>
    /// <typeparam name="T">The type of the choices.</typeparam>
    /// <param name="name">A unique, non-blank name.</param>
    /// <param name="choices">At least two distinct choices (compared with the default equality of <typeparamref name="T"/>).</param>
    /// <returns>The parameter handle; values are one of the choices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="choices"/> is null.</exception>
    /// <exception cref="ArgumentException">A blank or duplicate name, fewer than two choices, or repeated choices.</exception>
    public CategoricalParameter<T> Categorical<T>(string name, IReadOnlyList<T> choices) =>
        Add(name, () => new CategoricalParameter<T>(name, choices));

    private TParameter Add<TParameter>(string name, Func<TParameter> create)
        where TParameter : SearchParameter
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_parameters.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The space already has a parameter named '{name}'.", nameof(name));
        }

        var parameter = create();
        _parameters.Add(parameter);
        return parameter;
    }
}

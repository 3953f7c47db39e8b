namespace Genomics.Models.Tuning;

/// <summary>A hyper-parameter that takes one of a fixed list of choices (kernel lengths, layer counts, names).</summary>
/// <typeparam name="T">The type of the choices.</typeparam>
/// <remarks>The choices are unordered for the sampler: TPE models each choice's frequency, not distances between choices.</remarks>
public sealed class CategoricalParameter<T> : SearchParameter<T>
{
    private readonly T[] _choices;

    internal CategoricalParameter(string name, IReadOnlyList<T> choices)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count < 2)
        {
            throw new ArgumentException($"Parameter '{name}': a categorical parameter needs at least two choices (got {choices.Count}).", nameof(choices));
        }

        if (choices.Distinct().Count() != choices.Count)
        {
            throw new ArgumentException($"Parameter '{name}': the choices must be distinct.", nameof(choices));
        }

        _choices = [.. choices];
    }

    /// <summary>The choices, in declaration order (the internal value of a choice is its index here).</summary>
    public IReadOnlyList<T> Choices => _choices;

    /// <summary>Describes the parameter, e.g. <c>kernel: {8, 12, 16}</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name}: {{{string.Join(", ", _choices)}}}";

    internal override double SampleUniform(Random random) => random.Next(_choices.Length);

    internal override IParzenEstimator BuildEstimator(double[] observations, double[] weights, TpeSamplerOptions options) =>
        new CategoricalParzenEstimator(_choices.Length, observations, weights, options);

    internal override T Convert(double internalValue) => _choices[(int)internalValue];
}

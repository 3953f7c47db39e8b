using System.Globalization;

namespace Genomics.Models.Tuning;

/// <summary>An integer hyper-parameter: <see cref="Low"/>, <see cref="Low"/> + <see cref="Step"/>, …, <see cref="High"/>, linear or log scale.</summary>
public sealed class IntParameter : SearchParameter<int>
{
    internal IntParameter(string name, int low, int high, int step, bool log)
        : base(name)
    {
        if (low >= high)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Parameter '{name}': the range needs low ({low}) < high ({high}).");
        }

        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Parameter '{name}': the step must be at least 1.");
        }

        if (((long)high - low) % step != 0)
        {
            throw new ArgumentException($"Parameter '{name}': the range {low}..{high} is not a whole number of steps of {step}; adjust high to low + k·step.", nameof(step));
        }

        if (log && low < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(low), low, $"Parameter '{name}': a log-scale integer range needs low ≥ 1.");
        }

        if (log && step != 1)
        {
            throw new ArgumentException($"Parameter '{name}': a log-scale integer must have step 1.", nameof(step));
        }

        Low = low;
        High = high;
        Step = step;
        Log = log;
        Domain = new NumericDomain(low, high, step, log);
    }

    /// <summary>The smallest value.</summary>
    public int Low { get; }

    /// <summary>The largest value.</summary>
    public int High { get; }

    /// <summary>The spacing of the values.</summary>
    public int Step { get; }

    /// <summary>Whether the parameter is searched on a log scale.</summary>
    public bool Log { get; }

    internal NumericDomain Domain { get; }

    /// <summary>Describes the parameter, e.g. <c>batch: int [50, 200] step 25</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: int [{Low}, {High}]{(Step != 1 ? $" step {Step}" : string.Empty)}{(Log ? " log" : string.Empty)}");

    internal override double SampleUniform(Random random) => Domain.SampleUniform(random);

    internal override IParzenEstimator BuildEstimator(double[] observations, double[] weights, TpeSamplerOptions options) =>
        new NumericParzenEstimator(Domain, observations, weights, options);

    internal override int Convert(double internalValue) => (int)Math.Round(internalValue);
}

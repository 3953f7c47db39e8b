using System.Globalization;

namespace Genomics.Models.Tuning;

/// <summary>A real-valued hyper-parameter in [<see cref="Low"/>, <see cref="High"/>], linear or log scale, optionally on a grid.</summary>
public sealed class FloatParameter : SearchParameter<double>
{
    internal FloatParameter(string name, double low, double high, bool log, double? step)
        : base(name)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Parameter '{name}': the range needs finite bounds with low ({low}) < high ({high}).");
        }

        if (log && !(low > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(low), low, $"Parameter '{name}': a log-scale range needs low > 0.");
        }

        if (step is double s)
        {
            if (!(s > 0) || !double.IsFinite(s))
            {
                throw new ArgumentOutOfRangeException(nameof(step), s, $"Parameter '{name}': the step must be positive and finite.");
            }

            if (log)
            {
                throw new ArgumentException($"Parameter '{name}': a float cannot have both a step and a log scale; drop one.", nameof(step));
            }

            var cells = (high - low) / s;
            if (Math.Abs(cells - Math.Round(cells)) > 1e-8 * Math.Max(1, cells))
            {
                throw new ArgumentException($"Parameter '{name}': the range {low}..{high} is not a whole number of steps of {s}; adjust high to low + k·step.", nameof(step));
            }
        }

        Low = low;
        High = high;
        Log = log;
        Step = step;
        Domain = new NumericDomain(low, high, step ?? 0, log);
    }

    /// <summary>The smallest value.</summary>
    public double Low { get; }

    /// <summary>The largest value.</summary>
    public double High { get; }

    /// <summary>Whether the parameter is searched on a log scale (random search draws log-uniformly).</summary>
    public bool Log { get; }

    /// <summary>The grid step, or null for a continuous range.</summary>
    public double? Step { get; }

    internal NumericDomain Domain { get; }

    /// <summary>Describes the parameter, e.g. <c>lr: float [1E-05, 0.1] log</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: float [{Low}, {High}]{(Log ? " log" : string.Empty)}{(Step is double s ? $" step {s}" : string.Empty)}");

    internal override double SampleUniform(Random random) => Domain.SampleUniform(random);

    internal override IParzenEstimator BuildEstimator(double[] observations, double[] weights, TpeSamplerOptions options) =>
        new NumericParzenEstimator(Domain, observations, weights, options);

    internal override double Convert(double internalValue) => internalValue;
}

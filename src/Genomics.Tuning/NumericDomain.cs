namespace Genomics.Models.Tuning;

/// <summary>The range of a float or integer parameter: [Low, High], an optional grid step, and linear or log scale.</summary>
/// <param name="Low">The smallest value.</param>
/// <param name="High">The largest value (on the grid when stepped).</param>
/// <param name="Step">The grid step, or 0 for a continuous range.</param>
/// <param name="Log">Whether the parameter is searched on a log scale.</param>
internal sealed record NumericDomain(double Low, double High, double Step, bool Log)
{
    /// <summary>Whether values lie on a grid.</summary>
    public bool IsDiscrete => Step > 0;

    /// <summary>The lower bound of the estimator's support in transformed space (half a step below Low when stepped).</summary>
    public double TransformedLow => Transform(Low - (Step / 2));

    /// <summary>The upper bound of the estimator's support in transformed space (half a step above High when stepped).</summary>
    public double TransformedHigh => Transform(High + (Step / 2));

    /// <summary>Maps a value to the space the kernels live in (its logarithm for log-scale parameters).</summary>
    public double Transform(double value) => Log ? Math.Log(value) : value;

    /// <summary>Maps a transformed value back and snaps it to the range and grid.</summary>
    public double Untransform(double transformed) => Snap(Log ? Math.Exp(transformed) : transformed);

    /// <summary>Clamps a value to [Low, High] and, when stepped, rounds it to the nearest grid point (ties to even).</summary>
    public double Snap(double value)
    {
        if (IsDiscrete)
        {
            value = Low + (Math.Round((value - Low) / Step, MidpointRounding.ToEven) * Step);
        }

        return Math.Clamp(value, Low, High);
    }

    /// <summary>The number of grid points of a stepped range.</summary>
    public long GridCount => (long)Math.Round((High - Low) / Step) + 1;

    /// <summary>
    /// Draws a value as Optuna's random sampler does: uniform over [Low, High] (log-uniform on a log scale); for a
    /// linear grid, every grid point with equal probability; for a log grid, log-uniform over the widened range
    /// [Low − Step/2, High + Step/2], then rounded.
    /// </summary>
    public double SampleUniform(Random random)
    {
        if (IsDiscrete && !Log)
        {
            return Snap(Low + (random.NextInt64(GridCount) * Step));
        }

        var low = TransformedLow;
        var high = TransformedHigh;
        return Untransform(low + (random.NextDouble() * (high - low)));
    }
}

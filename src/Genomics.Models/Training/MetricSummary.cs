namespace Genomics.Models.Training;

/// <summary>One value per fold with their mean and standard deviation.</summary>
/// <param name="Values">The per-fold values, in fold order; at least one.</param>
/// <remarks>
/// The standard deviation is the population one (numpy's default <c>np.std</c>, ddof 0), as cross-validation
/// summaries usually report. A NaN fold value makes the mean and deviation NaN.
/// </remarks>
/// <exception cref="ArgumentException"><paramref name="Values"/> is null or empty.</exception>
public sealed record MetricSummary(IReadOnlyList<double> Values)
{
    /// <summary>The per-fold values, in fold order.</summary>
    public IReadOnlyList<double> Values { get; } = Values is { Count: > 0 } ? Values : throw new ArgumentException("At least one value is required.", nameof(Values));

    /// <summary>The mean over folds.</summary>
    public double Mean { get; } = Values.Average();

    /// <summary>The population standard deviation over folds.</summary>
    public double StandardDeviation { get; } = Deviation(Values);

    private static double Deviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
    }
}

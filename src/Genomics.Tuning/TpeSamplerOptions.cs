namespace Genomics.Models.Tuning;

/// <summary>
/// Settings of the Tree-structured Parzen Estimator sampler (Bergstra et al. 2011), with the defaults of Optuna's
/// <c>TPESampler</c> (independent, univariate sampling).
/// </summary>
public sealed record TpeSamplerOptions
{
    /// <summary>Trials (complete or pruned) drawn by random search before TPE starts modelling, ≥ 0. Default 10.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per parameter, of which the one maximising l(x)/g(x) is taken, ≥ 1. Default 24.</summary>
    public int ExpectedImprovementCandidates { get; init; } = 24;

    /// <summary>Weight of the prior kernel relative to an observation, &gt; 0 and finite. Default 1.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Add a prior kernel (a wide normal at the range centre; uniform for categoricals) to both estimators. Default true.</summary>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>Bound kernel bandwidths below by range / min(100, 1 + kernels) (Optuna's "magic clip"). Default true.</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Let the outermost kernels' bandwidths reach the range ends. Default false.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>
    /// The number of observations that form the "good" density l(x), given the number of observations n; values
    /// outside [0, n] are clamped. Default <see cref="DefaultGamma"/>.
    /// </summary>
    public Func<int, int> Gamma { get; init; } = DefaultGamma;

    /// <summary>
    /// The kernel weights of n observations in trial order (oldest first): n finite, non-negative numbers, not all
    /// zero. Default <see cref="DefaultWeights"/>.
    /// </summary>
    public Func<int, double[]> Weights { get; init; } = DefaultWeights;

    /// <summary>Optuna's default γ: min(⌈0.1 · n⌉, 25).</summary>
    /// <param name="n">The number of observations, ≥ 0.</param>
    /// <returns>The size of the good set.</returns>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// Optuna's default weights: all ones below 25 observations; otherwise a ramp from 1/n to 1 over the oldest n − 25
    /// observations followed by 25 ones, so the most recent observations count fully.
    /// </summary>
    /// <param name="n">The number of observations, ≥ 0.</param>
    /// <returns>n weights.</returns>
    public static double[] DefaultWeights(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        if (n < 25)
        {
            return weights;
        }

        var rampLength = n - 25;
        for (var i = 0; i < rampLength; i++)
        {
            // numpy.linspace(1/n, 1, n − 25)
            weights[i] = rampLength == 1 ? 1.0 / n : (1.0 / n) + (i * (1.0 - (1.0 / n)) / (rampLength - 1));
        }

        return weights;
    }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or weight is out of range.</exception>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    public void Validate()
    {
        if (StartupTrials < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, "Must be non-negative.");
        }

        if (ExpectedImprovementCandidates < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpectedImprovementCandidates), ExpectedImprovementCandidates, "Draw at least one candidate.");
        }

        if (!(PriorWeight > 0) || !double.IsFinite(PriorWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorWeight), PriorWeight, "Must be positive and finite.");
        }

        ArgumentNullException.ThrowIfNull(Gamma, nameof(Gamma));
        ArgumentNullException.ThrowIfNull(Weights, nameof(Weights));
    }
}

namespace Genomics.Interpret.Seqlets;

/// <summary>Options of <see cref="WindowedSeqletCaller"/> (TF-MoDISco-lite defaults).</summary>
public sealed record WindowedSeqletOptions
{
    /// <summary>Width of the sliding window whose attribution sum is thresholded (default 21).</summary>
    public int WindowSize { get; init; } = 21;

    /// <summary>Positions added on each side of a window to make the seqlet (default 10).</summary>
    public int Flank { get; init; } = 10;

    /// <summary>Target false discovery rate of the isotonic threshold (default 0.2).</summary>
    public double TargetFdr { get; init; } = 0.2;

    /// <summary>Lowest fraction of windows allowed to pass (default 0.03).</summary>
    public double MinPassingFraction { get; init; } = 0.03;

    /// <summary>Highest fraction of windows allowed to pass (default 0.2).</summary>
    public double MaxPassingFraction { get; init; } = 0.2;

    /// <summary>Upper bound of the reported weak threshold, as a quantile of |window sums| (default 0.8).</summary>
    public double WeakThresholdForCountingSign { get; init; } = 0.8;

    /// <summary>Number of values drawn from the fitted Laplace null (default 10,000).</summary>
    public int NullSamples { get; init; } = 10_000;

    /// <summary>tfmodisco-lite's seed of the null sampling, used when <see cref="Seed"/> is null (1234).</summary>
    public const long DefaultSeed = 1234;

    /// <summary>Seed of the null sampling; null uses <see cref="DefaultSeed"/> (TF-MoDISco passes its own seed).
    /// These options are the only source of the seed, since the caller takes no context; engines that take one fall back to its seed first (<see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>).</summary>
    public long? Seed { get; init; }

    /// <summary>Non-maximum-suppression radius: ⌊0.5·window⌋ + flank (20 by default).</summary>
    public int SuppressRadius => WindowSize / 2 + Flank;

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public WindowedSeqletOptions Validate()
    {
        if (WindowSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "The window must be at least 1 position.");
        }

        if (Flank < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Flank), Flank, "The flank cannot be negative.");
        }

        if (!(TargetFdr > 0 && TargetFdr < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetFdr), TargetFdr, "The target FDR must be in (0, 1).");
        }

        if (!(MinPassingFraction >= 0 && MinPassingFraction <= MaxPassingFraction && MaxPassingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinPassingFraction), MinPassingFraction, "Expected 0 ≤ min passing fraction ≤ max passing fraction ≤ 1.");
        }

        if (NullSamples < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(NullSamples), NullSamples, "Draw at least 100 null values.");
        }

        return this;
    }
}

/// <summary>Seqlets and the thresholds that selected them.</summary>
/// <param name="Seqlets">Seqlets, per example in order of decreasing |window sum|; score = attribution sum over the core window.</param>
/// <param name="PositiveThreshold">Window sums ≥ this passed.</param>
/// <param name="NegativeThreshold">Window sums ≤ this passed.</param>
/// <param name="WeakThreshold">|window sum| above which a seqlet's sign is considered reliable.</param>
public sealed record WindowedSeqletResult(IReadOnlyList<Seqlet> Seqlets, double PositiveThreshold, double NegativeThreshold, double WeakThreshold);

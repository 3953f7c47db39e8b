namespace Genomics.Models.Tuning;

/// <summary>Settings of a <see cref="Study"/>.</summary>
public sealed record StudyOptions
{
    /// <summary>Whether smaller or larger objective values are better. Default <see cref="StudyDirection.Minimize"/>.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>How parameters are chosen. Default TPE with Optuna's settings (<see cref="Sampler.Tpe"/>).</summary>
    public Sampler Sampler { get; init; } = Sampler.Tpe();

    /// <summary>How <see cref="Trial.ShouldPrune"/> decides. Default Optuna's median rule (<see cref="Pruner.Median"/>).</summary>
    public Pruner Pruner { get; init; } = Pruner.Median();

    /// <summary>The seed used when <see cref="Seed"/> is null (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>
    /// Seed of the study's <see cref="Random"/>; equal seeds and equal objective values give equal trials. Null uses
    /// <see cref="DefaultSeed"/> (a study takes no context); <see cref="Random"/> takes the seed's low 32 bits, so every
    /// <c>int</c> seed draws as before.
    /// </summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Record a trial whose objective throws (other than <see cref="TrialPrunedException"/> and cancellation) or
    /// returns NaN as <see cref="TrialState.Failed"/> and go on with the next trial. When false the failure is
    /// recorded and the exception rethrown (a NaN result is then an <see cref="InvalidOperationException"/>). Default true.
    /// </summary>
    public bool ContinueAfterFailure { get; init; } = true;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Direction"/> is not defined.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Sampler"/> or <see cref="Pruner"/> is null.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentOutOfRangeException(nameof(Direction), Direction, "Unknown direction.");
        }

        ArgumentNullException.ThrowIfNull(Sampler, nameof(Sampler));
        ArgumentNullException.ThrowIfNull(Pruner, nameof(Pruner));
    }
}

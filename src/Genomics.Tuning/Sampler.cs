namespace Genomics.Models.Tuning;

/// <summary>
/// Chooses the parameter values of the next trial from the study's history. Build one with <see cref="Tpe"/> (the
/// default of <see cref="StudyOptions"/>) or <see cref="RandomSearch"/>.
/// </summary>
/// <remarks>Samplers are stateless; all randomness comes from the study's seeded generator.</remarks>
public abstract class Sampler
{
    private protected Sampler()
    {
    }

    /// <summary>
    /// The Tree-structured Parzen Estimator (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization"),
    /// following Optuna's <c>TPESampler</c>: random search for the first <see cref="TpeSamplerOptions.StartupTrials"/>
    /// trials; afterwards the complete and pruned trials are split into the γ(n) best and the rest, a Parzen estimator
    /// l(x) (good) and g(x) (rest) is fitted per parameter, and the candidate drawn from l with the largest l(x)/g(x)
    /// is taken. Parameters are modelled independently.
    /// </summary>
    /// <remarks>
    /// Pruned trials rank after every complete trial, by the last step they reached (later is better) and then by
    /// the value reported there; failed trials are ignored. See <c>docs/decisions/tpe.md</c> for the estimator details.
    /// </remarks>
    /// <param name="options">The settings; Optuna's defaults when null.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public static Sampler Tpe(TpeSamplerOptions? options = null)
    {
        options ??= new TpeSamplerOptions();
        options.Validate();
        return new TpeSampler(options);
    }

    /// <summary>Independent uniform sampling of every parameter (log-uniform on log scales), as Optuna's <c>RandomSampler</c>.</summary>
    /// <returns>The sampler.</returns>
    public static Sampler RandomSearch() => new RandomSampler();

    /// <summary>Draws the internal values of the next trial.</summary>
    /// <param name="parameters">The search space.</param>
    /// <param name="history">Every finished trial, in order.</param>
    /// <param name="direction">The study's direction.</param>
    /// <param name="random">The study's generator.</param>
    /// <returns>One internal value per parameter.</returns>
    internal abstract double[] Sample(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<TrialRecord> history, StudyDirection direction, Random random);

    /// <summary>Uniform draws for every parameter.</summary>
    private protected static double[] SampleUniform(IReadOnlyList<SearchParameter> parameters, Random random) =>
        parameters.Select(p => p.SampleUniform(random)).ToArray();

    private sealed class RandomSampler : Sampler
    {
        internal override double[] Sample(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<TrialRecord> history, StudyDirection direction, Random random) =>
            SampleUniform(parameters, random);
    }
}

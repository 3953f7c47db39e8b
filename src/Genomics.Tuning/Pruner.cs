namespace Genomics.Models.Tuning;

/// <summary>
/// Decides from intermediate values whether a trial should stop early (<see cref="Trial.ShouldPrune"/>). Build one
/// with <see cref="Median"/> (the default of <see cref="StudyOptions"/>) or use <see cref="None"/>.
/// </summary>
public abstract class Pruner
{
    private protected Pruner()
    {
    }

    /// <summary>Never prunes.</summary>
    public static Pruner None { get; } = new NeverPruner();

    /// <summary>
    /// Optuna's <c>MedianPruner</c>: prunes a trial whose best intermediate value so far is worse than the median of
    /// the complete trials' intermediate values at the same step.
    /// </summary>
    /// <remarks>
    /// The trial is judged at its latest reported step s and only when (1) at least
    /// <paramref name="startupTrials"/> trials have completed, (2) s ≥ <paramref name="warmupSteps"/>, (3) s is the
    /// first report in its pruning interval (intervals of <paramref name="intervalSteps"/> steps counted from the
    /// warm-up), and (4) at least <paramref name="minimumTrials"/> complete trials reported step s. The median
    /// interpolates linearly (numpy's percentile 50), ignoring NaN. A trial whose reports are all NaN is pruned.
    /// </remarks>
    /// <param name="startupTrials">Complete trials needed before any pruning, ≥ 0. Default 5.</param>
    /// <param name="warmupSteps">Steps before a trial can be pruned, ≥ 0. Default 0.</param>
    /// <param name="intervalSteps">Steps between pruning checks, ≥ 1. Default 1.</param>
    /// <param name="minimumTrials">Complete trials that must have reported the step, ≥ 1. Default 1.</param>
    /// <returns>The pruner.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Pruner Median(int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1, int minimumTrials = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumTrials, 1);
        return new MedianPruner(startupTrials, warmupSteps, intervalSteps, minimumTrials);
    }

    /// <summary>Whether the running trial should stop.</summary>
    /// <param name="history">Every finished trial of the study, in order.</param>
    /// <param name="direction">The study's direction.</param>
    /// <param name="reported">The running trial's intermediate values, ascending by step.</param>
    /// <returns>True to prune.</returns>
    internal abstract bool ShouldPrune(IReadOnlyList<TrialRecord> history, StudyDirection direction, IReadOnlyDictionary<int, double> reported);

    private sealed class NeverPruner : Pruner
    {
        internal override bool ShouldPrune(IReadOnlyList<TrialRecord> history, StudyDirection direction, IReadOnlyDictionary<int, double> reported) => false;
    }
}

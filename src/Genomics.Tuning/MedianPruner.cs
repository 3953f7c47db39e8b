namespace Genomics.Models.Tuning;

/// <summary>The median stopping rule; see <see cref="Pruner.Median"/>.</summary>
internal sealed class MedianPruner(int startupTrials, int warmupSteps, int intervalSteps, int minimumTrials) : Pruner
{
    internal override bool ShouldPrune(IReadOnlyList<TrialRecord> history, StudyDirection direction, IReadOnlyDictionary<int, double> reported)
    {
        var complete = history.Where(t => t.State == TrialState.Complete).ToArray();
        if (complete.Length == 0 || complete.Length < startupTrials || reported.Count == 0)
        {
            return false;
        }

        var steps = reported.Keys.Order().ToArray();
        var step = steps[^1];
        if (step < warmupSteps)
        {
            return false;
        }

        // Judge only the first report inside each pruning interval.
        var intervalStart = ((step - warmupSteps) / intervalSteps * intervalSteps) + warmupSteps;
        var previous = steps.Length >= 2 ? steps[^2] : -1;
        if (previous >= intervalStart)
        {
            return false;
        }

        var values = reported.Values.Where(v => !double.IsNaN(v)).ToArray();
        if (values.Length == 0)
        {
            return true;
        }

        var best = direction == StudyDirection.Minimize ? values.Min() : values.Max();
        var atStep = complete.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).ToArray();
        if (atStep.Length < minimumTrials)
        {
            return false;
        }

        var median = Median(atStep.Where(v => !double.IsNaN(v)).ToArray());
        if (double.IsNaN(median))
        {
            return false;
        }

        return direction == StudyDirection.Minimize ? best > median : best < median;
    }

    /// <summary>The median with linear interpolation (numpy percentile 50); NaN for no values.</summary>
    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var position = 0.5 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}

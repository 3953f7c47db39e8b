namespace Genomics.Models.Tuning;

/// <summary>The independent TPE sampler; see <see cref="Sampler.Tpe"/>.</summary>
internal sealed class TpeSampler(TpeSamplerOptions options) : Sampler
{
    internal override double[] Sample(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<TrialRecord> history, StudyDirection direction, Random random)
    {
        var observed = history.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToArray();
        var n = observed.Length;
        if (n < options.StartupTrials)
        {
            return SampleUniform(parameters, random);
        }

        var (below, above) = Split(observed, direction, Math.Clamp(options.Gamma(n), 0, n));
        var weightsBelow = CheckedWeights(below.Length);
        var weightsAbove = CheckedWeights(above.Length);
        var result = new double[parameters.Count];
        for (var j = 0; j < parameters.Count; j++)
        {
            var column = j;
            var good = parameters[j].BuildEstimator(below.Select(i => observed[i].InternalValues[column]).ToArray(), weightsBelow, options);
            var rest = parameters[j].BuildEstimator(above.Select(i => observed[i].InternalValues[column]).ToArray(), weightsAbove, options);
            result[j] = BestCandidate(good, rest, random);
        }

        return result;
    }

    /// <summary>
    /// Splits observations into the <paramref name="count"/> best and the rest, each in trial order. Complete
    /// trials rank first by value; pruned trials follow by the last step reached (later first), then by the value at
    /// that step; a pruned trial without reports ranks last.
    /// </summary>
    internal static (int[] Below, int[] Above) Split(IReadOnlyList<TrialRecord> observed, StudyDirection direction, int count)
    {
        var sign = direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var keys = observed.Select(t => RankKey(t, sign)).ToArray();
        var order = Enumerable.Range(0, observed.Count)
            .OrderBy(i => keys[i].Step)
            .ThenBy(i => keys[i].Score)
            .ThenBy(i => i)
            .ToArray();
        return (order.Take(count).Order().ToArray(), order.Skip(count).Order().ToArray());
    }

    private static (double Step, double Score) RankKey(TrialRecord trial, double sign)
    {
        if (trial.State == TrialState.Complete)
        {
            return (double.NegativeInfinity, sign * trial.Value!.Value);
        }

        if (trial.IntermediateValues.Count == 0)
        {
            return (double.PositiveInfinity, 0);
        }

        var (step, value) = trial.IntermediateValues.Last();
        return (-step, double.IsNaN(value) ? double.PositiveInfinity : sign * value);
    }

    private double BestCandidate(IParzenEstimator good, IParzenEstimator rest, Random random)
    {
        var candidates = good.Sample(random, options.ExpectedImprovementCandidates);
        var best = candidates[0];
        var bestScore = double.NegativeInfinity;
        foreach (var candidate in candidates)
        {
            var score = good.LogDensity(candidate) - rest.LogDensity(candidate);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    private double[] CheckedWeights(int n)
    {
        var weights = options.Weights(n);
        if (weights is null || weights.Length < n)
        {
            throw new InvalidOperationException($"The TPE weights function returned {weights?.Length ?? 0} weights for {n} observations; it must return at least n.");
        }

        weights = weights[..n];
        if (weights.Any(w => !double.IsFinite(w) || w < 0) || (n > 0 && !(weights.Sum() > 0)))
        {
            throw new InvalidOperationException($"The TPE weights function must return finite, non-negative weights that are not all zero (n = {n}).");
        }

        return weights;
    }
}

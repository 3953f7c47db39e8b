namespace Genomics.Interpret.Asmm;

/// <summary>The top-fraction mean of DeepASMM (<see cref="DeepAsmm"/> steps A2 and A3).</summary>
internal static class AsmmAggregation
{
    /// <summary>
    /// Aggregates per-perturbation scores, each standing for <paramref name="multiplicities"/>[i] occurrences (all 1 when
    /// empty). All: Σ/count. Fraction f: N = count · f; N ≥ minimum → mean of the first ⌊N⌋ entries; otherwise the sum
    /// of the first <paramref name="minimumTop"/> entries (all when fewer) divided by <paramref name="minimumTop"/>.
    /// "First" is after sorting by decreasing score when <paramref name="sort"/>, scan order otherwise.
    /// </summary>
    public static double Aggregate(double[] scores, int[]? multiplicities, int count, bool sort, double? fraction, int minimumTop)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        if (sort)
        {
            Array.Sort(scores.Select(s => -s).ToArray(), order);
        }

        if (fraction is not double f)
        {
            var total = 0.0;
            for (var i = 0; i < scores.Length; i++)
            {
                total += scores[i] * (multiplicities is null ? 1 : multiplicities[i]);
            }

            return total / count;
        }

        var n = count * f;
        var take = n >= minimumTop ? (long)Math.Floor(n) : minimumTop;
        var sum = 0.0;
        var remaining = take;
        foreach (var i in order)
        {
            if (remaining <= 0)
            {
                break;
            }

            var m = Math.Min(remaining, multiplicities is null ? 1 : multiplicities[i]);
            sum += scores[i] * m;
            remaining -= m;
        }

        return sum / take;
    }
}

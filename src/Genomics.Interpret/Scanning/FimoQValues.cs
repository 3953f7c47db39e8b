using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Statistics;

namespace Genomics.Interpret.Scanning;

/// <summary>
/// FIMO's q-values for one motif's scan (MEME 5 <c>fimo.c</c> and <c>cisml.c</c>: <c>pattern_calculate_qvalues</c>
/// calling <c>compute_qvalues</c> of <c>qvalue.c</c>), on top of <see cref="StoreyQValues"/>:
/// <list type="bullet">
/// <item>the p-values converted are those of the stored hits (p ≤ the threshold, at most
/// <see cref="MotifScanOptions.MaxStoredScores"/> of them, see <see cref="KeepStored"/>);</item>
/// <item>the number of tests m is the number of scored windows (each strand counts), taken in single precision as
/// <c>compute_qvalues</c> multiplies by <c>(float)total_values</c>;</item>
/// <item>π₀ is estimated from the stored p-values when every scored window was stored, else from the uniform sample
/// of at most <see cref="PValueReservoir.Capacity"/> window p-values (<see cref="PValueReservoir"/>), in both cases
/// only from more than <see cref="StoreyQValues.MinimumCount"/> p-values (else π₀ = 1), and not at all when no hit
/// was stored (FIMO then draws nothing from the bootstrap stream).</item>
/// </list>
/// </summary>
internal static class FimoQValues
{
    /// <summary>
    /// Returns the positions, in arrival order, of the hits FIMO keeps with a cap on stored matches
    /// (<c>add_pattern_matched_element</c>, <c>reduce_pattern_matched_elements</c>): when a hit arrives with the store
    /// full, the ⌊0.5 · stored⌋ largest p-values are dropped together with every other stored p-value at least as large
    /// as the last one dropped, and from then on only hits with p at most the largest p-value still stored are taken.
    /// </summary>
    /// <param name="pValues">The hits' p-values in scan order (all within the p-value threshold).</param>
    /// <param name="maxStored">The cap (FIMO's <c>--max-stored-scores</c>); null keeps every hit.</param>
    /// <returns>The kept positions, ascending; null when every hit is kept.</returns>
    internal static List<int>? KeepStored(IReadOnlyList<double> pValues, int? maxStored)
    {
        if (maxStored is not { } max || pValues.Count <= max)
        {
            return null;
        }

        var kept = new List<int>(max);
        var maxRetained = double.PositiveInfinity;
        for (var i = 0; i < pValues.Count; i++)
        {
            var p = pValues[i];
            if (p > maxRetained)
            {
                continue;
            }

            if (kept.Count >= max)
            {
                maxRetained = Reduce(kept, pValues);
            }

            if (p <= maxRetained)
            {
                kept.Add(i);
            }
        }

        kept.Sort();
        return kept;
    }

    /// <summary>
    /// Computes the q-values of the stored hits.
    /// </summary>
    /// <param name="hitPValues">The stored hits' p-values, in any order.</param>
    /// <param name="windows">Every scored window's p-value, seen in scan order (count and sample).</param>
    /// <param name="method">Storey (FIMO's) or Benjamini–Hochberg (π₀ = 1).</param>
    /// <param name="bootstrap">The generator of π₀'s bootstrap draws; advanced only when π₀ is estimated.</param>
    /// <returns>The q-values, in the order of <paramref name="hitPValues"/>.</returns>
    internal static double[] Compute(IReadOnlyList<double> hitPValues, PValueReservoir windows, QValueMethod method, Drand48 bootstrap)
    {
        var n = hitPValues.Count;
        var result = new double[n];
        if (n == 0)
        {
            return result;
        }

        var sorted = hitPValues.ToArray();
        Array.Sort(sorted);
        var pi0 = 1.0;
        if (method == QValueMethod.Storey)
        {
            if (n == windows.Count)
            {
                pi0 = StoreyQValues.EstimatePi0(sorted, bootstrap);
            }
            else
            {
                var sample = windows.Sample.ToArray();
                Array.Sort(sample);
                pi0 = StoreyQValues.EstimatePi0(sample, bootstrap);
            }
        }

        // compute_qvalues multiplies by (float)total_values: above 2^24 windows m is rounded to single precision.
        var m = Math.Max((long)(float)windows.Count, n);
        var sortedQ = new double[n];
        StoreyQValues.FromSorted(sorted, pi0, m, sortedQ);
        for (var i = 0; i < n; i++)
        {
            // Tied p-values share the q-value of their highest rank (the monotone minimum makes them equal).
            var index = Array.BinarySearch(sorted, hitPValues[i]);
            while (index + 1 < n && sorted[index + 1] == hitPValues[i])
            {
                index++;
            }

            result[i] = sortedQ[index];
        }

        return result;
    }

    private static double Reduce(List<int> kept, IReadOnlyList<double> pValues)
    {
        // Largest p-values first, as they come off FIMO's heap; ties between them do not matter (all ties go).
        kept.Sort((a, b) => pValues[b].CompareTo(pValues[a]));
        var toDelete = (int)(0.5f * kept.Count);
        var minDiscarded = 1.0;
        var deleted = 0;
        for (; deleted < toDelete; deleted++)
        {
            minDiscarded = pValues[kept[deleted]];
        }

        while (deleted < kept.Count && pValues[kept[deleted]] >= minDiscarded)
        {
            deleted++;
        }

        kept.RemoveRange(0, deleted);
        return kept.Count > 0 ? pValues[kept[0]] : Math.BitDecrement(minDiscarded);
    }
}

/// <summary>
/// Every scored window's p-value as FIMO keeps them for π₀ (<c>reservoir.c</c>, Knuth's Algorithm R with room for
/// <see cref="Capacity"/>): the first <see cref="Capacity"/> p-values are kept; the n-th after that replaces sample
/// ⌊n · u⌋ when that is below <see cref="Capacity"/>. FIMO draws u from MEME's Mersenne Twister; here u comes from a
/// <see cref="Drand48"/> of the reservoir's own at the unseeded state, so for scans of more than
/// <see cref="Capacity"/> windows the sample (not its size or law) differs from FIMO's.
/// </summary>
internal sealed class PValueReservoir
{
    /// <summary>Room for sampled p-values (FIMO's reservoir of 10,000).</summary>
    internal const int Capacity = 10_000;

    private readonly double[] _samples = new double[Capacity];
    private readonly Drand48 _random = new();
    private int _retained;

    /// <summary>Gets the number of p-values seen.</summary>
    internal long Count { get; private set; }

    /// <summary>Gets the sampled p-values.</summary>
    internal ReadOnlySpan<double> Sample => _samples.AsSpan(0, _retained);

    /// <summary>Offers one window's p-value.</summary>
    /// <param name="pValue">The p-value.</param>
    internal void Add(double pValue)
    {
        Count++;
        if (_retained < Capacity)
        {
            _samples[_retained++] = pValue;
            return;
        }

        var r = (long)(Count * _random.NextDouble());
        if (r < Capacity)
        {
            _samples[r] = pValue;
        }
    }
}

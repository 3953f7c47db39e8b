using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;
using Genomics.Models.Numerics;

namespace Genomics.Interpret.Modisco;

/// <summary>A cluster's seqlets aligned to one frame, with the matrices averaged over them.</summary>
internal sealed class Aggregate
{
    private Aggregate(List<Placement> members, double[,] ppm, double[,] cwm, double[,] hypothetical, double[] contributionTotals)
    {
        Members = members;
        Ppm = ppm;
        Cwm = cwm;
        Hypothetical = hypothetical;
        ContributionTotals = contributionTotals;
    }

    public List<Placement> Members { get; }

    public double[,] Ppm { get; }

    public double[,] Cwm { get; }

    public double[,] Hypothetical { get; }

    public double[] ContributionTotals { get; }

    public int Width => Cwm.GetLength(1);

    /// <summary>Aligns a cluster: strongest seqlet first, every other one to the running mean of hypothetical contributions; then polishes (<see cref="Polish"/>).</summary>
    public static Aggregate? Build(AttributionData data, List<Placement> cluster, int width, ModiscoOptions options, double[] background)
    {
        if (cluster.Count == 0)
        {
            return null;
        }

        var ordered = cluster
            .Select(p => (P: p, Total: Total(data.Extract(data.Contributions, p, 0, width)!)))
            .OrderByDescending(t => Math.Abs(t.Total)).ThenBy(t => t.P.Example).ThenBy(t => t.P.Anchor)
            .Select(t => t.P).ToList();
        // As tfmodisco-lite's merge_in_seqlets_filledges: each seqlet, strongest first, is aligned (padded continuous Jaccard
        // of L1-normalised hypothetical and actual contributions, both strands) to the running sums of those already placed.
        var minOverlap = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * width));
        var hypSum = data.Extract(data.Hypothetical, ordered[0], 0, width)!;
        var contribSum = data.Extract(data.Contributions, ordered[0], 0, width)!;
        var members = new List<Placement> { ordered[0] };
        foreach (var p in ordered.Skip(1))
        {
            var hyp = data.Extract(data.Hypothetical, p, 0, width)!;
            var contrib = data.Extract(data.Contributions, p, 0, width)!;
            var alignment = Similarity.AlignPadded(Similarity.Features(hypSum, contribSum), Similarity.Features(hyp, contrib),
                Similarity.Features(AlphabetMatrix.ReverseComplement(hyp), AlphabetMatrix.ReverseComplement(contrib)), width, minOverlap);
            var placed = alignment.Reverse
                ? new Placement(p.Example, p.Anchor + width - 1 + alignment.Offset, true)
                : p with { Anchor = p.Anchor - alignment.Offset };
            members.Add(placed);
            if (data.Extract(data.Hypothetical, placed, 0, width) is { } alignedHyp)
            {
                var alignedContrib = data.Extract(data.Contributions, placed, 0, width)!;
                for (var b = 0; b < 4; b++)
                {
                    for (var c = 0; c < width; c++)
                    {
                        hypSum[b, c] += alignedHyp[b, c];
                        contribSum[b, c] += alignedContrib[b, c];
                    }
                }
            }
        }

        return Polish(data, members, width, options, background);
    }

    /// <summary>
    /// tfmodisco-lite's polishing of an aligned frame of <paramref name="width"/> columns: keep the columns covered by at least
    /// min(<see cref="ModiscoOptions.MinNumberToTrimTo"/>, <see cref="ModiscoOptions.FractionSupportToTrimTo"/> × best
    /// coverage) members, pick the window of <see cref="ModiscoOptions.TrimToWindowSize"/> columns with the most information
    /// content against <paramref name="background"/>, and add <see cref="ModiscoOptions.InitialFlankToAdd"/> columns on each
    /// side. Members that then reach past a sequence end are dropped; null when none is left.
    /// </summary>
    public static Aggregate? Polish(AttributionData data, List<Placement> members, int width, ModiscoOptions options, double[] background)
    {
        if (members.Count == 0)
        {
            return null;
        }

        var (oneHot, support) = Mean(data, data.OneHot, members, 0, width);
        var needed = Math.Min(options.MinNumberToTrimTo, support.Max() * options.FractionSupportToTrimTo);
        int left = 0, right = width;
        while (left < width - 1 && support[left] < needed)
        {
            left++;
        }

        while (right > left + 1 && support[right - 1] < needed)
        {
            right--;
        }

        var ic = InformationContent(oneHot, background);
        var window = Math.Min(options.TrimToWindowSize, right - left);
        var bestStart = left;
        var bestScore = double.NegativeInfinity;
        for (var a = left; a + window <= right; a++)
        {
            double score = 0;
            for (var c = a; c < a + window; c++)
            {
                score += ic[c];
            }

            if (score > bestScore + 1e-12)
            {
                bestScore = score;
                bestStart = a;
            }
        }

        var polished = FromPlacements(data, members, bestStart - options.InitialFlankToAdd, window + 2 * options.InitialFlankToAdd, options);
        return polished.Members.Count > 0 ? polished : null;
    }

    /// <summary>Per-column information content (bits) of mean one-hot columns against a background, as tfmodisco-lite computes it (pseudocount 0.001).</summary>
    public static double[] InformationContent(double[,] ppm, double[] background)
    {
        const double Pseudocount = 0.001;
        var w = ppm.GetLength(1);
        var ic = new double[w];
        for (var c = 0; c < w; c++)
        {
            double total = 0;
            for (var b = 0; b < 4; b++)
            {
                total += ppm[b, c];
            }

            for (var b = 0; b < 4; b++)
            {
                var p = total > 0 ? ppm[b, c] / total : 0.25;
                ic[c] += Math.Log2((p + Pseudocount) / (1 + Pseudocount * 4)) * p - Math.Log2(background[b]) * background[b];
            }
        }

        return ic;
    }

    /// <summary>
    /// Averages members over pattern columns [<paramref name="start"/>, <paramref name="start"/> + <paramref name="width"/>),
    /// re-anchored so that column 0 is <paramref name="start"/>; members outside the sequence and duplicates are dropped.
    /// </summary>
    public static Aggregate FromPlacements(AttributionData data, List<Placement> members, int start, int width, ModiscoOptions options)
    {
        // Re-anchor members so that column 0 is the frame start; drop members outside the sequence and duplicates.
        var seen = new HashSet<(int, int)>();
        var kept = new List<Placement>();
        foreach (var m in members)
        {
            var moved = m with { Anchor = m.Reverse ? m.Anchor - start : m.Anchor + start };
            var (s, e) = moved.Interval(0, width);
            if (s >= 0 && e <= data.Length && seen.Add((moved.Example, s)))
            {
                kept.Add(moved);
            }
        }

        var (meanCwm, _) = Mean(data, data.Contributions, kept, 0, width);
        var (meanHyp, _) = Mean(data, data.Hypothetical, kept, 0, width);
        var (meanOneHot, _) = Mean(data, data.OneHot, kept, 0, width);
        var ppm = new double[4, width];
        for (var c = 0; c < width; c++)
        {
            double total = 0;
            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] = meanOneHot[b, c] + options.PpmPseudocount;
                total += ppm[b, c];
            }

            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] = total > 0 ? ppm[b, c] / total : 0.25;
            }
        }

        var totals = kept.Select(p => Total(data.Extract(data.Contributions, p, 0, width)!)).ToArray();
        return new Aggregate(kept, ppm, meanCwm, meanHyp, totals);
    }

    /// <summary>tfmodisco-lite's final information filter: the best window of <see cref="ModiscoOptions.InformationWindow"/>
    /// columns sums to at least <see cref="ModiscoOptions.MinInformationContent"/> bits against the background.</summary>
    public bool PassesInformationFilter(ModiscoOptions options, double[] background)
    {
        var ic = InformationContent(Ppm, background);
        var window = Math.Min(options.InformationWindow, ic.Length);
        for (var a = 0; a + window <= ic.Length; a++)
        {
            if (ic.Skip(a).Take(window).Sum() >= options.MinInformationContent)
            {
                return true;
            }
        }

        return false;
    }

    public ModiscoPattern ToPattern(string name, int sign, IReadOnlyList<ModiscoPattern> subpatterns)
    {
        var seqlets = Members.Select((m, i) =>
        {
            var (s, e) = m.Interval(0, Width);
            return new Seqlet(m.Example, s, e, m.Reverse ? Strand.Reverse : Strand.Forward, ContributionTotals[i]);
        }).ToList();
        return new ModiscoPattern(name, sign, seqlets, Ppm, Cwm, Hypothetical, subpatterns);
    }

    private static (double[,] Mean, int[] Support) Mean(AttributionData data, float[,,] array, List<Placement> members, int start, int width)
    {
        var sum = new double[4, width];
        var support = new int[width];
        foreach (var m in members)
        {
            for (var c = 0; c < width; c++)
            {
                var column = data.Extract(array, m, start + c, 1);
                if (column is null)
                {
                    continue;
                }

                support[c]++;
                for (var b = 0; b < 4; b++)
                {
                    sum[b, c] += column[b, 0];
                }
            }
        }

        for (var c = 0; c < width; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                sum[b, c] = support[c] > 0 ? sum[b, c] / support[c] : 0;
            }
        }

        return (sum, support);
    }

    private static double Total(double[,] m)
    {
        double t = 0;
        foreach (var v in m)
        {
            t += v;
        }

        return t;
    }
}

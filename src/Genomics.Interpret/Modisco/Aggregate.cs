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

    /// <summary>Aligns a cluster: strongest seqlet first, every other one to the running mean of hypothetical contributions; then trims.</summary>
    public static Aggregate? Build(AttributionData data, List<Placement> cluster, int width, ModiscoOptions options)
    {
        if (cluster.Count == 0)
        {
            return null;
        }

        var ordered = cluster
            .Select(p => (P: p, Total: Total(data.Extract(data.Contributions, p, 0, width)!)))
            .OrderByDescending(t => Math.Abs(t.Total)).ThenBy(t => t.P.Example).ThenBy(t => t.P.Anchor)
            .Select(t => t.P).ToList();
        var minOverlap = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * width));
        var sum = data.Extract(data.Hypothetical, ordered[0], 0, width)!;
        var count = 1;
        var members = new List<Placement> { ordered[0] };
        foreach (var p in ordered.Skip(1))
        {
            var m = data.Extract(data.Hypothetical, p, 0, width)!;
            var alignment = Similarity.Best(sum, m, AlphabetMatrix.ReverseComplement(m), minOverlap);
            var placed = alignment.Reverse
                ? new Placement(p.Example, p.Anchor + width - 1 + alignment.Offset, true)
                : p with { Anchor = p.Anchor - alignment.Offset };
            members.Add(placed);
            var aligned = data.Extract(data.Hypothetical, placed, 0, width);
            if (aligned is not null)
            {
                count++;
                for (var b = 0; b < 4; b++)
                {
                    for (var c = 0; c < width; c++)
                    {
                        sum[b, c] += aligned[b, c];
                    }
                }
            }
        }

        return FromPlacements(data, members, 0, width, options, retrim: true);
    }

    /// <summary>
    /// Averages members over pattern columns [<paramref name="start"/>, <paramref name="start"/> + <paramref name="width"/>);
    /// with <paramref name="retrim"/>, first narrows that frame to the window of <see cref="ModiscoOptions.TrimToWindowSize"/>
    /// columns with the largest Σ|CWM| among columns supported by enough members.
    /// </summary>
    public static Aggregate FromPlacements(AttributionData data, List<Placement> members, int start, int width, ModiscoOptions options, bool retrim = false)
    {
        if (retrim)
        {
            var (cwm, support) = Mean(data, data.Contributions, members, start, width);
            var n = members.Count;
            var needed = Math.Min(n, Math.Max((int)Math.Ceiling(options.FractionSupportToTrimTo * n), options.MinNumberToTrimTo));
            var window = Math.Min(options.TrimToWindowSize, width);
            var bestStart = 0;
            var bestScore = double.NegativeInfinity;
            for (var a = 0; a + window <= width; a++)
            {
                double score = 0;
                var supported = true;
                for (var c = a; c < a + window; c++)
                {
                    supported &= support[c] >= needed;
                    for (var b = 0; b < 4; b++)
                    {
                        score += Math.Abs(cwm[b, c]);
                    }
                }

                if (supported && score > bestScore)
                {
                    bestScore = score;
                    bestStart = a;
                }
            }

            start += bestStart;
            width = window;
        }

        // Re-anchor members so that column 0 is the frame start; drop members outside the sequence and duplicates.
        var seen = new HashSet<(int, int, bool)>();
        var kept = new List<Placement>();
        foreach (var m in members)
        {
            var moved = m with { Anchor = m.Reverse ? m.Anchor - start : m.Anchor + start };
            var (s, e) = moved.Interval(0, width);
            if (s >= 0 && e <= data.Length && seen.Add((moved.Example, s, moved.Reverse)))
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

    public bool PassesInformationFilter(ModiscoOptions options)
    {
        var w = Width;
        var ic = new double[w];
        for (var c = 0; c < w; c++)
        {
            ic[c] = 2;
            for (var b = 0; b < 4; b++)
            {
                if (Ppm[b, c] > 0)
                {
                    ic[c] += Ppm[b, c] * Math.Log2(Ppm[b, c]);
                }
            }
        }

        var window = Math.Min(options.InformationWindow, w);
        for (var a = 0; a + window <= w; a++)
        {
            if (ic.Skip(a).Take(window).Average() >= options.MinInformationContent)
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

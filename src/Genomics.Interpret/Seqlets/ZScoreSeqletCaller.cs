using Genomics.Models.IO;

namespace Genomics.Interpret.Seqlets;

/// <summary>Options of <see cref="ZScoreSeqletCaller"/> (DeepAllele's defaults).</summary>
public sealed record ZScoreSeqletOptions
{
    /// <summary>|z| a position must exceed to be significant (default 1.96).</summary>
    public double Cut { get; init; } = 1.96;

    /// <summary>Most consecutive failing positions tolerated inside a seqlet (default 1).</summary>
    public int MaxGap { get; init; } = 1;

    /// <summary>Fewest significant positions of a seqlet (default 4).</summary>
    public int MinSize { get; init; } = 4;

    /// <summary>Negate the second allele's map (ratio heads: a motif raising allele 1 vs allele 2 keeps one sign in both).</summary>
    public bool NegateSecondAllele { get; init; }

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public ZScoreSeqletOptions Validate()
    {
        if (!(Cut > 0) || double.IsInfinity(Cut))
        {
            throw new ArgumentOutOfRangeException(nameof(Cut), Cut, "The cut must be a positive z value.");
        }

        if (MaxGap < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGap), MaxGap, "The gap cannot be negative.");
        }

        if (MinSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSize), MinSize, "The minimum size must be at least 1.");
        }

        return this;
    }
}

/// <summary>A seqlet of one allele with DeepAllele's effect statistics.</summary>
/// <param name="Seqlet">Location; score = mean effect.</param>
/// <param name="Allele">0 for the first allele, 1 for the second.</param>
/// <param name="Sign">+1 or −1: the common sign of the significant positions.</param>
/// <param name="Matrix">z-scored attributions over the span (4, W), multiplied by the sign of the mean effect.</param>
/// <param name="MeanEffect">4 · mean(attribution ⊙ one-hot) over the span.</param>
/// <param name="MaxEffect">The per-position attribution (Σ over bases of attribution ⊙ one-hot) of largest magnitude.</param>
/// <param name="OtherMeanEffect">Mean effect over the same span in the other allele.</param>
/// <param name="OtherMaxEffect">Max effect over the same span in the other allele.</param>
/// <param name="Common">Whether a seqlet of the other allele overlaps this one.</param>
public sealed record AlleleSeqlet(Seqlet Seqlet, int Allele, int Sign, double[,] Matrix, double MeanEffect, double MaxEffect, double OtherMeanEffect, double OtherMaxEffect, bool Common)
{
    /// <summary>Mean effect minus the other allele's.</summary>
    public double DeltaMeanEffect => MeanEffect - OtherMeanEffect;

    /// <summary>Max effect minus the other allele's.</summary>
    public double DeltaMaxEffect => MaxEffect - OtherMaxEffect;

    /// <summary>DeepAllele's seqlet name: <c>seq_idx_&lt;i&gt;_&lt;label&gt;_&lt;start&gt;-&lt;end&gt;_&lt;allele&gt;_&lt;common|unique&gt;</c>.</summary>
    /// <param name="label">Sign label, e.g. "pos"/"neg".</param>
    public string Name(string label) =>
        FormattableString.Invariant($"seq_idx_{Seqlet.Example}_{label}_{Seqlet.Start}-{Seqlet.End}_{(Allele == 0 ? "A" : "B")}_{(Common ? "common" : "unique")}");
}

/// <summary>
/// DeepAllele's z-score seqlet extraction from attribution maps of two aligned alleles: attributions are scaled by the
/// global root-mean-square z = sqrt(mean(att²)) over both alleles; the reference attribution r = Σ_b att·x / z is scanned
/// for runs of |r| &gt; cut with a common sign, tolerating short gaps; runs with at least the minimum number of
/// significant positions become seqlets with mean/max effects in both alleles and a common/unique flag.
/// </summary>
/// <remarks>
/// The alleles are given in one (N, 4, L) layout, i.e. they share coordinates (substitutions). DeepAllele aligns the
/// other allele's span by global alignment to handle indels; with shared coordinates that alignment is the identity,
/// so it is not performed here.
/// </remarks>
public static class ZScoreSeqletCaller
{
    /// <summary>Extracts seqlets from both alleles.</summary>
    /// <param name="first">Attributions of allele 1 (N, 4, L).</param>
    /// <param name="firstOneHot">One-hot of allele 1 (N, 4, L).</param>
    /// <param name="second">Attributions of allele 2 (N, 4, L).</param>
    /// <param name="secondOneHot">One-hot of allele 2 (N, 4, L).</param>
    /// <param name="options">Cut, gap, size and sign handling (defaults when null).</param>
    public static IReadOnlyList<AlleleSeqlet> Call(float[,,] first, float[,,] firstOneHot, float[,,] second, float[,,] secondOneHot, ZScoreSeqletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(firstOneHot);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(secondOneHot);
        options ??= new ZScoreSeqletOptions();
        options.Validate();
        SeqletArrays.RequireSameShape(first, firstOneHot, nameof(firstOneHot));
        SeqletArrays.RequireSameShape(first, second, nameof(second));
        SeqletArrays.RequireSameShape(first, secondOneHot, nameof(secondOneHot));
        if (first.GetLength(1) != 4)
        {
            throw new ArgumentException("Expected 4 channels (A, C, G, T).", nameof(first));
        }

        var sign2 = options.NegateSecondAllele ? -1.0 : 1.0;
        double sumSquares = 0;
        foreach (var v in first)
        {
            sumSquares += (double)v * v;
        }

        foreach (var v in second)
        {
            sumSquares += (double)v * v;
        }

        if (!double.IsFinite(sumSquares))
        {
            throw new ArgumentException("Attributions must be finite.", nameof(first));
        }

        var z = Math.Sqrt(sumSquares / (2.0 * first.Length));
        if (z == 0)
        {
            return [];
        }

        int n = first.GetLength(0), l = first.GetLength(2);
        var result = new List<AlleleSeqlet>();
        for (var i = 0; i < n; i++)
        {
            var maps = new[] { (first, firstOneHot, 1.0), (second, secondOneHot, sign2) };
            var reference = maps.Select(m => Reference(m.Item1, m.Item2, m.Item3, i, z)).ToArray();
            var runs = reference.Select(r => Scan(r, options)).ToArray();
            for (var allele = 0; allele < 2; allele++)
            {
                var other = 1 - allele;
                foreach (var (start, end, sign) in runs[allele])
                {
                    var (map, oneHot, s) = maps[allele];
                    var (otherMap, otherOneHot, os) = maps[other];
                    var (mean, maxEffect) = Effects(map, oneHot, s, i, start, end);
                    var (otherMean, otherMax) = Effects(otherMap, otherOneHot, os, i, start, end);
                    var orientation = mean >= 0 ? 1.0 : -1.0;
                    var matrix = new double[4, end - start];
                    for (var b = 0; b < 4; b++)
                    {
                        for (var j = start; j < end; j++)
                        {
                            matrix[b, j - start] = s * map[i, b, j] / z * orientation;
                        }
                    }

                    var common = runs[other].Any(r => r.Start < end && start < r.End);
                    result.Add(new AlleleSeqlet(new Seqlet(i, start, end, Strand.Forward, mean), allele, sign, matrix, mean, maxEffect, otherMean, otherMax, common));
                }
            }
        }

        return result;
    }

    /// <summary>Runs of significant positions in one reference-attribution track: (start, end exclusive, sign).</summary>
    /// <param name="r">z-scaled per-position attribution.</param>
    /// <param name="options">Cut, gap and size.</param>
    public static IReadOnlyList<(int Start, int End, int Sign)> Scan(IReadOnlyList<double> r, ZScoreSeqletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        options ??= new ZScoreSeqletOptions();
        options.Validate();
        var runs = new List<(int, int, int)>();
        var c = options.Cut;
        var g = options.MaxGap;
        var i = 0;
        while (i < r.Count)
        {
            if (!(Math.Abs(r[i]) > c))
            {
                i++;
                continue;
            }

            var sign = r[i] > 0 ? 1 : -1;
            var last = i;
            var significant = 1;
            var gap = 0;
            for (var j = i + 1; j < r.Count; j++)
            {
                if (r[j] * sign > c)
                {
                    significant++;
                    last = j;
                    gap = 0;
                    continue;
                }

                // A failing position is tolerated without counting as a gap when its ±g neighbourhood is strong on average.
                double windowSum = 0;
                var count = 0;
                for (var k = Math.Max(0, j - g); k <= Math.Min(r.Count - 1, j + g); k++)
                {
                    windowSum += r[k];
                    count++;
                }

                if (windowSum / count * sign >= c)
                {
                    continue;
                }

                if (++gap > g)
                {
                    break;
                }
            }

            if (significant >= options.MinSize)
            {
                runs.Add((i, last + 1, sign));
            }

            i = last + 1;
        }

        return runs;
    }

    private static double[] Reference(float[,,] map, float[,,] oneHot, double sign, int i, double z)
    {
        var l = map.GetLength(2);
        var r = new double[l];
        for (var j = 0; j < l; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                r[j] += sign * map[i, b, j] * oneHot[i, b, j];
            }

            r[j] /= z;
        }

        return r;
    }

    private static (double Mean, double Max) Effects(float[,,] map, float[,,] oneHot, double sign, int i, int start, int end)
    {
        double sum = 0, max = 0;
        for (var j = start; j < end; j++)
        {
            double position = 0;
            for (var b = 0; b < 4; b++)
            {
                position += sign * map[i, b, j] * oneHot[i, b, j];
            }

            sum += position;
            if (Math.Abs(position) > Math.Abs(max))
            {
                max = position;
            }
        }

        // 4 · mean over the (4 × W) entries of att ⊙ x = mean per position of Σ_b att·x.
        return (sum / (end - start), max);
    }
}

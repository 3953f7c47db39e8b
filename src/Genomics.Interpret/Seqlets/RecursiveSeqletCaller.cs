using Genomics.Models.IO;

namespace Genomics.Interpret.Seqlets;

/// <summary>Options of <see cref="RecursiveSeqletCaller"/>.</summary>
public sealed record RecursiveSeqletOptions
{
    /// <summary>p-value threshold every sub-span must pass (default 0.01).</summary>
    public double Threshold { get; init; } = 0.01;

    /// <summary>Shortest seqlet (default 4).</summary>
    public int MinLength { get; init; } = 4;

    /// <summary>Longest seqlet (default 25).</summary>
    public int MaxLength { get; init; } = 25;

    /// <summary>Positions added on each side of a called span (default 0).</summary>
    public int AdditionalFlank { get; init; }

    /// <summary>Number of bins of the discretised score distribution (default 1000).</summary>
    public int Bins { get; init; } = 1000;

    internal void Validate()
    {
        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in (0, 1).");
        }

        if (MinLength < 1 || MaxLength < MinLength || MaxLength > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "Expected 1 ≤ min length ≤ max length ≤ 200.");
        }

        if (AdditionalFlank < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AdditionalFlank), AdditionalFlank, "The flank cannot be negative.");
        }

        if (Bins is < 10 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Bins), Bins, "Use 10…100,000 bins.");
        }
    }
}

/// <summary>
/// Recursive seqlet calling (tangermeme's <c>recursive_seqlets</c>): the per-position scores are discretised, the null
/// distribution of a span sum of each length is the convolution of the single-position distribution, and a span is a
/// seqlet when its p-value and the p-values of all its prefixes and suffixes pass the threshold. Spans are taken from
/// the longest length down, best p-value first, without overlap. Only positive seqlets are called; call on negated
/// scores for negative ones.
/// </summary>
/// <remarks>
/// Differences from the Python function, on purpose: the null of length-1 spans is computed (the original leaves it
/// unset), and a called seqlet blocks every span overlapping it (the original blocks only spans starting inside it).
/// </remarks>
public static class RecursiveSeqletCaller
{
    /// <summary>Calls positive seqlets on per-position scores (N, L).</summary>
    /// <param name="scores">Per-position attribution, shape (N, L).</param>
    /// <param name="options">Threshold and lengths (defaults when null).</param>
    /// <returns>Seqlets with score = attribution sum over the span (flanks included).</returns>
    public static IReadOnlyList<Seqlet> Call(double[,] scores, RecursiveSeqletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        options ??= new RecursiveSeqletOptions();
        options.Validate();
        SeqletArrays.RequireFinite(scores, nameof(scores));
        int n = scores.GetLength(0), l = scores.GetLength(1), maxLen = Math.Min(options.MaxLength, l), bins = options.Bins;
        if (n == 0 || l < options.MinLength)
        {
            throw new ArgumentException($"Need at least one example of length ≥ {options.MinLength}.", nameof(scores));
        }

        double min = double.MaxValue, max = double.MinValue;
        foreach (var v in scores)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var width = max > min ? (max - min) / (bins - 1) : 1.0;
        var single = new double[bins];
        foreach (var v in scores)
        {
            single[Math.Min((int)Math.Floor((v - min) / width), bins - 1)] += 1.0 / (n * l);
        }

        // survival[k][b] = P(sum of k positions falls in a bin above b).
        var survival = new double[maxLen + 1][];
        var density = single;
        for (var k = 1; k <= maxLen; k++)
        {
            if (k > 1)
            {
                var next = new double[bins * k];
                for (var i = 0; i < density.Length; i++)
                {
                    if (density[i] == 0)
                    {
                        continue;
                    }

                    for (var j = 0; j < bins; j++)
                    {
                        next[i + j] += density[i] * single[j];
                    }
                }

                density = next;
            }

            var s = new double[density.Length];
            var tail = 0.0;
            for (var b = density.Length - 1; b >= 0; b--)
            {
                s[b] = Math.Max(tail, 0);
                tail += density[b];
            }

            survival[k] = s;
        }

        var seqlets = new List<Seqlet>();
        for (var i = 0; i < n; i++)
        {
            var prefix = new double[l + 1];
            for (var j = 0; j < l; j++)
            {
                prefix[j + 1] = prefix[j] + scores[i, j];
            }

            // p[k, s]: p-value of the span of length k at s, maximised over its prefixes (lengths ≥ min).
            var p = new double[maxLen + 1, l];
            for (var k = 0; k <= maxLen; k++)
            {
                for (var s = 0; s < l; s++)
                {
                    p[k, s] = k < options.MinLength ? 0 : 1;
                }
            }

            for (var k = options.MinLength; k <= maxLen; k++)
            {
                for (var s = 0; s + k <= l; s++)
                {
                    var bin = (int)Math.Floor((prefix[s + k] - prefix[s] - min * k) / width);
                    var pv = survival[k][Math.Clamp(bin, 0, survival[k].Length - 1)];
                    p[k, s] = Math.Max(pv, p[k - 1, s]);
                }
            }

            var used = new bool[l];
            for (var k = maxLen; k >= options.MinLength; k--)
            {
                var candidates = Enumerable.Range(0, l - k + 1).Where(s => p[k, s] < options.Threshold).OrderBy(s => p[k, s]).ThenBy(s => s);
                foreach (var s in candidates)
                {
                    var free = true;
                    for (var j = s; j < s + k && free; j++)
                    {
                        free = !used[j];
                    }

                    var suffixesPass = true;
                    for (var d = 1; d < k && suffixesPass; d++)
                    {
                        suffixesPass = k - d < options.MinLength || p[k - d, s + d] < options.Threshold;
                    }

                    if (!free || !suffixesPass)
                    {
                        continue;
                    }

                    for (var j = s; j < s + k; j++)
                    {
                        used[j] = true;
                    }

                    var start = Math.Max(s - options.AdditionalFlank, 0);
                    var end = Math.Min(s + k + options.AdditionalFlank, l);
                    seqlets.Add(new Seqlet(i, start, end, Strand.Forward, prefix[end] - prefix[start]));
                }
            }
        }

        return seqlets;
    }
}

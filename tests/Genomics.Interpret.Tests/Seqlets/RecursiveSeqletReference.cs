using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;

namespace Genomics.Interpret.Tests.Seqlets;

/// <summary>
/// A plain implementation of <see cref="RecursiveSeqletCaller.Call"/> kept as the specification the optimised caller
/// must reproduce exactly: full convolutions, every (length, start) p-value in a table, candidates sorted per length.
/// </summary>
internal static class RecursiveSeqletReference
{
    public static List<Seqlet> Call(double[,] scores, RecursiveSeqletOptions options)
    {
        int n = scores.GetLength(0), l = scores.GetLength(1), maxLen = Math.Min(options.MaxLength, l), bins = options.Bins;
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

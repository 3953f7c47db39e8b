using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public RecursiveSeqletOptions Validate()
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

        return this;
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

        var survival = Survival(single, maxLen);
        int minLength = options.MinLength, flank = options.AdditionalFlank;
        var threshold = options.Threshold;

        // Per example, reused: prefix sums; longest[s] = the longest length k whose span at s passes, with all its
        // prefixes of length ≥ min (the p-value below is maximised over them, so the lengths that pass are
        // min..longest[s]); p[k * l + s] = that p-value, written only for the lengths that pass.
        var prefix = new double[l + 1];
        var longest = new int[l];
        var p = new double[(maxLen + 1) * l];
        var used = new bool[l];
        var candidates = new List<Candidate>();
        var seqlets = new List<Seqlet>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < l; j++)
            {
                prefix[j + 1] = prefix[j] + scores[i, j];
            }

            for (var s = 0; s < l; s++)
            {
                var pk = 0.0;
                var last = minLength - 1;
                for (var k = minLength; k <= maxLen && s + k <= l; k++)
                {
                    var bin = (int)Math.Floor((prefix[s + k] - prefix[s] - (min * k)) / width);
                    var tail = survival[k];
                    pk = Math.Max(tail[Math.Clamp(bin, 0, tail.Length - 1)], pk);
                    if (!(pk < threshold))
                    {
                        break;
                    }

                    p[(k * l) + s] = pk;
                    last = k;
                }

                longest[s] = last;
            }

            Array.Clear(used);
            for (var k = maxLen; k >= minLength; k--)
            {
                // Spans of length k that pass, whose suffixes of length ≥ min pass too, and that no longer seqlet took.
                candidates.Clear();
                for (var s = 0; s + k <= l; s++)
                {
                    if (longest[s] < k || used[s] || used[s + k - 1])
                    {
                        continue;
                    }

                    var suffixesPass = true;
                    for (var d = 1; d <= k - minLength && suffixesPass; d++)
                    {
                        suffixesPass = longest[s + d] >= k - d;
                    }

                    if (suffixesPass)
                    {
                        candidates.Add(new Candidate(p[(k * l) + s], s));
                    }
                }

                // Best p-value first, ties by position.
                candidates.Sort();
                foreach (var (_, s) in candidates)
                {
                    var free = true;
                    for (var j = s; j < s + k && free; j++)
                    {
                        free = !used[j];
                    }

                    if (!free)
                    {
                        continue;
                    }

                    Array.Fill(used, true, s, k);
                    var start = Math.Max(s - flank, 0);
                    var end = Math.Min(s + k + flank, l);
                    seqlets.Add(new Seqlet(i, start, end, Strand.Forward, prefix[end] - prefix[start]));
                }
            }
        }

        return seqlets;
    }

    /// <summary>
    /// survival[k][b] = P(sum of k positions falls in a bin above b), for k = 1..maxLen, from the single-position
    /// bin probabilities; the density of k positions has bins × k entries (bins for k = 1).
    /// </summary>
    private static double[][] Survival(double[] single, int maxLen)
    {
        var bins = single.Length;
        var lanes = Vector<double>.Count;
        const int Blocks = 4;
        var group = Blocks * lanes;

        // single with `group` zeros on either side, so that a vector may read past its ends.
        var padded = new double[bins + (2 * group)];
        single.CopyTo(padded, group);
        var lo = Array.FindIndex(single, v => v != 0);
        var hi = Array.FindLastIndex(single, v => v != 0);
        var outputs = new double[(bins * maxLen) + group];
        var survival = new double[maxLen + 1][];
        var density = single;
        for (var k = 1; k <= maxLen; k++)
        {
            if (k > 1)
            {
                // next[m] = Σ over i in increasing order of density[i] × single[m − i], added one term at a time onto
                // 0 as the plain loop `next[i + j] += density[i] × single[j]` does (terms with a zero factor are +0 and
                // change nothing), so every sum is rounded the same way. Vector lanes are consecutive outputs.
                var first = Array.FindIndex(density, v => v != 0);
                var last = Array.FindLastIndex(density, v => v != 0);
                var next = new double[bins * k];
                Array.Clear(outputs);
                ref var densityStart = ref MemoryMarshal.GetArrayDataReference(density);
                ref var singleStart = ref MemoryMarshal.GetArrayDataReference(padded);
                for (var m = first + lo - (first + lo) % group; m <= last + hi; m += group)
                {
                    var from = Math.Max(first, m - hi);
                    var to = Math.Min(last, m + group - 1 - lo);
                    Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    for (var i = from; i <= to; i++)
                    {
                        var d = new Vector<double>(Unsafe.Add(ref densityStart, i));
                        ref var x = ref Unsafe.Add(ref singleStart, group + m - i);
                        a0 += d * Vector.LoadUnsafe(ref x);
                        a1 += d * Vector.LoadUnsafe(ref x, (nuint)lanes);
                        a2 += d * Vector.LoadUnsafe(ref x, (nuint)(2 * lanes));
                        a3 += d * Vector.LoadUnsafe(ref x, (nuint)(3 * lanes));
                    }

                    ref var o = ref outputs[m];
                    a0.StoreUnsafe(ref o);
                    a1.StoreUnsafe(ref o, (nuint)lanes);
                    a2.StoreUnsafe(ref o, (nuint)(2 * lanes));
                    a3.StoreUnsafe(ref o, (nuint)(3 * lanes));
                }

                outputs.AsSpan(0, next.Length).CopyTo(next);
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

        return survival;
    }

    /// <summary>A span start and its p-value; ordered by p-value, then start.</summary>
    private readonly record struct Candidate(double P, int Start) : IComparable<Candidate>
    {
        public int CompareTo(Candidate other)
        {
            var byP = P.CompareTo(other.P);
            return byP != 0 ? byP : Start.CompareTo(other.Start);
        }
    }
}

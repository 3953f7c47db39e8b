using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// The inner loops of <see cref="TomtomComparer"/>. Each computes exactly what the straightforward loop it replaces
/// computes — the same floating-point operations on every element, in the same order — only with fewer passes over
/// memory, vector instructions where the elements are independent, and work skipped where it provably adds zeros.
/// </summary>
internal static class TomtomKernels
{
    /// <summary>Number of buckets of the counting pass of <see cref="Median"/>.</summary>
    public const int MedianBuckets = 4096;

    /// <summary>
    /// Tomtom's median of <paramref name="values"/>: the mean of the order statistics at ⌊n/2⌋−1 and ⌈n/2⌉−1 (both
    /// clamped to ≥ 0). <paramref name="min"/> and <paramref name="max"/> are the smallest and largest value. The
    /// values are counted into buckets of equal width (a monotone map, so buckets are ordered like their values);
    /// only the one or two buckets that hold the two order statistics are then sorted.
    /// </summary>
    /// <param name="values">The values (finite).</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    /// <param name="buckets">Scratch for each value's bucket, at least as long as <paramref name="values"/>.</param>
    /// <param name="counts">Scratch of at least <see cref="MedianBuckets"/> counts.</param>
    /// <param name="candidates">Scratch, grown when the selected buckets do not fit.</param>
    public static double Median(ReadOnlySpan<double> values, double min, double max, Span<ushort> buckets, Span<int> counts, ref double[] candidates)
    {
        var n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        if (buckets.Length < n || counts.Length < MedianBuckets)
        {
            throw new ArgumentException("The scratch spans are too short.", nameof(buckets));
        }

        var index1 = Math.Max(0, (int)Math.Floor(0.5 * n) - 1);
        var index2 = Math.Max(index1, (int)Math.Ceiling(0.5 * n) - 1);
        if (!(max > min))
        {
            return (min + min) / 2.0;
        }

        var counted = counts[..MedianBuckets];
        counted.Clear();
        var factor = MedianBuckets / (max - min);
        const int last = MedianBuckets - 1;
        for (var j = 0; j < n; j++)
        {
            var b = Math.Min(last, (int)((values[j] - min) * factor));
            buckets[j] = (ushort)b;
            counted[b]++;
        }

        // Buckets holding the order statistics index1 and index2, and how many values lie in earlier buckets.
        int bucket1 = -1, bucket2 = -1, before1 = 0;
        var cumulative = 0;
        for (var b = 0; b < MedianBuckets; b++)
        {
            var next = cumulative + counted[b];
            if (bucket1 < 0 && index1 < next)
            {
                bucket1 = b;
                before1 = cumulative;
            }

            if (index2 < next)
            {
                bucket2 = b;
                break;
            }

            cumulative = next;
        }

        // Buckets strictly between the two are empty, so the values of bucket1..bucket2 are ranks before1, before1 + 1, ….
        var size = 0;
        for (var b = bucket1; b <= bucket2; b++)
        {
            size += counted[b];
        }

        if (candidates.Length < size)
        {
            candidates = new double[Math.Max(size, candidates.Length * 2)];
        }

        var taken = 0;
        var low = (ushort)bucket1;
        var span = (ushort)(bucket2 - bucket1);
        for (var j = 0; j < n; j++)
        {
            if ((ushort)(buckets[j] - low) <= span)
            {
                candidates[taken++] = values[j];
            }
        }

        var selected = candidates.AsSpan(0, taken);
        selected.Sort();
        var lower = selected[index1 - before1];
        var upper = selected[index2 - before1];
        return (lower + upper) / 2.0;
    }

    /// <summary>
    /// One step of the span null: <c>next[k] = Σₜ weights[t] · current[k − bins[t]]</c> over t in ascending order (terms
    /// with k − bins[t] outside <paramref name="current"/> left out), summed from 0 — the same sums, term by term, as
    /// adding weights[t] · current shifted by bins[t] to a zeroed array for each t in turn.
    /// </summary>
    /// <param name="current">The distribution so far.</param>
    /// <param name="bins">Occupied bins of the next column, ascending, each in 0..<paramref name="maxBin"/>.</param>
    /// <param name="weights">Their probabilities (non-negative).</param>
    /// <param name="maxBin">The largest possible bin.</param>
    /// <param name="padded">Scratch of at least <c>current.Length + 2 · maxBin + 16</c> values.</param>
    /// <param name="next">Receives <c>current.Length + maxBin</c> values.</param>
    public static void Convolve(ReadOnlySpan<double> current, ReadOnlySpan<int> bins, ReadOnlySpan<double> weights, int maxBin, Span<double> padded, Span<double> next)
    {
        var length = current.Length + maxBin;
        const int block = 4 * 4;
        if (padded.Length < current.Length + (2 * maxBin) + block || next.Length < length || weights.Length < bins.Length)
        {
            throw new ArgumentException("The scratch or output span is too short.", nameof(padded));
        }

        for (var t = 0; t < bins.Length; t++)
        {
            if ((uint)bins[t] > (uint)maxBin || (t > 0 && bins[t] <= bins[t - 1]))
            {
                throw new ArgumentException("Bins must ascend within 0..maxBin.", nameof(bins));
            }
        }

        // padded[maxBin + j] = current[j], zero elsewhere: out-of-range terms become + w·0, which leaves a sum of
        // non-negative terms unchanged.
        var used = current.Length + (2 * maxBin) + block;
        padded[..maxBin].Clear();
        current.CopyTo(padded[maxBin..]);
        padded[(maxBin + current.Length)..used].Clear();

        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(padded);
            ref var target = ref MemoryMarshal.GetReference(next);
            for (; k <= length - block; k += block)
            {
                var acc0 = Vector256<double>.Zero;
                var acc1 = Vector256<double>.Zero;
                var acc2 = Vector256<double>.Zero;
                var acc3 = Vector256<double>.Zero;
                for (var t = 0; t < bins.Length; t++)
                {
                    var w = Vector256.Create(weights[t]);
                    var at = (nuint)(maxBin + k - bins[t]);
                    acc0 += w * Vector256.LoadUnsafe(ref source, at);
                    acc1 += w * Vector256.LoadUnsafe(ref source, at + 4);
                    acc2 += w * Vector256.LoadUnsafe(ref source, at + 8);
                    acc3 += w * Vector256.LoadUnsafe(ref source, at + 12);
                }

                var to = (nuint)k;
                acc0.StoreUnsafe(ref target, to);
                acc1.StoreUnsafe(ref target, to + 4);
                acc2.StoreUnsafe(ref target, to + 8);
                acc3.StoreUnsafe(ref target, to + 12);
            }
        }

        for (; k < length; k++)
        {
            var sum = 0.0;
            for (var t = 0; t < bins.Length; t++)
            {
                sum += weights[t] * padded[maxBin + k - bins[t]];
            }

            next[k] = sum;
        }
    }

    /// <summary>
    /// Folds one more alignment score X into the distribution of the maximum M, once or twice (one fold per target
    /// orientation): P(max' = k) = P(X = k) P(M &lt; k) + P(M = k) P(X &lt; k) + P(X = k) P(M = k), computed in that
    /// order with both running sums taken from 0 upwards — exactly as a pass over every k, but only over the range
    /// where a term can be non-zero.
    /// </summary>
    /// <param name="pmf">M on entry (zero outside <paramref name="lo"/>..<paramref name="hi"/>); M after the folds on return (zero outside the returned range).</param>
    /// <param name="lo">First index of M that may be non-zero; updated.</param>
    /// <param name="hi">Last index of M that may be non-zero; updated.</param>
    /// <param name="x">The span distribution; P(X = shift + t) = x[t].</param>
    /// <param name="below">Exclusive running sums of <paramref name="x"/> from 0: below[t] = x[0] + … + x[t − 1].</param>
    /// <param name="total">below[^1] + x[^1], summed in the same way.</param>
    /// <param name="shift">Where x starts in M's coordinates.</param>
    /// <param name="first">First index of x that may be non-zero.</param>
    /// <param name="last">Last index of x that may be non-zero.</param>
    /// <param name="folds">1 or 2.</param>
    public static void FoldMaximum(Span<double> pmf, ref int lo, ref int hi, ReadOnlySpan<double> x, ReadOnlySpan<double> below, double total, int shift, int first, int last, int folds)
    {
        if (folds is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "One or two folds.");
        }

        if (first < 0 || last < first || last >= x.Length || below.Length < x.Length || shift < 0 || shift + x.Length > pmf.Length || lo < 0 || hi < lo || hi >= pmf.Length)
        {
            throw new ArgumentException("The span does not fit the distribution.", nameof(x));
        }

        var xlo = shift + first;
        var xhi = shift + last;

        // Below max(lo, xlo) every fold gives 0 (one factor of each term is 0); the first fold's running sum of M
        // still collects M there, the second's stays 0.
        var start = Math.Max(lo, xlo);
        var m1 = 0.0;
        for (var k = lo; k < start; k++)
        {
            m1 += pmf[k];
            pmf[k] = 0;
        }

        var end = Math.Max(hi, xhi);
        if (folds == 2)
        {
            var m2 = 0.0;
            for (var k = start; k <= xhi; k++)
            {
                var xk = x[k - shift];
                var bk = below[k - shift];
                var m = pmf[k];
                var s1 = (xk * m1) + (m * bk) + (xk * m);
                m1 += m;
                pmf[k] = (xk * m2) + (s1 * bk) + (xk * s1);
                m2 += s1;
            }

            // Above X's support P(X < k) is the total and P(X = k) is 0: each fold multiplies M by the total.
            for (var k = xhi + 1; k <= end; k++)
            {
                pmf[k] = pmf[k] * total * total;
            }
        }
        else
        {
            for (var k = start; k <= xhi; k++)
            {
                var xk = x[k - shift];
                var m = pmf[k];
                pmf[k] = (xk * m1) + (m * below[k - shift]) + (xk * m);
                m1 += m;
            }

            for (var k = xhi + 1; k <= end; k++)
            {
                pmf[k] = pmf[k] * total;
            }
        }

        lo = start;
        hi = end;
    }

    /// <summary>
    /// Sums of integer scores along the diagonals of a block of <paramref name="width"/> target columns, each holding the
    /// <paramref name="queryWidth"/> query columns' scores in reverse order (<c>block[c · queryWidth + (queryWidth − 1 − i)]</c>
    /// is query column i against target column c): <c>sums[d + queryWidth − 1]</c> receives the sum over i of query column
    /// i against target column i + d.
    /// </summary>
    public static void DiagonalSums(ReadOnlySpan<int> block, int queryWidth, int width, Span<int> sums)
    {
        var length = queryWidth + width - 1;
        if (queryWidth < 1 || width < 1 || block.Length < queryWidth * width || sums.Length < length)
        {
            throw new ArgumentException("The block or the sums do not fit the widths.", nameof(block));
        }

        sums[..length].Clear();
        for (var c = 0; c < width; c++)
        {
            var column = block.Slice(c * queryWidth, queryWidth);
            var into = sums.Slice(c, queryWidth);
            var r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; r <= queryWidth - Vector256<int>.Count; r += Vector256<int>.Count)
                {
                    (Vector256.Create(into[r..]) + Vector256.Create(column[r..])).CopyTo(into[r..]);
                }
            }

            for (; r < queryWidth; r++)
            {
                into[r] += column[r];
            }
        }
    }
}

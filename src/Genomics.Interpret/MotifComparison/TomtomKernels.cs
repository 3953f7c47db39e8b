using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// The inner loops of <see cref="TomtomComparer"/>. Each computes exactly what the straightforward loop it replaces
/// computes — the same floating-point operations on every element, in the same order — only with fewer passes over
/// memory, vector instructions where the elements are independent, and work skipped where it provably adds zeros.
/// They are compiled fully optimised from the first call (a comparison may be over before tiered compilation
/// would promote them).
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Median(ReadOnlySpan<double> values, double min, double max, Span<int> buckets, Span<int> counts, ref double[] candidates)
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

        // bucket(v) = min(last, ⌊(v − min) · factor⌋) is non-decreasing in v. A range too narrow for a finite factor
        // puts everything in bucket 0 (then all values are sorted).
        var factor = MedianBuckets / (max - min);
        if (!double.IsFinite(factor))
        {
            factor = 0;
        }

        const int last = MedianBuckets - 1;
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vmin = Vector256.Create(min);
            var vfactor = Vector256.Create(factor);
            var vlast = Vector256.Create(last);
            ref var source = ref MemoryMarshal.GetReference(values);
            ref var target = ref MemoryMarshal.GetReference(buckets);
            for (; j <= n - 8; j += 8)
            {
                // In 0..~MedianBuckets, so the native truncating conversion is exact.
                var low = Vector256.ConvertToInt64Native((Vector256.LoadUnsafe(ref source, (nuint)j) - vmin) * vfactor);
                var high = Vector256.ConvertToInt64Native((Vector256.LoadUnsafe(ref source, (nuint)j + 4) - vmin) * vfactor);
                Vector256.Min(Vector256.Narrow(low, high), vlast).StoreUnsafe(ref target, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            buckets[j] = Math.Min(last, (int)((values[j] - min) * factor));
        }

        var counted = counts[..MedianBuckets];
        counted.Clear();
        foreach (var b in buckets[..n])
        {
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
        var width = (uint)(bucket2 - bucket1);
        j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vlow = Vector256.Create(bucket1);
            var vwidth = Vector256.Create(width);
            ref var source = ref MemoryMarshal.GetReference(buckets);
            for (; j <= n - 8; j += 8)
            {
                var inside = Vector256.LessThanOrEqual((Vector256.LoadUnsafe(ref source, (nuint)j) - vlow).AsUInt32(), vwidth);
                if (inside != Vector256<uint>.Zero)
                {
                    for (var l = j; l < j + 8; l++)
                    {
                        if ((uint)(buckets[l] - bucket1) <= width)
                        {
                            candidates[taken++] = values[l];
                        }
                    }
                }
            }
        }

        for (; j < n; j++)
        {
            if ((uint)(buckets[j] - bucket1) <= width)
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
    /// Integer scores of one query column: <c>s = min(bins, ⌊((v − median − offset) · scale) + 0.5⌋)</c> for every score v
    /// (all of them ≥ median + offset), into <paramref name="scaled"/>, each also counted in <paramref name="histogram"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleRow(ReadOnlySpan<double> row, double median, double offset, double scale, int bins, Span<int> scaled, Span<int> histogram)
    {
        var n = row.Length;
        if (bins is < 1 or >= 128)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Between 1 and 127 bins.");
        }

        if (scaled.Length < n || histogram.Length < bins + 1)
        {
            throw new ArgumentException("The outputs are too short.", nameof(scaled));
        }

        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vmedian = Vector256.Create(median);
            var voffset = Vector256.Create(offset);
            var vscale = Vector256.Create(scale);
            var vhalf = Vector256.Create(0.5);
            var vbins = Vector256.Create((double)bins);
            ref var source = ref MemoryMarshal.GetReference(row);
            ref var target = ref MemoryMarshal.GetReference(scaled);
            for (; j <= n - 8; j += 8)
            {
                // Non-negative, finite and integral: the native minimum and conversion are exact.
                var low = Vector256.MinNative(vbins, Vector256.Floor(((Vector256.LoadUnsafe(ref source, (nuint)j) - vmedian - voffset) * vscale) + vhalf));
                var high = Vector256.MinNative(vbins, Vector256.Floor(((Vector256.LoadUnsafe(ref source, (nuint)j + 4) - vmedian - voffset) * vscale) + vhalf));
                Vector256.Narrow(Vector256.ConvertToInt64Native(low), Vector256.ConvertToInt64Native(high)).StoreUnsafe(ref target, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            scaled[j] = (int)Math.Min(bins, Math.Floor(((row[j] - median - offset) * scale) + 0.5));
        }

        // Four interleaved counters, so that runs of one bin do not wait on each other.
        Span<int> partial = stackalloc int[4 * 128];
        partial.Clear();
        j = 0;
        for (; j <= n - 4; j += 4)
        {
            partial[scaled[j]]++;
            partial[128 + scaled[j + 1]]++;
            partial[256 + scaled[j + 2]]++;
            partial[384 + scaled[j + 3]]++;
        }

        for (; j < n; j++)
        {
            partial[scaled[j]]++;
        }

        for (var b = 0; b <= bins; b++)
        {
            histogram[b] += partial[b] + partial[128 + b] + partial[256 + b] + partial[384 + b];
        }
    }

    /// <summary>
    /// One step of the span null: <c>next[k] = Σₜ weights[t] · current[k − bins[t]]</c> over t in ascending order (terms
    /// with k − bins[t] outside <paramref name="current"/> left out), summed from 0 — the same sums, term by term, as
    /// adding weights[t] · current shifted by bins[t] to a zeroed array for each t in turn. Terms where current is 0
    /// (outside <paramref name="first"/>..<paramref name="last"/>) add +0 to a sum of non-negative terms, which leaves
    /// it unchanged, so they are skipped where a whole block of outputs allows. Along the way the exclusive running sums
    /// of next (from 0, in index order) go to <paramref name="below"/>; the serial additions overlap the block products.
    /// </summary>
    /// <param name="current">The distribution so far (non-negative).</param>
    /// <param name="first">First index of <paramref name="current"/> that may be non-zero.</param>
    /// <param name="last">Last index of <paramref name="current"/> that may be non-zero.</param>
    /// <param name="bins">Occupied bins of the next column, ascending, each in 0..<paramref name="maxBin"/>.</param>
    /// <param name="weights">Their probabilities (non-negative).</param>
    /// <param name="maxBin">The largest possible bin.</param>
    /// <param name="padded">Scratch of at least <c>current.Length + 2 · maxBin + 16</c> values.</param>
    /// <param name="next">Receives <c>current.Length + maxBin</c> values.</param>
    /// <param name="below">Receives <c>below[k] = next[0] + … + next[k − 1]</c> for each k of next.</param>
    /// <returns>The sum of all of next (continuing the running sums), and the first and last non-zero index of next (0 and 0 when none).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Total, int First, int Last) Convolve(ReadOnlySpan<double> current, int first, int last, ReadOnlySpan<int> bins, ReadOnlySpan<double> weights, int maxBin, Span<double> padded, Span<double> next, Span<double> below)
    {
        var length = current.Length + maxBin;
        const int block = 4 * 4;
        if (padded.Length < current.Length + (2 * maxBin) + block || next.Length < length || below.Length < length || weights.Length < bins.Length)
        {
            throw new ArgumentException("The scratch or output span is too short.", nameof(padded));
        }

        if (first < 0 || last < first || last >= current.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, "The non-zero range must lie within the distribution.");
        }

        for (var t = 0; t < bins.Length; t++)
        {
            if ((uint)bins[t] > (uint)maxBin || (t > 0 && bins[t] <= bins[t - 1]))
            {
                throw new ArgumentException("Bins must ascend within 0..maxBin.", nameof(bins));
            }
        }

        // padded[maxBin + j] = current[j], zero elsewhere: out-of-range terms become + w·0.
        var used = current.Length + (2 * maxBin) + block;
        padded[..maxBin].Clear();
        current.CopyTo(padded[maxBin..]);
        padded[(maxBin + current.Length)..used].Clear();

        // For outputs k..k + block − 1, the terms that can be non-zero have first ≤ k + lane − bins[t] ≤ last, i.e.
        // bins[t] in [k − last, k + block − 1 − first]; as k grows both ends of that t range only move up.
        var k = 0;
        int from = 0, to = 0;
        var sum = 0.0;
        int nextFirst = -1, nextLast = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(padded);
            ref var target = ref MemoryMarshal.GetReference(next);
            for (; k <= length - block; k += block)
            {
                while (from < bins.Length && bins[from] < k - last)
                {
                    from++;
                }

                while (to < bins.Length && bins[to] <= k + block - 1 - first)
                {
                    to++;
                }

                var acc0 = Vector256<double>.Zero;
                var acc1 = Vector256<double>.Zero;
                var acc2 = Vector256<double>.Zero;
                var acc3 = Vector256<double>.Zero;
                for (var t = from; t < to; t++)
                {
                    var w = Vector256.Create(weights[t]);
                    var at = (nuint)(maxBin + k - bins[t]);
                    acc0 += w * Vector256.LoadUnsafe(ref source, at);
                    acc1 += w * Vector256.LoadUnsafe(ref source, at + 4);
                    acc2 += w * Vector256.LoadUnsafe(ref source, at + 8);
                    acc3 += w * Vector256.LoadUnsafe(ref source, at + 12);
                }

                var into = (nuint)k;
                acc0.StoreUnsafe(ref target, into);
                acc1.StoreUnsafe(ref target, into + 4);
                acc2.StoreUnsafe(ref target, into + 8);
                acc3.StoreUnsafe(ref target, into + 12);
                var nonZero = (~Vector256.Equals(acc0, Vector256<double>.Zero)).ExtractMostSignificantBits()
                    | ((~Vector256.Equals(acc1, Vector256<double>.Zero)).ExtractMostSignificantBits() << 4)
                    | ((~Vector256.Equals(acc2, Vector256<double>.Zero)).ExtractMostSignificantBits() << 8)
                    | ((~Vector256.Equals(acc3, Vector256<double>.Zero)).ExtractMostSignificantBits() << 12);
                if (nonZero != 0)
                {
                    if (nextFirst < 0)
                    {
                        nextFirst = k + System.Numerics.BitOperations.TrailingZeroCount(nonZero);
                    }

                    nextLast = k + 31 - System.Numerics.BitOperations.LeadingZeroCount(nonZero);
                }

                for (var l = k; l < k + block; l++)
                {
                    below[l] = sum;
                    sum += next[l];
                }
            }
        }

        for (; k < length; k++)
        {
            var value = 0.0;
            for (var t = 0; t < bins.Length; t++)
            {
                var j = k - bins[t];
                if (j >= first && j <= last)
                {
                    value += weights[t] * current[j];
                }
            }

            next[k] = value;
            below[k] = sum;
            sum += value;
            if (value != 0)
            {
                nextLast = k;
                if (nextFirst < 0)
                {
                    nextFirst = k;
                }
            }
        }

        return (sum, Math.Max(0, nextFirst), nextLast);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// Sums of integer scores along the diagonals of the block of target columns <paramref name="columnStart"/> ..
    /// <paramref name="columnStart"/> + <paramref name="width"/> − 1 of a row-major matrix (<c>scaled[i · stride + c]</c>
    /// is query column i against target column c): <c>sums[d + queryWidth − 1]</c> receives the sum over i of query
    /// column i against target column columnStart + i + d.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DiagonalSums(ReadOnlySpan<int> scaled, int stride, int queryWidth, int columnStart, int width, Span<int> sums)
    {
        var length = queryWidth + width - 1;
        if (queryWidth < 1 || width < 1 || columnStart < 0 || columnStart + width > stride || scaled.Length < ((queryWidth - 1) * stride) + columnStart + width || sums.Length < length)
        {
            throw new ArgumentException("The block or the sums do not fit the widths.", nameof(scaled));
        }

        sums[..length].Clear();
        for (var i = 0; i < queryWidth; i++)
        {
            var row = scaled.Slice((i * stride) + columnStart, width);
            var into = sums.Slice(queryWidth - 1 - i, width);
            var c = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref var source = ref MemoryMarshal.GetReference(row);
                ref var target = ref MemoryMarshal.GetReference(into);
                for (; c <= width - Vector256<int>.Count; c += Vector256<int>.Count)
                {
                    (Vector256.LoadUnsafe(ref target, (nuint)c) + Vector256.LoadUnsafe(ref source, (nuint)c)).StoreUnsafe(ref target, (nuint)c);
                }
            }

            for (; c < width; c++)
            {
                into[c] += row[c];
            }
        }
    }
}

using Genomics.Interpret.MotifComparison;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.MotifComparison;

/// <summary>Each kernel of <see cref="TomtomKernels"/> equals (bit for bit) the straightforward loop it replaces, on random input.</summary>
public sealed class TomtomKernelTests
{
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(203)]
    public void PearsonAndEuclideanRows_EqualTheScalarFormulas(int n)
    {
        var random = new Random(n);
        var t = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.25).ToArray()).ToArray();
        var norms = Enumerable.Range(0, n).Select(c => c % 5 == 0 ? 0 : random.NextDouble()).ToArray();
        var (c0, c1, c2, c3, norm) = (0.3, -0.1, -0.15, -0.05, 0.37);
        var pearson = new double[n];
        var euclidean = new double[n];
        var (pmin, pmax) = TargetDatabase.PearsonRow(c0, c1, c2, c3, norm, t[0], t[1], t[2], t[3], norms, pearson);
        var (emin, emax) = TargetDatabase.EuclideanRow(c0, c1, c2, c3, t[0], t[1], t[2], t[3], euclidean);
        var expectedPearson = new double[n];
        var expectedEuclidean = new double[n];
        for (var j = 0; j < n; j++)
        {
            var denominator = norm * norms[j];
            expectedPearson[j] = denominator == 0 ? 0 : ((c0 * t[0][j]) + (c1 * t[1][j]) + (c2 * t[2][j]) + (c3 * t[3][j])) / denominator;
            var (d0, d1, d2, d3) = (c0 - t[0][j], c1 - t[1][j], c2 - t[2][j], c3 - t[3][j]);
            expectedEuclidean[j] = -Math.Sqrt((d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pearson, Is.EqualTo(expectedPearson));
            Assert.That(euclidean, Is.EqualTo(expectedEuclidean));
            Assert.That((pmin, pmax), Is.EqualTo((expectedPearson.Min(), expectedPearson.Max())));
            Assert.That((emin, emax), Is.EqualTo((expectedEuclidean.Min(), expectedEuclidean.Max())));
            Assert.That(() => TargetDatabase.PearsonRow(c0, c1, c2, c3, norm, t[0], t[1], t[2], t[3], norms, new double[n + 1]), Throws.ArgumentException);
            Assert.That(() => TargetDatabase.EuclideanRow(c0, c1, c2, c3, t[0], t[1], t[2], t[3], new double[n + 1]), Throws.ArgumentException);
        }
    }

    [TestCase(1, 0)]
    [TestCase(2, 0)]
    [TestCase(3, 0)]
    [TestCase(10, 1)]
    [TestCase(1001, 2)]
    [TestCase(5000, 3)]
    [TestCase(20000, 4)]
    public void Median_EqualsTheMeanOfTheTwoMiddleOrderStatistics(int n, int kind)
    {
        var random = new Random(n + kind);
        var values = Enumerable.Range(0, n).Select(_ => kind switch
        {
            1 => Math.Round(random.NextDouble() * 4) / 4,                     // few distinct values, many ties
            2 => random.NextDouble() < 0.6 ? 0.5 : random.NextDouble(),      // a large bucket at the median
            3 => Math.Pow(random.NextDouble(), 8) - 1,                       // crowded near one end
            _ => (2 * random.NextDouble()) - 1,
        }).ToArray();
        var sorted = values.Order().ToArray();
        var index1 = Math.Max(0, (int)Math.Floor(0.5 * n) - 1);
        var index2 = Math.Max(index1, (int)Math.Ceiling(0.5 * n) - 1);
        var expected = (sorted[index1] + sorted[index2]) / 2.0;
        var candidates = new double[1];
        var median = TomtomKernels.Median(values, sorted[0], sorted[^1], new int[n], new int[TomtomKernels.MedianBuckets], ref candidates);
        Assert.That(median, Is.EqualTo(expected));
    }

    [Test]
    public void Median_HandlesEqualAndNearlyEqualValues_AndRejectsBadInput()
    {
        var candidates = new double[1];
        var counts = new int[TomtomKernels.MedianBuckets];
        double[] equal = [0.25, 0.25, 0.25, 0.25];
        double[] tiny = [0, double.Epsilon, 0, double.Epsilon, double.Epsilon];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TomtomKernels.Median(equal, 0.25, 0.25, new int[4], counts, ref candidates), Is.EqualTo(0.25));
            // The range is too narrow for a finite bucket factor: everything is sorted. Ranks 1 and 2 are 0 and ε.
            Assert.That(TomtomKernels.Median(tiny, 0, double.Epsilon, new int[5], counts, ref candidates), Is.EqualTo((0 + double.Epsilon) / 2.0));
            Assert.That(() => TomtomKernels.Median([], 0, 0, new int[1], counts, ref candidates), Throws.ArgumentException);
            Assert.That(() => TomtomKernels.Median(equal, 0, 1, new int[2], counts, ref candidates), Throws.ArgumentException);
        }
    }

    [TestCase(5, 0.3)]
    [TestCase(13000, 0.0)]
    [TestCase(23, -1.7)]
    public void ScaleRow_EqualsTheScalarFormula_AndCountsEveryScore(int n, double median)
    {
        var random = new Random(n);
        var row = Enumerable.Range(0, n).Select(_ => median + (2 * random.NextDouble()) - 1).ToArray();
        var (offset, scale) = (-2.0, 33.0);
        var scaled = new int[n];
        var histogram = new int[TomtomComparer.Bins + 1];
        histogram[7] = 5;
        TomtomKernels.ScaleRow(row, median, offset, scale, TomtomComparer.Bins, scaled, histogram);
        var expected = row.Select(v => (int)Math.Min(TomtomComparer.Bins, Math.Floor(((v - median - offset) * scale) + 0.5))).ToArray();
        var expectedHistogram = new int[TomtomComparer.Bins + 1];
        expectedHistogram[7] = 5;
        foreach (var s in expected)
        {
            expectedHistogram[s]++;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scaled, Is.EqualTo(expected));
            Assert.That(histogram, Is.EqualTo(expectedHistogram));
            Assert.That(() => TomtomKernels.ScaleRow(row, median, offset, scale, 200, scaled, new int[201]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TomtomKernels.ScaleRow(row, median, offset, scale, TomtomComparer.Bins, new int[n - 1], histogram), Throws.ArgumentException);
        }
    }

    [TestCase(1, 1)]
    [TestCase(101, 2)]
    [TestCase(303, 3)]
    [TestCase(1001, 4)]
    public void Convolve_EqualsShiftedAxpyIntoZeros_WithRunningSums(int length, int seed)
    {
        var random = new Random(seed);
        const int maxBin = TomtomComparer.Bins;

        // A distribution with zero margins (as span nulls have), and a histogram over some of the bins.
        var current = new double[length];
        var first = length > 10 ? random.Next(length / 3) : 0;
        var last = length > 10 ? length - 1 - random.Next(length / 3) : length - 1;
        for (var j = first; j <= last; j++)
        {
            current[j] = random.NextDouble() < 0.1 ? 0 : random.NextDouble() / length;
        }

        var bins = Enumerable.Range(0, maxBin + 1).Where(_ => random.NextDouble() < 0.6).ToArray();
        var weights = bins.Select(_ => random.NextDouble() / 50).ToArray();

        // Reference: the previous code's loop (y += a·x for each bin in turn, into a zeroed array).
        var expected = new double[length + maxBin];
        for (var t = 0; t < bins.Length; t++)
        {
            for (var j = 0; j < length; j++)
            {
                expected[bins[t] + j] += weights[t] * current[j];
            }
        }

        var expectedBelow = new double[expected.Length];
        var sum = 0.0;
        for (var k = 0; k < expected.Length; k++)
        {
            expectedBelow[k] = sum;
            sum += expected[k];
        }

        var nonZero = Enumerable.Range(0, expected.Length).Where(k => expected[k] != 0).ToArray();
        var next = Enumerable.Repeat(double.NaN, expected.Length).ToArray();
        var below = Enumerable.Repeat(double.NaN, expected.Length).ToArray();
        var padded = Enumerable.Repeat(double.NaN, length + (2 * maxBin) + 16).ToArray();
        var (total, nextFirst, nextLast) = TomtomKernels.Convolve(current, first, last, bins, weights, maxBin, padded, next, below);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(next, Is.EqualTo(expected));
            Assert.That(below, Is.EqualTo(expectedBelow));
            Assert.That(total, Is.EqualTo(sum));
            Assert.That((nextFirst, nextLast), Is.EqualTo(nonZero.Length == 0 ? (0, 0) : (nonZero[0], nonZero[^1])));
        }
    }

    [Test]
    public void Convolve_RejectsBadInput()
    {
        double[] current = [0.5, 0.5];
        var padded = new double[2 + 32 + 16];
        var next = new double[18];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => TomtomKernels.Convolve(current, 0, 1, [3, 2], [0.5, 0.5], 16, padded, next, next), Throws.ArgumentException);
            Assert.That(() => TomtomKernels.Convolve(current, 0, 1, [17], [1.0], 16, padded, next, next), Throws.ArgumentException);
            Assert.That(() => TomtomKernels.Convolve(current, 1, 0, [1], [1.0], 16, padded, next, next), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TomtomKernels.Convolve(current, 0, 1, [1], [1.0], 16, new double[10], next, next), Throws.ArgumentException);
        }
    }

    [TestCase(1, 0)]
    [TestCase(2, 0)]
    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(2, 2)]
    [TestCase(1, 3)]
    [TestCase(2, 3)]
    public void FoldMaximum_EqualsTheFullPass(int folds, int layout)
    {
        var random = new Random((10 * folds) + layout);
        const int length = 700;

        // M supported on [lo, hi]; X (at shift, non-zero on [first, last] of its span) before, inside, after or around it.
        var (lo, hi, shift, spanLength, first, last) = layout switch
        {
            0 => (300, 500, 0, 301, 20, 250),      // X ends inside M
            1 => (100, 200, 150, 400, 10, 390),    // X starts inside M and ends beyond
            2 => (400, 450, 10, 300, 5, 290),      // X entirely below M
            _ => (0, 0, 200, 301, 0, 300),         // M a point mass at 0 (the start of every chain)
        };
        var m = new double[length];
        for (var k = lo; k <= hi; k++)
        {
            m[k] = random.NextDouble() / 100;
        }

        if (layout == 3)
        {
            m[0] = 1;
        }

        var x = new double[spanLength];
        for (var t = first; t <= last; t++)
        {
            x[t] = random.NextDouble() / 50;
        }

        var below = new double[spanLength];
        var total = 0.0;
        for (var t = 0; t < spanLength; t++)
        {
            below[t] = total;
            total += x[t];
        }

        // Reference: the previous code's pass over every k, once per fold.
        var current = new double[length];
        Array.Copy(x, 0, current, shift, spanLength);
        var expected = (double[])m.Clone();
        var scratch = new double[length];
        for (var f = 0; f < folds; f++)
        {
            var running = 0.0;
            var currentBelow = 0.0;
            for (var k = 0; k < length; k++)
            {
                var xk = current[k];
                var mk = expected[k];
                scratch[k] = (xk * running) + (mk * currentBelow) + (xk * mk);
                running += mk;
                currentBelow += xk;
            }

            (expected, scratch) = (scratch, expected);
        }

        var pmf = (double[])m.Clone();
        TomtomKernels.FoldMaximum(pmf, ref lo, ref hi, x, below, total, shift, first, last, folds);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pmf, Is.EqualTo(expected));
            Assert.That(Enumerable.Range(0, length).Where(k => expected[k] != 0).All(k => k >= lo && k <= hi), Is.True);
        }
    }

    [Test]
    public void FoldMaximum_RejectsBadInput()
    {
        var pmf = new double[10];
        int lo = 0, hi = 0;
        double[] x = [0.5, 0.5];
        double[] below = [0, 0.5];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => TomtomKernels.FoldMaximum(pmf, ref lo, ref hi, x, below, 1, 0, 0, 1, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TomtomKernels.FoldMaximum(pmf, ref lo, ref hi, x, below, 1, 9, 0, 1, 1), Throws.ArgumentException);
            Assert.That(() => TomtomKernels.FoldMaximum(pmf, ref lo, ref hi, x, below, 1, 0, 1, 0, 1), Throws.ArgumentException);
        }
    }

    [TestCase(1, 1)]
    [TestCase(3, 9)]
    [TestCase(12, 12)]
    [TestCase(20, 7)]
    [TestCase(35, 30)]
    public void DiagonalSums_EqualTheAlignmentSums(int q, int width)
    {
        var random = new Random((q * 100) + width);
        const int start = 5;
        var stride = start + width + 3;
        var scaled = Enumerable.Range(0, q * stride).Select(_ => random.Next(101)).ToArray();
        var sums = Enumerable.Repeat(-1, q + width + 2).ToArray();
        TomtomKernels.DiagonalSums(scaled, stride, q, start, width, sums);
        var expected = new int[q + width - 1];
        for (var d = -(q - 1); d < width; d++)
        {
            for (var i = 0; i < q; i++)
            {
                if (i + d >= 0 && i + d < width)
                {
                    expected[d + q - 1] += scaled[(i * stride) + start + i + d];
                }
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sums[..expected.Length], Is.EqualTo(expected));
            Assert.That(() => TomtomKernels.DiagonalSums(scaled, stride, q, stride - width + 1, width, sums), Throws.ArgumentException);
        }
    }
}

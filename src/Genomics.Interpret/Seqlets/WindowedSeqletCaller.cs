using Genomics.Models.IO;

namespace Genomics.Interpret.Seqlets;

/// <summary>
/// TF-MoDISco's seqlet caller: sliding-window sums of per-position contributions; a Laplace null fitted separately
/// to each side of the window-sum distribution (around its histogram mode, most aggressive rate over the 5th…95th
/// percentiles) and sampled; thresholds read off an isotonic regression of real vs null sums at a target FDR; the
/// fraction of passing windows clamped; greedy non-maximum suppression; each seqlet = window ± flank.
/// </summary>
/// <remarks>
/// The null is sampled with .NET's seeded <see cref="Random"/>, not numpy's Mersenne Twister, so thresholds differ from
/// the Python tool's in the last digits for the same seed; the procedure is otherwise the same.
/// </remarks>
public static class WindowedSeqletCaller
{
    private static readonly double[] s_quantiles = [.. Enumerable.Range(1, 19).Select(k => 0.05 * k)];

    /// <summary>Calls seqlets on per-position contributions (N, L).</summary>
    /// <param name="contributions">Per-position contribution (Σ over bases of attribution × one-hot), shape (N, L).</param>
    /// <param name="options">Window, flank, FDR and clamps (defaults when null).</param>
    public static WindowedSeqletResult Call(double[,] contributions, WindowedSeqletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        options ??= new WindowedSeqletOptions();
        options.Validate();
        SeqletArrays.RequireFinite(contributions, nameof(contributions));
        int n = contributions.GetLength(0), l = contributions.GetLength(1), w = options.WindowSize;
        if (n == 0 || l < w + 2 * options.Flank)
        {
            throw new ArgumentException($"Need at least one example of length ≥ window + 2·flank = {w + 2 * options.Flank}; got ({n}, {l}).", nameof(contributions));
        }

        var sums = WindowSums(contributions, w);
        var all = new double[n * (l - w + 1)];
        Buffer.BlockCopy(sums, 0, all, 0, all.Length * sizeof(double));
        var positives = all.Where(v => v >= 0).OrderBy(v => v).ToArray();
        var negatives = all.Where(v => v < 0).OrderByDescending(v => v).ToArray();
        var (nullPositive, nullNegative) = LaplaceNull(all, options.NullSamples, unchecked((int)(options.Seed ?? WindowedSeqletOptions.DefaultSeed)));

        var positiveThreshold = positives.Length > 0 && nullPositive.Length > 0
            ? IsotonicThreshold(positives, nullPositive, increasing: true, options.TargetFdr)
            : double.PositiveInfinity;
        var negativeThreshold = negatives.Length > 0 && nullNegative.Length > 0
            ? IsotonicThreshold(negatives, nullNegative, increasing: false, options.TargetFdr)
            : double.NegativeInfinity;

        var absolute = all.Select(Math.Abs).OrderBy(v => v).ToArray();
        var passing = all.Count(v => v >= positiveThreshold || v <= negativeThreshold) / (double)all.Length;
        if (passing < options.MinPassingFraction)
        {
            positiveThreshold = Percentile(absolute, 1 - options.MinPassingFraction);
            negativeThreshold = -positiveThreshold;
        }

        if (passing > options.MaxPassingFraction)
        {
            positiveThreshold = Percentile(absolute, 1 - options.MaxPassingFraction);
            negativeThreshold = -positiveThreshold;
        }

        var seqlets = Suppress(contributions, sums, positiveThreshold, negativeThreshold, options);
        var transformedPositive = Math.Sign(positiveThreshold) * (double)LowerBound(absolute, Math.Abs(positiveThreshold)) / absolute.Length;
        var transformedNegative = Math.Sign(negativeThreshold) * (double)LowerBound(absolute, Math.Abs(negativeThreshold)) / absolute.Length;
        var weak = Math.Min(Math.Min(transformedPositive, Math.Abs(transformedNegative)) - 0.0001, options.WeakThresholdForCountingSign);
        var weakThreshold = absolute[Math.Clamp((int)(weak * absolute.Length), 0, absolute.Length - 1)];
        return new WindowedSeqletResult(seqlets, positiveThreshold, negativeThreshold, weakThreshold);
    }

    internal static double[,] WindowSums(double[,] track, int w)
    {
        int n = track.GetLength(0), l = track.GetLength(1);
        var sums = new double[n, l - w + 1];
        for (var i = 0; i < n; i++)
        {
            var prefix = new double[l + 1];
            for (var j = 0; j < l; j++)
            {
                prefix[j + 1] = prefix[j] + track[i, j];
            }

            for (var j = 0; j + w <= l; j++)
            {
                sums[i, j] = prefix[j + w] - prefix[j];
            }
        }

        return sums;
    }

    private static List<Seqlet> Suppress(double[,] track, double[,] sums, double positiveThreshold, double negativeThreshold, WindowedSeqletOptions options)
    {
        int n = sums.GetLength(0), m = sums.GetLength(1), w = options.WindowSize, flank = options.Flank;
        var seqlets = new List<Seqlet>();
        var score = new double[m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var v = sums[i, j];
                var passes = v >= positiveThreshold || v <= negativeThreshold;
                score[j] = passes && j >= flank && j < m - flank ? Math.Abs(v) : double.NegativeInfinity;
            }

            while (true)
            {
                var best = 0;
                for (var j = 1; j < m; j++)
                {
                    if (score[j] > score[best])
                    {
                        best = j;
                    }
                }

                if (double.IsNegativeInfinity(score[best]))
                {
                    break;
                }

                double core = 0;
                for (var j = best; j < best + w; j++)
                {
                    core += track[i, j];
                }

                seqlets.Add(new Seqlet(i, best - flank, best + w + flank, Strand.Forward, core));
                var from = (int)Math.Max(Math.Floor(best + 0.5 - options.SuppressRadius), 0);
                var to = (int)Math.Min(Math.Ceiling(best + 0.5 + options.SuppressRadius), m);
                for (var j = from; j < to; j++)
                {
                    score[j] = double.NegativeInfinity;
                }
            }
        }

        return seqlets;
    }

    /// <summary>Laplace null: location at the (two-level) histogram mode, one rate per side, sampled with a seed.</summary>
    internal static (double[] Positive, double[] Negative) LaplaceNull(double[] values, int samples, int seed)
    {
        var (lo, hi, inside) = HistogramMode(values);
        var mu = (lo + hi) / 2;
        if (inside.Length > 0)
        {
            var (lo2, hi2, _) = HistogramMode(inside);
            mu = (lo2 + hi2) / 2;
        }

        var above = values.Where(v => v >= mu).OrderBy(v => v).ToArray();
        var below = values.Where(v => v <= mu).OrderBy(v => v).ToArray();
        var positiveRate = BestRate(above, mu, upper: true);
        var negativeRate = BestRate(below, mu, upper: false);
        var probabilityPositive = above.Length / (double)(above.Length + below.Length);
        var random = new Random(seed);
        var positive = new List<double>();
        var negative = new List<double>();
        for (var k = 0; k < samples; k++)
        {
            var side = random.NextDouble();
            var u = random.NextDouble();
            var v = side < probabilityPositive ? mu - Math.Log(1 - u) / positiveRate : mu + Math.Log(1 - u) / negativeRate;
            (v >= 0 ? positive : negative).Add(v);
        }

        return ([.. positive], [.. negative]);
    }

    private static double BestRate(double[] sorted, double mu, bool upper)
    {
        var best = double.NegativeInfinity;
        if (sorted.Length == 0)
        {
            return 1e12;
        }

        foreach (var q in s_quantiles)
        {
            var distance = Math.Abs(Percentile(sorted, upper ? q : 1 - q) - mu);
            if (distance > 0)
            {
                best = Math.Max(best, -Math.Log(1 - q) / distance);
            }
        }

        return double.IsNegativeInfinity(best) ? 1e12 : best;
    }

    private static (double Low, double High, double[] Inside) HistogramMode(double[] values)
    {
        const int Bins = 1000;
        var min = values.Min();
        var max = values.Max();
        if (max <= min)
        {
            return (min, max, []);
        }

        var width = (max - min) / Bins;
        var counts = new int[Bins];
        foreach (var v in values)
        {
            counts[Math.Min((int)((v - min) / width), Bins - 1)]++;
        }

        var peak = 0;
        for (var b = 1; b < Bins; b++)
        {
            if (counts[b] > counts[peak])
            {
                peak = b;
            }
        }

        var lo = min + peak * width;
        var hi = min + (peak + 1) * width;
        return (lo, hi, [.. values.Where(v => v > lo && v < hi)]);
    }

    internal static double IsotonicThreshold(double[] values, double[] nullValues, bool increasing, double targetFdr)
    {
        const double MinFractionNegative = 0.95;
        var x = values.Concat(nullValues).ToArray();
        var y = values.Select(_ => 1.0).Concat(nullValues.Select(_ => 0.0)).ToArray();
        var weight = values.Length / (double)nullValues.Length;
        var weights = values.Select(_ => 1.0).Concat(nullValues.Select(_ => weight)).ToArray();
        var model = new IsotonicRegression(x, y, weights, increasing);
        var minPrecision = Math.Max(model.Predict(model.LowEndX), 1e-7);
        var impliedFractionNegative = -1 / (1 - 1 / minPrecision);
        if (impliedFractionNegative > 1.0 || impliedFractionNegative < MinFractionNegative)
        {
            impliedFractionNegative = Math.Max(Math.Min(1.0, impliedFractionNegative), MinFractionNegative);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var p = Math.Max(model.Predict(values[i]), 1e-7);
            var precision = i == values.Length - 1 ? 1.0 : Math.Clamp(1 + impliedFractionNegative * (1 - 1 / p), 0, 1);
            if (precision >= 1 - targetFdr)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    /// <summary>Linear-interpolation percentile of sorted values (numpy's default), q in [0, 1].</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

namespace Genomics.Interpret.Neurons;

/// <summary>
/// A simple motif similarity used until a TOMTOM-equivalent comparer is available: the mean Pearson correlation of
/// aligned columns, maximised over offsets with at least a minimum overlap, on the forward strand and optionally the
/// reverse complement.
/// </summary>
internal static class ColumnSimilarity
{
    /// <summary>The best mean column Pearson correlation of two 4 × W matrices (counts or probabilities).</summary>
    /// <returns>The score in [−1, 1], the offset of <paramref name="target"/> relative to <paramref name="query"/>, the overlap and whether the target was reverse-complemented.</returns>
    public static (double Score, int Offset, int Overlap, bool ReverseComplement) Best(double[,] query, double[,] target, int minimumOverlap, bool bothStrands = true)
    {
        var best = (Score: double.NegativeInfinity, Offset: 0, Overlap: 0, ReverseComplement: false);
        foreach (var rc in bothStrands ? new[] { false, true } : [false])
        {
            var t = rc ? ReverseComplement(target) : target;
            var wq = query.GetLength(1);
            var wt = t.GetLength(1);
            for (var offset = -(wt - 1); offset < wq; offset++)
            {
                var from = Math.Max(0, offset);
                var to = Math.Min(wq, offset + wt);
                var overlap = to - from;
                if (overlap < Math.Min(minimumOverlap, Math.Min(wq, wt)))
                {
                    continue;
                }

                var sum = 0.0;
                for (var j = from; j < to; j++)
                {
                    sum += Pearson(query, j, t, j - offset);
                }

                var score = sum / overlap;
                if (score > best.Score)
                {
                    best = (score, offset, overlap, rc);
                }
            }
        }

        return best;
    }

    public static double[,] Slice(double[,] matrix, int start, int end)
    {
        var result = new double[4, end - start];
        for (var b = 0; b < 4; b++)
        {
            for (var j = start; j < end; j++)
            {
                result[b, j - start] = matrix[b, j];
            }
        }

        return result;
    }

    public static double[,] ReverseComplement(double[,] matrix)
    {
        var w = matrix.GetLength(1);
        var result = new double[4, w];
        for (var b = 0; b < 4; b++)
        {
            for (var j = 0; j < w; j++)
            {
                result[3 - b, w - 1 - j] = matrix[b, j];
            }
        }

        return result;
    }

    private static double Pearson(double[,] a, int ja, double[,] b, int jb)
    {
        double ta = 0, tb = 0;
        for (var k = 0; k < 4; k++)
        {
            ta += a[k, ja];
            tb += b[k, jb];
        }

        double ma = 0, mb = 0;
        var pa = new double[4];
        var pb = new double[4];
        for (var k = 0; k < 4; k++)
        {
            pa[k] = ta > 0 ? a[k, ja] / ta : 0.25;
            pb[k] = tb > 0 ? b[k, jb] / tb : 0.25;
            ma += pa[k] / 4;
            mb += pb[k] / 4;
        }

        double cov = 0, va = 0, vb = 0;
        for (var k = 0; k < 4; k++)
        {
            cov += (pa[k] - ma) * (pb[k] - mb);
            va += (pa[k] - ma) * (pa[k] - ma);
            vb += (pb[k] - mb) * (pb[k] - mb);
        }

        return va > 0 && vb > 0 ? cov / Math.Sqrt(va * vb) : 0;
    }
}

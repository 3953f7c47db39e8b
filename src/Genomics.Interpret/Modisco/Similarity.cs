namespace Genomics.Interpret.Modisco;

/// <summary>Best alignment of one matrix against another: similarity, offset (moving column c ↔ fixed column c + offset) and strand.</summary>
internal readonly record struct Alignment(double Similarity, int Offset, bool Reverse);

/// <summary>Similarities used by TF-MoDISco: continuous Jaccard over sliding alignments, gapped k-mer embeddings.</summary>
internal static class Similarity
{
    /// <summary>
    /// Continuous Jaccard of two L1-normalised matrices over their overlap: Σ min(|x|, |y|)·sign(x)·sign(y) / Σ max(|x|, |y|).
    /// </summary>
    public static double ContinuousJaccard(double[,] x, double[,] y, int offset, double xNorm, double yNorm)
    {
        int wx = x.GetLength(1), wy = y.GetLength(1);
        int from = Math.Max(0, -offset), to = Math.Min(wy, wx - offset);
        double num = 0, den = 0;
        for (var c = from; c < to; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                var xv = x[b, c + offset] / xNorm;
                var yv = y[b, c] / yNorm;
                var ax = Math.Abs(xv);
                var ay = Math.Abs(yv);
                num += Math.Min(ax, ay) * Math.Sign(xv) * Math.Sign(yv);
                den += Math.Max(ax, ay);
            }
        }

        return den > 0 ? num / den : 0;
    }

    /// <summary>Best continuous Jaccard of <paramref name="moving"/> (and its reverse complement when given) against <paramref name="fixedMatrix"/>.</summary>
    public static Alignment Best(double[,] fixedMatrix, double[,] moving, double[,]? movingReverse, int minOverlap)
    {
        int wx = fixedMatrix.GetLength(1), wy = moving.GetLength(1);
        var xNorm = L1(fixedMatrix);
        var best = new Alignment(double.NegativeInfinity, 0, false);
        for (var strand = 0; strand < (movingReverse is null ? 1 : 2); strand++)
        {
            var y = strand == 0 ? moving : movingReverse!;
            var yNorm = L1(y);
            for (var offset = -(wy - minOverlap); offset <= wx - minOverlap; offset++)
            {
                var overlap = Math.Min(wy, wx - offset) - Math.Max(0, -offset);
                if (overlap < minOverlap)
                {
                    continue;
                }

                var s = ContinuousJaccard(fixedMatrix, y, offset, xNorm, yNorm);
                if (s > best.Similarity + 1e-12)
                {
                    best = new Alignment(s, offset, strand == 1);
                }
            }
        }

        return best;
    }

    public static double L1(double[,] m)
    {
        double s = 0;
        foreach (var v in m)
        {
            s += Math.Abs(v);
        }

        return s > 0 ? s : 1;
    }

    private static readonly int[][] s_gapPatterns = BuildGapPatterns();

    /// <summary>
    /// Gapped k-mer embedding: every choice of 4 positions within a span of 6 starting at each column, keyed by the gap
    /// pattern and the 4 observed letters, weighted by the summed contribution of those positions.
    /// </summary>
    public static Dictionary<int, double> GappedKmerEmbedding(double[,] contributions, double[,] oneHot)
    {
        var w = contributions.GetLength(1);
        var letters = new int[w];
        var score = new double[w];
        for (var c = 0; c < w; c++)
        {
            letters[c] = -1;
            for (var b = 0; b < 4; b++)
            {
                if (oneHot[b, c] > 0.5)
                {
                    letters[c] = b;
                }

                score[c] += contributions[b, c];
            }
        }

        var embedding = new Dictionary<int, double>();
        for (var start = 0; start < w; start++)
        {
            for (var p = 0; p < s_gapPatterns.Length; p++)
            {
                var offsets = s_gapPatterns[p];
                if (start + offsets[^1] >= w)
                {
                    continue;
                }

                var key = p;
                double weight = 0;
                var valid = true;
                foreach (var o in offsets)
                {
                    var letter = letters[start + o];
                    if (letter < 0)
                    {
                        valid = false;
                        break;
                    }

                    key = key * 4 + letter;
                    weight += score[start + o];
                }

                if (valid && weight != 0)
                {
                    embedding[key] = embedding.GetValueOrDefault(key) + weight;
                }
            }
        }

        return embedding;
    }

    public static double Cosine(Dictionary<int, double> a, Dictionary<int, double> b)
    {
        double dot = 0, na = 0, nb = 0;
        foreach (var (k, v) in a)
        {
            na += v * v;
            if (b.TryGetValue(k, out var u))
            {
                dot += v * u;
            }
        }

        foreach (var v in b.Values)
        {
            nb += v * v;
        }

        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }

    private static int[][] BuildGapPatterns()
    {
        // Position 0 plus three of positions 1..5.
        var patterns = new List<int[]>();
        for (var a = 1; a <= 5; a++)
        {
            for (var b = a + 1; b <= 5; b++)
            {
                for (var c = b + 1; c <= 5; c++)
                {
                    patterns.Add([0, a, b, c]);
                }
            }
        }

        return [.. patterns];
    }
}

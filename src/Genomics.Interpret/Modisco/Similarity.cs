using System.Runtime.Intrinsics;
using Genomics.Models.Numerics;

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

    /// <summary>
    /// tfmodisco-lite's seqlet representation: per column, the 4 hypothetical then the 4 actual contributions, each track
    /// L1-normalised over the whole matrix; column-major, 8 values per column.
    /// </summary>
    public static float[] Features(double[,] hypothetical, double[,] contributions)
    {
        var w = hypothetical.GetLength(1);
        double hNorm = L1(hypothetical), cNorm = L1(contributions);
        var f = new float[8 * w];
        for (var c = 0; c < w; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                f[8 * c + b] = (float)(hypothetical[b, c] / hNorm);
                f[8 * c + 4 + b] = (float)(contributions[b, c] / cNorm);
            }
        }

        return f;
    }

    /// <summary>
    /// Best continuous Jaccard of <paramref name="moving"/> or <paramref name="movingReverse"/> against <paramref name="fixedFeatures"/>
    /// (both <see cref="Features"/> of width <paramref name="width"/>) over shifts that keep ≥ <paramref name="minOverlap"/>
    /// columns: as in tfmodisco-lite, the fixed matrix is zero-padded, so the moving matrix's columns that hang over count
    /// in the denominator.
    /// </summary>
    public static double BestPadded(float[] fixedFeatures, float[] moving, float[] movingReverse, int width, int minOverlap) =>
        AlignPadded(fixedFeatures, moving, movingReverse, width, minOverlap).Similarity;

    /// <summary><see cref="BestPadded"/> with the shift (moving column c ↔ fixed column c + offset) and strand that reach it.</summary>
    public static Alignment AlignPadded(float[] fixedFeatures, float[] moving, float[] movingReverse, int width, int minOverlap)
    {
        var best = new Alignment(double.NegativeInfinity, 0, false);
        var pad = width - minOverlap;
        Span<double> prefix = stackalloc double[width + 1];
        for (var strand = 0; strand < 2; strand++)
        {
            var y = strand == 0 ? moving : movingReverse;
            prefix[0] = 0;
            for (var c = 0; c < width; c++)
            {
                double column = 0;
                for (var k = 0; k < 8; k++)
                {
                    column += Math.Abs(y[8 * c + k]);
                }

                prefix[c + 1] = prefix[c] + column;
            }

            for (var offset = -pad; offset <= pad; offset++)
            {
                // Moving column c sits on fixed column c + offset; columns c in [from, to) overlap, the rest hang over.
                int from = Math.Max(0, -offset), to = Math.Min(width, width - offset);
                var (num, den) = JaccardTerms(fixedFeatures.AsSpan(8 * (from + offset), 8 * (to - from)), y.AsSpan(8 * from, 8 * (to - from)));
                den += prefix[from] + (prefix[width] - prefix[to]);
                var s = den > 0 ? num / den : 0;
                if (s > best.Similarity)
                {
                    best = new Alignment(s, offset, strand == 1);
                }
            }
        }

        return best;
    }

    /// <summary>Continuous Jaccard of two equal-length feature vectors, unaligned (tfmodisco-lite's pairwise_jaccard).</summary>
    public static double Jaccard(float[] x, float[] y)
    {
        var (num, den) = JaccardTerms(x, y);
        return den > 0 ? num / den : 0;
    }

    /// <summary>Σ min(|x|, |y|)·sign(x)·sign(y) and Σ max(|x|, |y|) over two spans of equal length (vectorised by 8).</summary>
    private static (double Num, double Den) JaccardTerms(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var i = 0;
        double num = 0, den = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vNum = Vector256<float>.Zero;
            var vDen = Vector256<float>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var xv = Vector256.Create(x.Slice(i, 8));
                var yv = Vector256.Create(y.Slice(i, 8));
                var ax = Vector256.Abs(xv);
                var ay = Vector256.Abs(yv);
                var min = Vector256.Min(ax, ay);
                var negative = Vector256.LessThan(xv * yv, Vector256<float>.Zero);
                vNum += Vector256.ConditionalSelect(negative, -min, min);
                vDen += Vector256.Max(ax, ay);
            }

            num = Vector256.Sum(vNum);
            den = Vector256.Sum(vDen);
        }

        for (; i < x.Length; i++)
        {
            float xv = x[i], yv = y[i];
            float ax = Math.Abs(xv), ay = Math.Abs(yv);
            var min = ax < ay ? ax : ay;
            num += xv * yv < 0 ? -min : min;
            den += ax > ay ? ax : ay;
        }

        return (num, den);
    }

    /// <summary>
    /// tfmodisco-lite's pattern aligner: the child's contributions, mean-centred and L2-normalised ("magnitude"), slide over the
    /// parent's, zero-padded by ⌈(1 − min overlap) × child width⌉ on each side; each window's score is the cosine of the two;
    /// both strands of the child. Returns the best score, the child's offset in parent columns and the strand.
    /// </summary>
    public static Alignment BestCosine(double[,] parent, double[,] child, double minOverlapFraction)
    {
        var p = Magnitude(parent);
        var best = new Alignment(double.NegativeInfinity, 0, false);
        int wp = parent.GetLength(1), wc = child.GetLength(1);
        var pad = (int)Math.Ceiling(wc * (1 - minOverlapFraction));
        for (var strand = 0; strand < 2; strand++)
        {
            var x = Magnitude(strand == 0 ? child : AlphabetMatrix.ReverseComplement(child));
            for (var offset = -pad; offset + wc <= wp + pad; offset++)
            {
                double dot = 0, norm = 0;
                for (var c = 0; c < wc; c++)
                {
                    var pc = c + offset;
                    if (pc < 0 || pc >= wp)
                    {
                        continue;
                    }

                    for (var b = 0; b < 4; b++)
                    {
                        dot += x[b, c] * p[b, pc];
                        norm += p[b, pc] * p[b, pc];
                    }
                }

                var s = norm > 0 ? dot / Math.Sqrt(norm) : 0;
                if (s > best.Similarity + 1e-12)
                {
                    best = new Alignment(s, offset, strand == 1);
                }
            }
        }

        return best;
    }

    private static double[,] Magnitude(double[,] m)
    {
        double mean = 0;
        foreach (var v in m)
        {
            mean += v;
        }

        mean /= m.Length;
        var r = new double[m.GetLength(0), m.GetLength(1)];
        double norm = 0;
        for (var b = 0; b < m.GetLength(0); b++)
        {
            for (var c = 0; c < m.GetLength(1); c++)
            {
                r[b, c] = m[b, c] - mean;
                norm += r[b, c] * r[b, c];
            }
        }

        norm = Math.Sqrt(norm) + 1e-7;
        for (var b = 0; b < m.GetLength(0); b++)
        {
            for (var c = 0; c < m.GetLength(1); c++)
            {
                r[b, c] /= norm;
            }
        }

        return r;
    }

    /// <summary>
    /// An embedding's <paramref name="top"/> largest entries (by magnitude; tfmodisco-lite keeps a seqlet's top 20 gapped
    /// k-mers) as parallel arrays sorted by key, L2-normalised, for fast dot products.
    /// </summary>
    public static (int[] Keys, double[] Values) Sparse(Dictionary<int, double> embedding, int top = 20)
    {
        var keys = embedding.OrderByDescending(e => Math.Abs(e.Value)).ThenBy(e => e.Key).Take(top).Select(e => e.Key).Order().ToArray();
        var values = keys.Select(k => embedding[k]).ToArray();
        var norm = Math.Sqrt(values.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= norm;
            }
        }

        return (keys, values);
    }

    /// <summary>Dot product of two <see cref="Sparse"/> vectors.</summary>
    public static double Dot((int[] Keys, double[] Values) a, (int[] Keys, double[] Values) b)
    {
        int i = 0, j = 0;
        double dot = 0;
        while (i < a.Keys.Length && j < b.Keys.Length)
        {
            var (ka, kb) = (a.Keys[i], b.Keys[j]);
            if (ka == kb)
            {
                dot += a.Values[i++] * b.Values[j++];
            }
            else if (ka < kb)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot;
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

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Models.IO;

namespace Genomics.Interpret.Tests.MotifComparison;

/// <summary>
/// The straightforward form of the tomtom computation (one query at a time: every column score, a full selection for
/// each median, one convolution array per span, every alignment of the maximum null folded for every width), kept as the
/// reference that <see cref="TomtomComparer"/> must reproduce exactly.
/// </summary>
internal static class ReferenceTomtom
{
    public static List<MotifMatch> Compare(IReadOnlyList<Motif> queries, IReadOnlyList<Motif> targets, TomtomOptions options)
    {
        var db = Database.Build(targets, options);
        var selected = options.QueryIds is null ? queries : [.. queries.Where(q => options.QueryIds.Contains(q.Id))];
        return [.. selected.SelectMany((q, i) => CompareOne(q, i, db, options))];
    }

    private static List<MotifMatch> CompareOne(Motif query, int queryIndex, Database db, TomtomOptions options)
    {
        var q = query.Width;
        var n = db.ColumnCount;
        var queryColumns = TomtomComparer.Smooth(query.Probabilities, query.Sites, db.Background, options.Pseudocount);

        // 1. Column scores, median-shifted per query column.
        var raw = new double[q * n];
        var sorted = new double[n];
        for (var i = 0; i < q; i++)
        {
            var row = raw.AsSpan(i * n, n);
            db.Score(queryColumns, i, q, options.ColumnSimilarity, row);
            row.CopyTo(sorted);
            var index1 = Math.Max(0, (int)Math.Floor(0.5 * n) - 1);
            var index2 = Math.Max(index1, (int)Math.Ceiling(0.5 * n) - 1);
            var upper = Select(sorted, index2);
            var lower = index1 == index2 ? upper : Max(sorted.AsSpan(0, index2));
            var median = (lower + upper) / 2.0;
            for (var j = 0; j < n; j++)
            {
                row[j] -= median;
            }
        }

        // 2. Integer scores 0..Bins with an integer offset and scale.
        var small = double.MaxValue;
        var large = double.MinValue;
        foreach (var x in raw)
        {
            small = Math.Min(small, x);
            large = Math.Max(large, x);
        }

        if (large == small)
        {
            small = large - 1;
        }

        var offset = Math.Floor(small);
        var scale = Math.Max(1.0, Math.Floor(TomtomComparer.Bins / (large - offset)));
        var scaled = new int[q * n];
        var histograms = new double[q, TomtomComparer.Bins + 1];
        for (var i = 0; i < q; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = (int)Math.Min(TomtomComparer.Bins, Math.Floor(((raw[(i * n) + j] - offset) * scale) + 0.5));
                scaled[(i * n) + j] = s;
                histograms[i, s] += 1.0 / n;
            }
        }

        var occupied = new int[q][];
        for (var i = 0; i < q; i++)
        {
            occupied[i] = [.. Enumerable.Range(0, TomtomComparer.Bins + 1).Where(b => histograms[i, b] > 0)];
        }

        // Score of an unaligned column in scaled units (the scaled median); an integer because offset and scale are.
        var unaligned = (long)Math.Round(-offset * scale);

        // 3. Null distributions of summed scores over every contiguous span [start, end].
        var spans = new double[q, q][];
        for (var start = 0; start < q; start++)
        {
            double[] current = [1.0];
            for (var end = start; end < q; end++)
            {
                var next = new double[current.Length + TomtomComparer.Bins];
                foreach (var s in occupied[end])
                {
                    Axpy(histograms[end, s], current, next.AsSpan(s, current.Length));
                }

                spans[start, end] = next;
                current = next;
            }
        }

        // 4. Best alignment per target orientation, and its p-value from the null of the best alignment.
        var maxNulls = new Dictionary<int, double[]>();
        var entries = new Entry[db.Entries.Count];
        for (var e = 0; e < entries.Length; e++)
        {
            var target = db.Entries[e];
            var best = BestAlignment(scaled, n, q, target.ColumnStart, target.Width, options.MinOverlap, unaligned);
            var score = best.Sum + ((q - best.Overlap) * unaligned);
            if (!maxNulls.TryGetValue(target.Width, out var tail))
            {
                tail = MaxTail(spans, q, target.Width, unaligned, db.Orientations);
                maxNulls[target.Width] = tail;
            }

            var p = score < 0 ? 1.0 : score >= tail.Length ? 0.0 : tail[(int)score];
            entries[e] = new Entry(e, best.Offset, best.Overlap, Math.Min(1.0, p), (best.Sum + (best.Overlap * offset * scale)) / scale);
        }

        // 5. Sort (p ascending, overlap descending, then strand and id as tomtom), q-values, threshold, one row per target.
        Array.Sort(entries, (a, b) =>
        {
            var byP = a.PValue.CompareTo(b.PValue);
            if (byP != 0)
            {
                return byP;
            }

            var byOverlap = b.Overlap.CompareTo(a.Overlap);
            return byOverlap != 0 ? byOverlap : string.CompareOrdinal(db.Entries[a.Index].StrandedId, db.Entries[b.Index].StrandedId);
        });

        var m = entries.Length;
        var qValues = new double[m];
        var pi0 = options.QValues == QValueMethod.Storey ? TomtomComparer.EstimatePi0([.. entries.Select(e => e.PValue)], queryIndex) : 1.0;
        var running = 1.0;
        for (var r = m - 1; r >= 0; r--)
        {
            running = Math.Min(running, pi0 * entries[r].PValue * m / (r + 1));
            qValues[r] = running;
        }

        var queryConsensus = TomtomComparer.ArgmaxConsensus(queryColumns, q, query.Alphabet);
        var seen = new HashSet<int>();
        var matches = new List<MotifMatch>();
        for (var r = 0; r < m; r++)
        {
            var entry = entries[r];
            var evalue = entry.PValue * db.TargetCount;
            var significance = options.ThresholdOn == SignificanceMeasure.QValue ? qValues[r] : evalue;
            if (significance > options.Threshold)
            {
                break;
            }

            var target = db.Entries[entry.Index];
            if (!seen.Add(target.TargetIndex))
            {
                continue;
            }

            matches.Add(new MotifMatch(
                query.Id,
                target.Motif.Id,
                target.Motif.Name,
                entry.Offset,
                entry.PValue,
                evalue,
                qValues[r],
                entry.Overlap,
                queryConsensus,
                target.Consensus,
                target.Reverse ? Strand.Reverse : Strand.Forward,
                entry.Score));
        }

        return matches;
    }

    private static (long Sum, int Offset, int Overlap) BestAlignment(int[] scaled, int n, int q, int columnStart, int width, int minOverlap, long unaligned)
    {
        var mo = Math.Min(minOverlap, Math.Min(q, width));
        var last = q + width - mo;
        var bestKey = long.MinValue;
        long bestSum = 0;
        var bestOverlap = -1;
        var bestOffset = 0;
        for (var configuration = mo; configuration <= last; configuration++)
        {
            int targetCol, queryCol;
            if (configuration <= q)
            {
                targetCol = 0;
                queryCol = q - configuration;
            }
            else
            {
                queryCol = 0;
                targetCol = configuration - q;
            }

            long sum = 0;
            var overlap = 0;
            while (queryCol < q && targetCol < width)
            {
                sum += scaled[(queryCol * n) + columnStart + targetCol];
                queryCol++;
                targetCol++;
                overlap++;
            }

            // Complete score in scaled units: unaligned query columns score the scaled median.
            var key = sum + ((q - overlap) * unaligned);
            if (key > bestKey || (key == bestKey && overlap > bestOverlap))
            {
                bestKey = key;
                bestSum = sum;
                bestOverlap = overlap;
                bestOffset = configuration - q;
            }
        }

        return (bestSum, bestOffset, bestOverlap);
    }

    private static double[] MaxTail(double[,][] spans, int q, int width, long unaligned, int orientations)
    {
        var pmfLength = (TomtomComparer.Bins * q) + 1;
        var extendedLength = pmfLength + (int)((q - 1) * unaligned);

        // Null of each alignment's complete score: span sum plus the unaligned columns' constant.
        var maxPmf = new double[extendedLength];
        maxPmf[0] = 1.0;
        var scratch = new double[extendedLength];
        var current = new double[extendedLength];
        var alignments = q + width - 1;
        for (var i = 0; i < alignments; i++)
        {
            int startCol, endCol;
            if (i < q)
            {
                startCol = q - i - 1;
                endCol = Math.Min(q, startCol + width) - 1;
            }
            else
            {
                startCol = 0;
                endCol = Math.Min(q, width + q - i - 1) - 1;
            }

            var span = spans[startCol, endCol];
            var shift = (int)((q - 1 - (endCol - startCol)) * unaligned);
            Array.Clear(current);
            Array.Copy(span, 0, current, shift, Math.Min(span.Length, extendedLength - shift));
            for (var orientation = 0; orientation < orientations; orientation++)
            {
                // P(max' = k) = P(X = k) P(max < k) + P(max = k) P(X < k) + P(X = k) P(max = k).
                var below = 0.0;
                var currentBelow = 0.0;
                for (var k = 0; k < extendedLength; k++)
                {
                    var x = current[k];
                    var m = maxPmf[k];
                    scratch[k] = (x * below) + (m * currentBelow) + (x * m);
                    below += m;
                    currentBelow += x;
                }

                (maxPmf, scratch) = (scratch, maxPmf);
            }
        }

        // Upper tail: P(max >= k).
        var tail = new double[extendedLength];
        var total = 0.0;
        for (var k = extendedLength - 1; k >= 0; k--)
        {
            total += maxPmf[k];
            tail[k] = total;
        }

        return tail;
    }

    /// <summary>Returns the k-th smallest value (0-based), partially reordering the array (Hoare selection).</summary>
    private static double Select(double[] values, int k)
    {
        var left = 0;
        var right = values.Length - 1;
        while (left < right)
        {
            var pivot = values[left + ((right - left) / 2)];
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    /// <summary>y += a·x.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var width = System.Numerics.Vector<double>.Count;
            var factor = new System.Numerics.Vector<double>(a);
            for (; i <= x.Length - width; i += width)
            {
                var result = new System.Numerics.Vector<double>(y.Slice(i, width)) + (factor * new System.Numerics.Vector<double>(x.Slice(i, width)));
                result.CopyTo(y.Slice(i, width));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.MinValue;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private readonly record struct Entry(int Index, int Offset, int Overlap, double PValue, double Score);

    private sealed record Target(Motif Motif, int TargetIndex, bool Reverse, int ColumnStart, int Width, string Consensus, string StrandedId);

    private sealed class Database
    {
        private readonly double[] _columns;
        private readonly double[] _centred;
        private readonly double[] _norms;

        private Database(List<Target> entries, double[] columns, int targetCount, int orientations, MotifBackground background)
        {
            Entries = entries;
            _columns = columns;
            ColumnCount = columns.Length / 4;
            TargetCount = targetCount;
            Orientations = orientations;
            Background = background;
            _centred = new double[columns.Length];
            _norms = new double[ColumnCount];
            for (var c = 0; c < ColumnCount; c++)
            {
                var sq = 0.0;
                for (var a = 0; a < 4; a++)
                {
                    var d = columns[(c * 4) + a] - 0.25;
                    _centred[(c * 4) + a] = d;
                    sq += d * d;
                }

                _norms[c] = Math.Sqrt(sq);
            }
        }

        public List<Target> Entries { get; }

        public int ColumnCount { get; }

        public int TargetCount { get; }

        public int Orientations { get; }

        public MotifBackground Background { get; }

        public static Database Build(IReadOnlyList<Motif> targets, TomtomOptions options)
        {
            var background = (options.Background ?? MotifBackground.Uniform).Symmetrized();
            var entries = new List<Target>();
            var columns = new List<double>();
            for (var t = 0; t < targets.Count; t++)
            {
                var motif = targets[t];
                var forward = TomtomComparer.Smooth(motif.Probabilities, motif.Sites, background, options.Pseudocount);
                Add(entries, columns, motif, t, forward, reverse: false);
                if (options.BothStrands)
                {
                    var width = motif.Width;
                    var rc = new double[forward.Length];
                    for (var a = 0; a < 4; a++)
                    {
                        for (var w = 0; w < width; w++)
                        {
                            rc[((3 - a) * width) + (width - 1 - w)] = forward[(a * width) + w];
                        }
                    }

                    Add(entries, columns, motif, t, rc, reverse: true);
                }
            }

            return new Database(entries, [.. columns], targets.Count, options.BothStrands ? 2 : 1, background);
        }

        public void Score(double[] query, int i, int width, ColumnSimilarity similarity, Span<double> row)
        {
            Span<double> column = [query[i], query[width + i], query[(2 * width) + i], query[(3 * width) + i]];
            if (similarity == ColumnSimilarity.Pearson)
            {
                Span<double> centred = [column[0] - 0.25, column[1] - 0.25, column[2] - 0.25, column[3] - 0.25];
                var norm = Math.Sqrt((centred[0] * centred[0]) + (centred[1] * centred[1]) + (centred[2] * centred[2]) + (centred[3] * centred[3]));
                for (var c = 0; c < ColumnCount; c++)
                {
                    var denominator = norm * _norms[c];
                    var k = c * 4;
                    row[c] = denominator == 0 ? 0 : ((centred[0] * _centred[k]) + (centred[1] * _centred[k + 1]) + (centred[2] * _centred[k + 2]) + (centred[3] * _centred[k + 3])) / denominator;
                }
            }
            else
            {
                for (var c = 0; c < ColumnCount; c++)
                {
                    var k = c * 4;
                    var d0 = column[0] - _columns[k];
                    var d1 = column[1] - _columns[k + 1];
                    var d2 = column[2] - _columns[k + 2];
                    var d3 = column[3] - _columns[k + 3];
                    row[c] = -Math.Sqrt((d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3));
                }
            }
        }

        private static void Add(List<Target> entries, List<double> columns, Motif motif, int index, double[] values, bool reverse)
        {
            var width = motif.Width;
            var start = columns.Count / 4;
            for (var w = 0; w < width; w++)
            {
                for (var a = 0; a < 4; a++)
                {
                    columns.Add(values[(a * width) + w]);
                }
            }

            var consensus = TomtomComparer.ArgmaxConsensus(values, width, motif.Alphabet);
            entries.Add(new Target(motif, index, reverse, start, width, consensus, (reverse ? "-" : "+") + motif.Id));
        }
    }
}

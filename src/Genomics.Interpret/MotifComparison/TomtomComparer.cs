using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;
using Genomics.Models.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// A re-implementation of MEME tomtom's motif comparison with complete scoring (see docs/decisions/tomtom.md):
/// <list type="number">
/// <item>Pseudocounts are applied to queries and targets; the target database is extended with every target's
/// reverse complement (unless <see cref="TomtomOptions.BothStrands"/> is false).</item>
/// <item>Each query column is scored against every target column; each query column's scores are shifted so that
/// their median is 0 (so unaligned columns add 0 to a "complete" score), then all scores of the query are mapped
/// to integers 0..100 with an integer offset and scale.</item>
/// <item>For every contiguous span of query columns, the distribution of the summed integer scores under the null
/// (each column drawn uniformly from all target columns) is built by convolution.</item>
/// <item>For each target and orientation, the alignment (offset) with the highest complete score among those
/// overlapping at least <see cref="TomtomOptions.MinOverlap"/> columns is kept (ties: larger overlap, then smaller
/// offset); its p-value is the probability that the best of all alignments of a random target of the same width,
/// in both orientations, scores at least as high.</item>
/// <item>E = p × number of targets; q-values are Benjamini–Hochberg over the p-values of all target orientations;
/// for each target the better orientation is reported.</item>
/// </list>
/// Queries are compared in parallel; each query is independent of the others.
/// </summary>
public sealed class TomtomComparer : IMotifComparer
{
    /// <summary>Number of integer bins a column score is mapped to (tomtom's BINS).</summary>
    public const int Bins = 100;

    private readonly ILogger _logger;

    /// <summary>Initializes a comparer.</summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="loggerFactory">Receives start and end messages (for example <c>ComputeContext.LoggerFactory</c>); none when null.</param>
    public TomtomComparer(TomtomOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new TomtomOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TomtomComparer>();
    }

    /// <summary>Gets the options.</summary>
    public TomtomOptions Options { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/>, <paramref name="targets"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">No targets, or motifs of different alphabets.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<MotifMatch> Compare(
        IReadOnlyList<Motif> queries,
        IReadOnlyList<Motif> targets,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target motif is needed.", nameof(targets));
        }

        for (var i = 0; i < queries.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(queries[i], nameof(queries));
        }

        var alphabet = targets[0]?.Alphabet ?? throw new ArgumentNullException(nameof(targets), "Target 0 is null.");
        for (var i = 0; i < targets.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(targets[i], nameof(targets));
            if (!ReferenceEquals(targets[i].Alphabet, alphabet))
            {
                throw new ArgumentException($"Target '{targets[i].Id}' uses the {targets[i].Alphabet.Name} alphabet but target 0 uses {alphabet.Name}.", nameof(targets));
            }
        }

        foreach (var query in queries)
        {
            if (!ReferenceEquals(query.Alphabet, alphabet))
            {
                throw new ArgumentException($"Query '{query.Id}' uses the {query.Alphabet.Name} alphabet but the targets use {alphabet.Name}.", nameof(queries));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var database = TargetDatabase.Build(targets, Options);
        MotifLog.ComparisonStart(_logger, queries.Count, targets.Count, database.Orientations, database.ColumnCount);
        var results = new List<MotifMatch>[queries.Count];
        var done = 0L;
        progress?.Report(new OperationProgress("tomtom", 0, queries.Count));
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1,
        };
        Parallel.For(0, queries.Count, parallel, q =>
        {
            results[q] = CompareOne(queries[q], database, cancellationToken);
            var completed = Interlocked.Increment(ref done);
            progress?.Report(new OperationProgress("tomtom", completed, queries.Count));
        });

        List<MotifMatch> all = [.. results.SelectMany(r => r)];
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        MotifLog.ComparisonEnd(_logger, all.Count, seconds);
        return all;
    }

    private List<MotifMatch> CompareOne(Motif query, TargetDatabase db, CancellationToken cancellationToken)
    {
        var q = query.Width;
        var n = db.ColumnCount;
        var queryColumns = Smooth(query.Probabilities, query.Sites, db.Background, Options.Pseudocount);

        // 1. Column scores, median-shifted per query column.
        var raw = new double[q * n];
        var sorted = new double[n];
        for (var i = 0; i < q; i++)
        {
            var row = raw.AsSpan(i * n, n);
            db.Score(queryColumns, i, q, Options.ColumnSimilarity, row);
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

        cancellationToken.ThrowIfCancellationRequested();

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
        var scale = Math.Max(1.0, Math.Floor(Bins / (large - offset)));
        var scaled = new int[q * n];
        var histograms = new double[q, Bins + 1];
        for (var i = 0; i < q; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = (int)Math.Min(Bins, Math.Floor(((raw[(i * n) + j] - offset) * scale) + 0.5));
                scaled[(i * n) + j] = s;
                histograms[i, s] += 1.0 / n;
            }
        }

        var occupied = new int[q][];
        for (var i = 0; i < q; i++)
        {
            occupied[i] = [.. Enumerable.Range(0, Bins + 1).Where(b => histograms[i, b] > 0)];
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
                var next = new double[current.Length + Bins];
                foreach (var s in occupied[end])
                {
                    Axpy(histograms[end, s], current, next.AsSpan(s, current.Length));
                }

                spans[start, end] = next;
                current = next;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 4. Best alignment per target orientation, and its p-value from the null of the best alignment.
        var maxNulls = new Dictionary<int, double[]>();
        var entries = new Entry[db.Entries.Count];
        for (var e = 0; e < entries.Length; e++)
        {
            var target = db.Entries[e];
            var best = BestAlignment(scaled, n, q, target.ColumnStart, target.Width, Options.MinOverlap, unaligned);
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
        var running = 1.0;
        for (var r = m - 1; r >= 0; r--)
        {
            running = Math.Min(running, entries[r].PValue * m / (r + 1));
            qValues[r] = running;
        }

        var queryConsensus = ArgmaxConsensus(queryColumns, q, query.Alphabet);
        var seen = new HashSet<int>();
        var matches = new List<MotifMatch>();
        for (var r = 0; r < m; r++)
        {
            var entry = entries[r];
            var evalue = entry.PValue * db.TargetCount;
            var significance = Options.ThresholdOn == SignificanceMeasure.QValue ? qValues[r] : evalue;
            if (significance > Options.Threshold)
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
        var pmfLength = (Bins * q) + 1;
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

    /// <summary>Applies tomtom's pseudocount: p' = (p n + c b) / (n + c), n = whole number of sites (20 when unknown).</summary>
    internal static double[] Smooth(PositionProbabilityMatrix ppm, double? sites, MotifBackground background, double pseudocount)
    {
        var width = ppm.Width;
        var values = ppm.Values;
        var result = new double[4 * width];
        var n = sites is >= 1 ? Math.Floor(sites.Value) : PositionWeightMatrix.DefaultSites;
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                var p = values[(a * width) + w];
                result[(a * width) + w] = pseudocount == 0 ? p : ((p * n) + (pseudocount * background[a])) / (n + pseudocount);
            }
        }

        return result;
    }

    /// <summary>Tomtom's consensus: the first most probable letter of each column (compared in single precision).</summary>
    internal static string ArgmaxConsensus(double[] values, int width, Models.Encoding.Alphabet alphabet)
    {
        var chars = new char[width];
        for (var w = 0; w < width; w++)
        {
            var best = 0;
            var max = (float)values[w];
            for (var a = 1; a < 4; a++)
            {
                if (values[(a * width) + w] > max)
                {
                    max = (float)values[(a * width) + w];
                    best = a;
                }
            }

            chars[w] = alphabet.SymbolAt(best);
        }

        return new string(chars);
    }

    private readonly record struct Entry(int Index, int Offset, int Overlap, double PValue, double Score);
}

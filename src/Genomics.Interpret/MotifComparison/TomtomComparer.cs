using Genomics.Interpret.Motifs;
using Genomics.Interpret.Statistics;
using Genomics.Models.Compute;
using Genomics.Models.IO;
using Microsoft.Extensions.Logging;

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
/// <item>E = p × number of targets; q-values are computed over the p-values of all target orientations, with π₀
/// estimated as MEME does (<see cref="TomtomOptions.QValues"/>; Benjamini–Hochberg on request); for each target the
/// better orientation is reported.</item>
/// </list>
/// Queries are compared in parallel; each query is independent of the others.
/// </summary>
public sealed class TomtomComparer : IMotifComparer
{
    /// <summary>Number of integer bins a column score is mapped to (tomtom's BINS).</summary>
    public const int Bins = 100;

    private static readonly double[] s_one = [1.0];

    private static readonly Comparison<Entry> s_entryOrder = (a, b) =>
    {
        var byP = a.PValue.CompareTo(b.PValue);
        if (byP != 0)
        {
            return byP;
        }

        var byOverlap = b.Overlap.CompareTo(a.Overlap);
        return byOverlap != 0 ? byOverlap : a.IdRank.CompareTo(b.IdRank);
    };

    /// <summary>Initializes a comparer.</summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="TomtomOptions.Validate"/>).</exception>
    public TomtomComparer(TomtomOptions? options = null)
    {
        Options = (options ?? new TomtomOptions()).Validate();
    }

    /// <summary>Gets the options.</summary>
    public TomtomOptions Options { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// Start and end messages go to the context's <see cref="ComputeContext.LoggerFactory"/>. The threads are
    /// <see cref="TomtomOptions.MaxDegreeOfParallelism"/>; the context's device, seed and batch size play no part.
    /// With <see cref="TomtomOptions.Background"/> null, queries given as a <see cref="MotifSet"/> (a motif file) lend
    /// it their <see cref="MotifSet.Background"/>, as tomtom takes the query file's background by default; other
    /// query lists get the uniform background.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/>, <paramref name="targets"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">No targets, or motifs of different alphabets.</exception>
    /// <exception cref="MotifNotFoundException">An id of <see cref="TomtomOptions.QueryIds"/> is no query's.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<MotifMatch> Compare(
        IReadOnlyList<Motif> queries,
        IReadOnlyList<Motif> targets,
        ComputeContext? context = null,
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

        var background = Options.Background ?? (queries as MotifSet)?.Background;
        queries = SelectQueries(queries, Options.QueryIds);
        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var logger = (context ?? ComputeContext.Default).LoggerFactory.CreateLogger<TomtomComparer>();
        var database = TargetDatabase.Build(targets, Options.Background == background ? Options : Options with { Background = background });
        MotifLog.ComparisonStart(logger, queries.Count, targets.Count, database.Orientations, database.ColumnCount);
        var results = new List<MotifMatch>[queries.Count];
        var widest = queries.Count == 0 ? 1 : queries.Max(query => query.Width);
        var done = 0L;
        progress?.Report(new OperationProgress("tomtom", 0, queries.Count));
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1,
        };
        Parallel.For(
            0,
            queries.Count,
            parallel,
            () =>
            {
                var workspace = new Workspace();
                workspace.Prepare(widest, database.ColumnCount, database.Entries.Count);
                workspace.PrepareSpans(widest);
                return workspace;
            },
            (q, _, workspace) =>
            {
                results[q] = CompareOne(queries[q], q, database, workspace, cancellationToken);
                var completed = Interlocked.Increment(ref done);
                progress?.Report(new OperationProgress("tomtom", completed, queries.Count));
                return workspace;
            },
            workspace => workspace.Dispose());

        List<MotifMatch> all = [.. results.SelectMany(r => r)];
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        MotifLog.ComparisonEnd(logger, all.Count, seconds);
        return all;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private List<MotifMatch> CompareOne(Motif query, int queryIndex, TargetDatabase db, Workspace ws, CancellationToken cancellationToken)
    {
        var q = query.Width;
        var n = db.ColumnCount;
        var queryColumns = Smooth(query.Probabilities, query.Sites, db.Background, Options.Pseudocount);
        ws.Prepare(q, n, db.Entries.Count);

        // 1. Column scores and each query column's median. Shifting by the median is monotone, so the extremes of
        //    the shifted scores are the shifted extremes.
        var raw = ws.Raw;
        var medians = ws.Medians;
        var small = double.MaxValue;
        var large = double.MinValue;
        for (var i = 0; i < q; i++)
        {
            var row = raw.AsSpan(i * n, n);
            var (min, max) = db.Score(queryColumns, i, q, Options.ColumnSimilarity, row);
            var median = TomtomKernels.Median(row, min, max, ws.Buckets, ws.BucketCounts, ref ws.Candidates);
            medians[i] = median;
            small = Math.Min(small, min - median);
            large = Math.Max(large, max - median);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 2. Integer scores 0..Bins with an integer offset and scale, of the median-shifted scores, counted per query
        //    column.
        if (large == small)
        {
            small = large - 1;
        }

        var offset = Math.Floor(small);
        var scale = Math.Max(1.0, Math.Floor(Bins / (large - offset)));
        var scaled = ws.Scaled;
        var counts = ws.Counts;
        Array.Clear(counts, 0, q * (Bins + 1));
        for (var i = 0; i < q; i++)
        {
            TomtomKernels.ScaleRow(raw.AsSpan(i * n, n), medians[i], offset, scale, Bins, scaled.AsSpan(i * n, n), counts.AsSpan(i * (Bins + 1), Bins + 1));
        }

        // Each query column's histogram of integer scores over all target columns, as probabilities (1/n added once
        // per column, tabulated), over its occupied bins.
        var bins = ws.Bins;
        var weights = ws.Weights;
        var occupied = ws.Occupied;
        for (var i = 0; i < q; i++)
        {
            var o = 0;
            for (var b = 0; b <= Bins; b++)
            {
                var count = counts[(i * (Bins + 1)) + b];
                if (count > 0)
                {
                    bins[(i * (Bins + 1)) + o] = b;
                    weights[(i * (Bins + 1)) + o] = db.HistogramMass[count];
                    o++;
                }
            }

            occupied[i] = o;
        }

        // Score of an unaligned column in scaled units (the scaled median); an integer because offset and scale are.
        var unaligned = (long)Math.Round(-offset * scale);

        // 3. Null distributions of summed scores over every contiguous span [start, end], with their running sums.
        var spans = ws.PrepareSpans(q);
        for (var start = 0; start < q; start++)
        {
            ReadOnlySpan<double> current = s_one;
            int first = 0, last = 0;
            for (var end = start; end < q; end++)
            {
                var p = (start * q) + end;
                var next = spans.Values.AsSpan(spans.Offsets[p], current.Length + Bins);
                var column = end * (Bins + 1);
                var below = spans.Below.AsSpan(spans.Offsets[p], next.Length);
                (spans.Totals[p], first, last) = TomtomKernels.Convolve(current, first, last, bins.AsSpan(column, occupied[end]), weights.AsSpan(column, occupied[end]), Bins, ws.Padded, next, below);
                spans.First[p] = first;
                spans.Last[p] = last;
                current = next;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 4. Null of the best alignment for every target width, then the best alignment per target orientation.
        var extendedLength = (Bins * q) + 1 + (int)((q - 1) * unaligned);
        MaxTails(ws, spans, q, db.Widths, unaligned, db.Orientations, extendedLength);
        var entries = ws.Entries;
        var count2 = db.Entries.Count;
        for (var e = 0; e < count2; e++)
        {
            var target = db.Entries[e];
            var best = BestAlignment(ws, n, q, target.ColumnStart, target.Width, Options.MinOverlap, unaligned);
            var score = best.Sum + ((q - best.Overlap) * unaligned);
            var tail = ws.Tails[target.Width];
            var p = score < 0 ? 1.0 : score >= extendedLength ? 0.0 : tail[(int)score];
            entries[e] = new Entry(e, best.Offset, best.Overlap, Math.Min(1.0, p), (best.Sum + (best.Overlap * offset * scale)) / scale, db.IdRanks[e]);
        }

        // 5. q-values (they depend only on the sorted p-values), the number of rows within the threshold, and those
        //    rows in order: p ascending, overlap descending, then strand and id as tomtom.
        var m = count2;
        var sortedP = ws.SortedP;
        for (var e = 0; e < m; e++)
        {
            sortedP[e] = entries[e].PValue;
        }

        Array.Sort(sortedP, 0, m);
        var qValues = ws.QValues;
        var pi0 = Options.QValues == QValueMethod.Storey ? EstimatePi0(sortedP.AsSpan(0, m), queryIndex) : 1.0;
        StoreyQValues.FromSorted(sortedP.AsSpan(0, m), pi0, m, qValues.AsSpan(0, m));

        var rows = 0;
        while (rows < m && (Options.ThresholdOn == SignificanceMeasure.QValue ? qValues[rows] : sortedP[rows] * db.TargetCount) <= Options.Threshold)
        {
            rows++;
        }

        var ordered = entries.AsSpan(0, m);
        if (db.UniqueIds && rows < m)
        {
            // The order is total, so the first rows are the first rows of the entries with p up to the last row's.
            var boundary = rows == 0 ? double.NegativeInfinity : sortedP[rows - 1];
            var kept = 0;
            for (var e = 0; e < m; e++)
            {
                if (entries[e].PValue <= boundary)
                {
                    entries[kept++] = entries[e];
                }
            }

            ordered = entries.AsSpan(0, kept);
        }

        ordered.Sort(s_entryOrder);

        var queryConsensus = ArgmaxConsensus(queryColumns, q, query.Alphabet);
        var seen = new HashSet<int>();
        var matches = new List<MotifMatch>();
        for (var r = 0; r < rows; r++)
        {
            var entry = ordered[r];
            var evalue = entry.PValue * db.TargetCount;
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

    /// <summary>
    /// Tomtom's π₀ for the query at <paramref name="queryIndex"/> of a run: MEME's estimate from the p-values as tomtom
    /// stores them (single precision), with the bootstrap draws where that query's draws start in one tomtom process
    /// (every earlier query estimated π₀ from as many p-values, so each consumed the same number of draws).
    /// </summary>
    internal static double EstimatePi0(ReadOnlySpan<double> sortedP, int queryIndex)
    {
        if (sortedP.Length <= StoreyQValues.MinimumCount)
        {
            return 1.0;
        }

        var single = new double[sortedP.Length];
        for (var i = 0; i < single.Length; i++)
        {
            single[i] = (float)sortedP[i];
        }

        var random = new Drand48();
        random.Skip(queryIndex * StoreyQValues.DrawsPerEstimate);
        return StoreyQValues.EstimatePi0(single, random);
    }

    /// <summary>The queries tomtom's <c>-m</c> keeps: those whose id is listed, in their own order.</summary>
    internal static IReadOnlyList<Motif> SelectQueries(IReadOnlyList<Motif> queries, IReadOnlyList<string>? ids)
    {
        if (ids is null)
        {
            return queries;
        }

        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var option = nameof(TomtomOptions.QueryIds);
        foreach (var id in ids)
        {
            if (!queries.Any(query => string.Equals(query.Id, id, StringComparison.Ordinal)))
            {
                throw new MotifNotFoundException(id, option, "the queries");
            }
        }

        return [.. queries.Where(query => wanted.Contains(query.Id))];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Sum, int Offset, int Overlap) BestAlignment(Workspace ws, int n, int q, int columnStart, int width, int minOverlap, long unaligned)
    {
        var diagonals = ws.Diagonals;
        TomtomKernels.DiagonalSums(ws.Scaled, n, q, columnStart, width, diagonals);
        var mo = Math.Min(minOverlap, Math.Min(q, width));
        var last = q + width - mo;
        var bestKey = long.MinValue;
        long bestSum = 0;
        var bestOverlap = -1;
        var bestOffset = 0;
        for (var configuration = mo; configuration <= last; configuration++)
        {
            // Target column minus query column along the alignment; the overlap is the length of that diagonal.
            var d = configuration - q;
            long sum = diagonals[d + q - 1];
            var overlap = Math.Min(q - 1, width - 1 - d) - Math.Max(0, -d) + 1;

            // Complete score in scaled units: unaligned query columns score the scaled median.
            var key = sum + ((q - overlap) * unaligned);
            if (key > bestKey || (key == bestKey && overlap > bestOverlap))
            {
                bestKey = key;
                bestSum = sum;
                bestOverlap = overlap;
                bestOffset = d;
            }
        }

        return (bestSum, bestOffset, bestOverlap);
    }

    /// <summary>
    /// For every target width w, the upper tail P(max ≥ k) of the best of the q + w − 1 alignment scores of a random
    /// target (each folded in once per orientation), into <c>ws.Tails[w]</c>. The first w alignments of width w are
    /// the same for every width ≥ w (the query's suffixes, then the whole query), so widths are taken in ascending order
    /// and that common sequence is folded only once, its state copied at each width.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void MaxTails(Workspace ws, SpanTable spans, int q, int[] widths, long unaligned, int orientations, int extendedLength)
    {
        var chain = ws.PrepareMaxima(extendedLength, q, widths[^1]);
        var work = ws.MaxWork;
        chain.AsSpan(0, extendedLength).Clear();
        chain[0] = 1.0;
        int chainLo = 0, chainHi = 0, folded = 0;
        foreach (var width in widths)
        {
            for (; folded < width; folded++)
            {
                FoldAlignment(chain, ref chainLo, ref chainHi, spans, q, width, folded, unaligned, orientations);
            }

            work.AsSpan(0, extendedLength).Clear();
            chain.AsSpan(chainLo, chainHi - chainLo + 1).CopyTo(work.AsSpan(chainLo));
            int lo = chainLo, hi = chainHi;
            var alignments = q + width - 1;
            for (var i = width; i < alignments; i++)
            {
                FoldAlignment(work, ref lo, ref hi, spans, q, width, i, unaligned, orientations);
            }

            // Upper tail: P(max >= k).
            var tail = ws.Tails[width];
            var total = 0.0;
            for (var k = extendedLength - 1; k >= 0; k--)
            {
                total += work[k];
                tail[k] = total;
            }
        }
    }

    private static void FoldAlignment(double[] pmf, ref int lo, ref int hi, SpanTable spans, int q, int width, int i, long unaligned, int orientations)
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

        // Null of this alignment's complete score: span sum plus the unaligned columns' constant.
        var p = (startCol * q) + endCol;
        var shift = (int)((q - 1 - (endCol - startCol)) * unaligned);
        var length = (Bins * (endCol - startCol + 1)) + 1;
        var offset = spans.Offsets[p];
        TomtomKernels.FoldMaximum(
            pmf,
            ref lo,
            ref hi,
            spans.Values.AsSpan(offset, length),
            spans.Below.AsSpan(offset, length),
            spans.Totals[p],
            shift,
            spans.First[p],
            spans.Last[p],
            orientations);
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

    private readonly record struct Entry(int Index, int Offset, int Overlap, double PValue, double Score, int IdRank);

    /// <summary>Null distributions of every span [start, end] of query columns, at index start · q + end.</summary>
    private sealed class SpanTable
    {
        public int[] Offsets { get; private set; } = [];

        public double[] Values { get; private set; } = [];

        /// <summary>Gets the exclusive running sums of each span's values, from 0 (same offsets as <see cref="Values"/>).</summary>
        public double[] Below { get; private set; } = [];

        public double[] Totals { get; private set; } = [];

        /// <summary>Gets the first index of each span that is non-zero (0 when none).</summary>
        public int[] First { get; private set; } = [];

        /// <summary>Gets the last index of each span that is non-zero (0 when none).</summary>
        public int[] Last { get; private set; } = [];

        /// <summary>Lays out the spans of a query of width <paramref name="q"/>, growing the buffers when needed.</summary>
        public void Prepare(int q)
        {
            Offsets = Workspace.Grow(Offsets, q * q);
            Totals = Workspace.Grow(Totals, q * q);
            First = Workspace.Grow(First, q * q);
            Last = Workspace.Grow(Last, q * q);
            var size = 0;
            for (var start = 0; start < q; start++)
            {
                for (var end = start; end < q; end++)
                {
                    Offsets[(start * q) + end] = size;
                    size += (Bins * (end - start + 1)) + 1;
                }
            }

            Values = Workspace.Grow(Values, size);
            Below = Workspace.Grow(Below, size);
        }

        public void Return()
        {
            Workspace.Return(Offsets);
            Workspace.Return(Totals);
            Workspace.Return(First);
            Workspace.Return(Last);
            Workspace.Return(Values);
            Workspace.Return(Below);
            (Offsets, Totals, First, Last, Values, Below) = ([], [], [], [], [], []);
        }
    }

    /// <summary>
    /// Buffers of one worker, reused from query to query and rented from the shared array pools (returned by
    /// <see cref="Dispose"/>), so that repeated comparisons do not allocate them again. Rented arrays are not cleared:
    /// every user writes or clears what it reads.
    /// </summary>
    private sealed class Workspace : IDisposable
    {
        // A field: passed by reference to the median kernel, which grows it when needed.
        public double[] Candidates = new double[64];

        public double[] Raw { get; private set; } = [];

        public double[] Medians { get; private set; } = [];

        public int[] Buckets { get; private set; } = [];

        public int[] BucketCounts { get; private set; } = [];

        public int[] Scaled { get; private set; } = [];

        public int[] Counts { get; private set; } = [];

        public int[] Bins { get; private set; } = [];

        public double[] Weights { get; private set; } = [];

        public int[] Occupied { get; private set; } = [];

        public double[] Padded { get; private set; } = [];

        public int[] Diagonals { get; private set; } = [];

        public Entry[] Entries { get; private set; } = [];

        public double[] QValues { get; private set; } = [];

        public double[] SortedP { get; private set; } = [];

        public double[] MaxChain { get; private set; } = [];

        public double[] MaxWork { get; private set; } = [];

        /// <summary>Gets the upper tail of the best-alignment null per target width (index = width).</summary>
        public double[][] Tails { get; private set; } = [];

        private SpanTable Spans { get; } = new();

        /// <summary>Sizes the buffers for queries up to <paramref name="q"/> columns wide; they grow later if needed.</summary>
        public void Prepare(int q, int n, int entries)
        {
            Raw = Grow(Raw, q * n);
            Scaled = Grow(Scaled, q * n);
            Buckets = Grow(Buckets, n);
            BucketCounts = Grow(BucketCounts, TomtomKernels.MedianBuckets);
            Medians = Grow(Medians, q);
            Counts = Grow(Counts, q * (TomtomComparer.Bins + 1));
            Bins = Grow(Bins, q * (TomtomComparer.Bins + 1));
            Weights = Grow(Weights, q * (TomtomComparer.Bins + 1));
            Occupied = Grow(Occupied, q);
            Padded = Grow(Padded, (TomtomComparer.Bins * q) + 1 + (2 * TomtomComparer.Bins) + 16);
            Entries = Grow(Entries, entries);
            QValues = Grow(QValues, entries);
            SortedP = Grow(SortedP, entries);
        }

        public SpanTable PrepareSpans(int q)
        {
            Spans.Prepare(q);
            return Spans;
        }

        /// <summary>Sizes the maximum-null buffers for a query of width <paramref name="q"/>; returns the chain buffer.</summary>
        public double[] PrepareMaxima(int length, int q, int maxWidth)
        {
            MaxChain = Grow(MaxChain, length);
            MaxWork = Grow(MaxWork, length);
            if (Tails.Length < maxWidth + 1)
            {
                Tails = new double[maxWidth + 1][];
                Array.Fill(Tails, []);
            }

            for (var w = 0; w < Tails.Length; w++)
            {
                Tails[w] = Grow(Tails[w], length);
            }

            Diagonals = Grow(Diagonals, q + maxWidth);
            return MaxChain;
        }

        public void Dispose()
        {
            Return(Raw);
            Return(Scaled);
            Return(Buckets);
            Return(BucketCounts);
            Return(Medians);
            Return(Counts);
            Return(Bins);
            Return(Weights);
            Return(Occupied);
            Return(Padded);
            Return(Diagonals);
            Return(Entries);
            Return(QValues);
            Return(SortedP);
            Return(MaxChain);
            Return(MaxWork);
            foreach (var tail in Tails)
            {
                Return(tail);
            }

            Tails = [];
            Spans.Return();
        }

        /// <summary>Returns <paramref name="array"/> when it holds <paramref name="length"/> items, else returns it to the pool and rents a larger one.</summary>
        internal static T[] Grow<T>(T[] array, int length)
        {
            if (array.Length >= length)
            {
                return array;
            }

            Return(array);
            return System.Buffers.ArrayPool<T>.Shared.Rent(length);
        }

        internal static void Return<T>(T[] array)
        {
            if (array.Length > 0)
            {
                System.Buffers.ArrayPool<T>.Shared.Return(array);
            }
        }
    }
}

using Genomics.Models.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// Targets prepared for comparison: smoothed, with reverse complements, all columns concatenated. The columns are kept
/// letter by letter (one array per letter, structure of arrays) so that a query column is scored against all of them
/// with vector instructions, and everything that does not depend on the query is computed here once.
/// </summary>
internal sealed class TargetDatabase
{
    // Letter-major columns of all entries: _letters[letter][column]; for Pearson also centred (p − 0.25) with their norms.
    private readonly double[][] _letters;
    private readonly double[][] _centred;
    private readonly double[] _norms;

    private TargetDatabase(List<TargetEntry> entries, double[][] letters, int targetCount, int orientations, MotifBackground background)
    {
        Entries = entries;
        _letters = letters;
        ColumnCount = letters[0].Length;
        TargetCount = targetCount;
        Orientations = orientations;
        Background = background;
        _centred = [new double[ColumnCount], new double[ColumnCount], new double[ColumnCount], new double[ColumnCount]];
        _norms = new double[ColumnCount];
        for (var c = 0; c < ColumnCount; c++)
        {
            var sq = 0.0;
            for (var a = 0; a < 4; a++)
            {
                var d = letters[a][c] - 0.25;
                _centred[a][c] = d;
                sq += d * d;
            }

            _norms[c] = Math.Sqrt(sq);
        }

        // The null histograms add 1/n once per target column that falls in a bin; the running sums are the same for
        // every query, so they are tabulated: HistogramMass[k] is 1/n added k times, in that order.
        HistogramMass = new double[ColumnCount + 1];
        for (var k = 1; k <= ColumnCount; k++)
        {
            HistogramMass[k] = HistogramMass[k - 1] + (1.0 / ColumnCount);
        }

        // Tie-break rank of each entry: ordinal order of "+id" / "−id" (equal strings share a rank).
        var order = Enumerable.Range(0, entries.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(entries[a].StrandedId, entries[b].StrandedId));
        IdRanks = new int[entries.Count];
        for (var r = 1; r < order.Length; r++)
        {
            var same = string.Equals(entries[order[r]].StrandedId, entries[order[r - 1]].StrandedId, StringComparison.Ordinal);
            IdRanks[order[r]] = same ? IdRanks[order[r - 1]] : r;
            UniqueIds &= !same;
        }

        Widths = [.. entries.Select(e => e.Width).Distinct().Order()];
    }

    public IReadOnlyList<TargetEntry> Entries { get; }

    public int ColumnCount { get; }

    public int TargetCount { get; }

    public int Orientations { get; }

    public MotifBackground Background { get; }

    /// <summary>Gets 1/<see cref="ColumnCount"/> summed k times (index k), sequentially from 0.</summary>
    public double[] HistogramMass { get; }

    /// <summary>Gets each entry's rank in ordinal order of <see cref="TargetEntry.StrandedId"/> (ties share a rank).</summary>
    public int[] IdRanks { get; }

    /// <summary>Gets a value indicating whether no two entries share a <see cref="TargetEntry.StrandedId"/> (so the ranks are distinct).</summary>
    public bool UniqueIds { get; } = true;

    /// <summary>Gets the distinct entry widths, ascending.</summary>
    public int[] Widths { get; }

    public static TargetDatabase Build(IReadOnlyList<Motif> targets, TomtomOptions options)
    {
        var background = (options.Background ?? MotifBackground.Uniform).Symmetrized();
        var entries = new List<TargetEntry>();
        var columns = new List<double>[] { [], [], [], [] };
        for (var t = 0; t < targets.Count; t++)
        {
            var motif = targets[t];
            var forward = TomtomComparer.Smooth(motif.Probabilities, motif.Sites, background, options.Pseudocount);
            Add(entries, columns, motif, t, forward, reverse: false);
            if (options.BothStrands)
            {
                Add(entries, columns, motif, t, AlphabetMatrix.ReverseComplement<double>(forward, motif.Width), reverse: true);
            }
        }

        return new TargetDatabase(entries, [.. columns.Select(c => c.ToArray())], targets.Count, options.BothStrands ? 2 : 1, background);
    }

    /// <summary>
    /// Scores query column <paramref name="i"/> (of a letter-major matrix of <paramref name="width"/> columns) against
    /// every target column into <paramref name="row"/>, and returns the smallest and largest score.
    /// </summary>
    public (double Min, double Max) Score(double[] query, int i, int width, ColumnSimilarity similarity, Span<double> row)
    {
        if (row.Length != ColumnCount)
        {
            throw new ArgumentException($"The row holds {row.Length} scores; there are {ColumnCount} target columns.", nameof(row));
        }

        var q0 = query[i];
        var q1 = query[width + i];
        var q2 = query[(2 * width) + i];
        var q3 = query[(3 * width) + i];
        if (similarity == ColumnSimilarity.Pearson)
        {
            var c0 = q0 - 0.25;
            var c1 = q1 - 0.25;
            var c2 = q2 - 0.25;
            var c3 = q3 - 0.25;
            var norm = Math.Sqrt((c0 * c0) + (c1 * c1) + (c2 * c2) + (c3 * c3));
            return PearsonRow(c0, c1, c2, c3, norm, _centred[0], _centred[1], _centred[2], _centred[3], _norms, row);
        }

        return EuclideanRow(q0, q1, q2, q3, _letters[0], _letters[1], _letters[2], _letters[3], row);
    }

    /// <summary>
    /// Pearson correlations of a centred query column (c0..c3, norm) with centred target columns (t0..t3, norms):
    /// ((c0 t0 + c1 t1) + c2 t2 + c3 t3) / (norm × norms), 0 where the denominator is 0. Vectorised; each element is
    /// computed with exactly the operations of the scalar formula.
    /// </summary>
    internal static (double Min, double Max) PearsonRow(
        double c0, double c1, double c2, double c3, double norm,
        ReadOnlySpan<double> t0, ReadOnlySpan<double> t1, ReadOnlySpan<double> t2, ReadOnlySpan<double> t3, ReadOnlySpan<double> norms,
        Span<double> row)
    {
        var n = row.Length;
        if (t0.Length < n || t1.Length < n || t2.Length < n || t3.Length < n || norms.Length < n)
        {
            throw new ArgumentException("Every target array needs at least as many columns as the row.", nameof(row));
        }

        return ScoreRow(new PearsonMetric(c0, c1, c2, c3, norm, t0, t1, t2, t3, norms), row);
    }

    /// <summary>
    /// Negative Euclidean distances of a query column (q0..q3) to target columns (t0..t3): −√((q0 − t0)² + … + (q3 − t3)²),
    /// summed left to right. Vectorised; each element is computed with exactly the operations of the scalar formula.
    /// </summary>
    internal static (double Min, double Max) EuclideanRow(
        double q0, double q1, double q2, double q3,
        ReadOnlySpan<double> t0, ReadOnlySpan<double> t1, ReadOnlySpan<double> t2, ReadOnlySpan<double> t3,
        Span<double> row)
    {
        var n = row.Length;
        if (t0.Length < n || t1.Length < n || t2.Length < n || t3.Length < n)
        {
            throw new ArgumentException("Every target array needs at least as many columns as the row.", nameof(row));
        }

        return ScoreRow(new EuclideanMetric(q0, q1, q2, q3, t0, t1, t2, t3), row);
    }

    /// <summary>
    /// The column-metric kernel: scores one query column against target columns 0..<c>row.Length</c> − 1 into
    /// <paramref name="row"/>, four at a time with vector instructions where the hardware has them and one at a time for
    /// the rest, and returns the smallest and largest score. The metric is a struct type argument, so the JIT compiles
    /// one specialised loop per metric with its per-column operation inlined.
    /// </summary>
    /// <typeparam name="TMetric">The per-column operation; its target arrays hold at least <c>row.Length</c> columns.</typeparam>
    /// <param name="metric">The metric, holding the query column and the target columns.</param>
    /// <param name="row">Receives one score per target column.</param>
    /// <returns>The smallest and largest score.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) ScoreRow<TMetric>(TMetric metric, Span<double> row)
        where TMetric : IColumnMetric, allows ref struct
    {
        var n = row.Length;
        var min = double.MaxValue;
        var max = double.MinValue;
        var j = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            var vmin = Vector256.Create(double.MaxValue);
            var vmax = Vector256.Create(double.MinValue);
            ref var ro = ref MemoryMarshal.GetReference(row);
            for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                var k = (nuint)j;
                var value = metric.Score(k);
                value.StoreUnsafe(ref ro, k);
                vmin = Vector256.MinNative(vmin, value);
                vmax = Vector256.MaxNative(vmax, value);
            }

            for (var l = 0; l < Vector256<double>.Count; l++)
            {
                min = Math.Min(min, vmin[l]);
                max = Math.Max(max, vmax[l]);
            }
        }

        for (; j < n; j++)
        {
            var value = metric.Score(j);
            row[j] = value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (min, max);
    }

    private static void Add(List<TargetEntry> entries, List<double>[] columns, Motif motif, int index, double[] values, bool reverse)
    {
        var width = motif.Width;
        var start = columns[0].Count;
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                columns[a].Add(values[(a * width) + w]);
            }
        }

        var consensus = TomtomComparer.ArgmaxConsensus(values, width, motif.Alphabet);
        entries.Add(new TargetEntry(motif, index, reverse, start, width, consensus, (reverse ? "-" : "+") + motif.Id));
    }
}

/// <summary>One target in one orientation.</summary>
internal sealed record TargetEntry(Motif Motif, int TargetIndex, bool Reverse, int ColumnStart, int Width, string Consensus, string StrandedId);

/// <summary>
/// The per-column operation of <see cref="TargetDatabase"/>'s column-metric kernel: the score of one query column
/// against target column j, computed one at a time and four at a time with exactly the same operations.
/// </summary>
internal interface IColumnMetric
{
    /// <summary>Scores target column <paramref name="j"/>.</summary>
    /// <param name="j">The target column, within the target arrays.</param>
    /// <returns>The score.</returns>
    double Score(int j);

    /// <summary>Scores target columns <paramref name="k"/> to <paramref name="k"/> + 3, unchecked.</summary>
    /// <param name="k">The first target column; the caller keeps <paramref name="k"/> + 3 within the target arrays.</param>
    /// <returns>The four scores.</returns>
    Vector256<double> Score(nuint k);
}

/// <summary>Pearson correlation of a centred query column with centred target columns; 0 where a norm is 0.</summary>
internal readonly ref struct PearsonMetric(
    double c0, double c1, double c2, double c3, double norm,
    ReadOnlySpan<double> t0, ReadOnlySpan<double> t1, ReadOnlySpan<double> t2, ReadOnlySpan<double> t3, ReadOnlySpan<double> norms) : IColumnMetric
{
    private readonly double _c0 = c0, _c1 = c1, _c2 = c2, _c3 = c3, _norm = norm;
    private readonly Vector256<double> _vc0 = Vector256.Create(c0), _vc1 = Vector256.Create(c1), _vc2 = Vector256.Create(c2), _vc3 = Vector256.Create(c3), _vnorm = Vector256.Create(norm);
    private readonly ReadOnlySpan<double> _t0 = t0, _t1 = t1, _t2 = t2, _t3 = t3, _norms = norms;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int j)
    {
        var denominator = _norm * _norms[j];
        return denominator == 0 ? 0 : ((_c0 * _t0[j]) + (_c1 * _t1[j]) + (_c2 * _t2[j]) + (_c3 * _t3[j])) / denominator;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Score(nuint k)
    {
        var numerator = (_vc0 * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t0), k))
            + (_vc1 * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t1), k))
            + (_vc2 * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t2), k))
            + (_vc3 * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t3), k));
        var denominator = _vnorm * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_norms), k);
        return Vector256.ConditionalSelect(Vector256.Equals(denominator, Vector256<double>.Zero), Vector256<double>.Zero, numerator / denominator);
    }
}

/// <summary>Negative Euclidean distance of a query column to target columns, the squares summed left to right.</summary>
internal readonly ref struct EuclideanMetric(
    double q0, double q1, double q2, double q3,
    ReadOnlySpan<double> t0, ReadOnlySpan<double> t1, ReadOnlySpan<double> t2, ReadOnlySpan<double> t3) : IColumnMetric
{
    private readonly double _q0 = q0, _q1 = q1, _q2 = q2, _q3 = q3;
    private readonly Vector256<double> _vq0 = Vector256.Create(q0), _vq1 = Vector256.Create(q1), _vq2 = Vector256.Create(q2), _vq3 = Vector256.Create(q3);
    private readonly ReadOnlySpan<double> _t0 = t0, _t1 = t1, _t2 = t2, _t3 = t3;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int j)
    {
        var d0 = _q0 - _t0[j];
        var d1 = _q1 - _t1[j];
        var d2 = _q2 - _t2[j];
        var d3 = _q3 - _t3[j];
        return -Math.Sqrt((d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Score(nuint k)
    {
        var d0 = _vq0 - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t0), k);
        var d1 = _vq1 - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t1), k);
        var d2 = _vq2 - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t2), k);
        var d3 = _vq3 - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_t3), k);
        return -Vector256.Sqrt((d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3));
    }
}

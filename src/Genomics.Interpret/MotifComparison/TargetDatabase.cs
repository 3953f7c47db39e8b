using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.MotifComparison;

/// <summary>Targets prepared for comparison: smoothed, with reverse complements, all columns concatenated.</summary>
internal sealed class TargetDatabase
{
    // Position-major columns of all entries: _columns[column * 4 + letter].
    private readonly double[] _columns;

    // Per column, the centred values and norm (Pearson).
    private readonly double[] _centred;
    private readonly double[] _norms;

    private TargetDatabase(List<TargetEntry> entries, double[] columns, int targetCount, int orientations, MotifBackground background)
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

    public IReadOnlyList<TargetEntry> Entries { get; }

    public int ColumnCount { get; }

    public int TargetCount { get; }

    public int Orientations { get; }

    public MotifBackground Background { get; }

    public static TargetDatabase Build(IReadOnlyList<Motif> targets, TomtomOptions options)
    {
        var background = (options.Background ?? MotifBackground.Uniform).Symmetrized();
        var entries = new List<TargetEntry>();
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

        return new TargetDatabase(entries, [.. columns], targets.Count, options.BothStrands ? 2 : 1, background);
    }

    /// <summary>Scores query column <paramref name="i"/> against every target column.</summary>
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

    private static void Add(List<TargetEntry> entries, List<double> columns, Motif motif, int index, double[] values, bool reverse)
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
        entries.Add(new TargetEntry(motif, index, reverse, start, width, consensus, (reverse ? "-" : "+") + motif.Id));
    }
}

/// <summary>One target in one orientation.</summary>
internal sealed record TargetEntry(Motif Motif, int TargetIndex, bool Reverse, int ColumnStart, int Width, string Consensus, string StrandedId);

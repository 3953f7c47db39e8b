using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// Settings of <see cref="TomtomComparer"/>, named after MEME tomtom's options. Defaults follow the tools that call
/// tomtom in this project (Pearson, which they all pass explicitly); tomtom's own command-line defaults differ only
/// in the column score (<c>ed</c>).
/// </summary>
public sealed record TomtomOptions
{
    private readonly int _minOverlap = 1;
    private readonly double _pseudocount = 0.1;
    private readonly double _threshold = 0.5;
    private readonly int? _maxDegreeOfParallelism;

    /// <summary>Gets the column score (<c>-dist</c>); Pearson by default.</summary>
    public ColumnSimilarity ColumnSimilarity { get; init; } = ColumnSimilarity.Pearson;

    /// <summary>
    /// Gets the minimum number of overlapping columns of an alignment (<c>-min-overlap</c>, default 1); lowered to the
    /// shorter motif's width when that is smaller, as tomtom does.
    /// </summary>
    public int MinOverlap
    {
        get => _minOverlap;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MinOverlap));
            _minOverlap = value;
        }
    }

    /// <summary>
    /// Gets the pseudocount applied to every query and target motif on load (<c>-motif-pseudo</c>, default 0.1):
    /// p' = (p × n + c × b) / (n + c) with n = the motif's number of sites (20 when unknown) and b the background.
    /// </summary>
    public double Pseudocount
    {
        get => _pseudocount;
        init
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Pseudocount), value, "The pseudocount must be finite and ≥ 0.");
            }

            _pseudocount = value;
        }
    }

    /// <summary>Gets whether targets are also compared on the reverse strand (true; false is tomtom's <c>-norc</c>).</summary>
    public bool BothStrands { get; init; } = true;

    /// <summary>Gets the background used for pseudocounts (made strand-symmetric, as tomtom does); uniform when null.</summary>
    public MotifBackground? Background { get; init; }

    /// <summary>Gets the statistic the threshold applies to (q-value by default; E-value is tomtom's <c>-evalue</c>).</summary>
    public SignificanceMeasure ThresholdOn { get; init; } = SignificanceMeasure.QValue;

    /// <summary>Gets the significance threshold (<c>-thresh</c>, default 0.5); <see cref="double.PositiveInfinity"/> keeps every target.</summary>
    public double Threshold
    {
        get => _threshold;
        init
        {
            if (double.IsNaN(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Threshold), value, "The threshold must be ≥ 0.");
            }

            _threshold = value;
        }
    }

    /// <summary>Gets the largest number of queries compared at once; null uses every core.</summary>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, nameof(MaxDegreeOfParallelism));
            }

            _maxDegreeOfParallelism = value;
        }
    }
}

using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// Settings of <see cref="TomtomComparer"/>, named after MEME tomtom's options. Defaults follow the tools that call
/// tomtom in this project (Pearson, which they all pass explicitly); tomtom's own command-line defaults differ only
/// in the column score (<c>ed</c>).
/// </summary>
/// <remarks>Settings are checked by <see cref="Validate"/>, which <see cref="TomtomComparer"/> calls when it is created.</remarks>
public sealed record TomtomOptions
{
    /// <summary>Gets the column score (<c>-dist</c>); Pearson by default.</summary>
    public ColumnSimilarity ColumnSimilarity { get; init; } = ColumnSimilarity.Pearson;

    /// <summary>
    /// Gets the minimum number of overlapping columns of an alignment (<c>-min-overlap</c>, default 1; at least 1);
    /// lowered to the shorter motif's width when that is smaller, as tomtom does.
    /// </summary>
    public int MinOverlap { get; init; } = 1;

    /// <summary>
    /// Gets the pseudocount applied to every query and target motif on load (<c>-motif-pseudo</c>, default 0.1; finite
    /// and ≥ 0): p' = (p × n + c × b) / (n + c) with n = the motif's number of sites (20 when unknown) and b the background.
    /// </summary>
    public double Pseudocount { get; init; } = 0.1;

    /// <summary>Gets whether targets are also compared on the reverse strand (true; false is tomtom's <c>-norc</c>).</summary>
    public bool BothStrands { get; init; } = true;

    /// <summary>
    /// Gets the background (<c>-bfile</c>): tomtom applies it to queries and targets through the pseudocount, made
    /// strand-symmetric; its Pearson and Euclidean column scores use no background otherwise, but the pseudocount alone
    /// changes the smoothed columns and so the scores and p-values. When null, tomtom's default: the query file's
    /// "Background letter frequencies" when the queries are a <see cref="MotifSet"/> (<see cref="MotifSet.Background"/>,
    /// uniform for files without that section), else uniform.
    /// </summary>
    public MotifBackground? Background { get; init; }

    /// <summary>
    /// Gets the ids of the queries to compare (tomtom's <c>-m</c>, repeatable), kept in the order the queries are given;
    /// null compares every query. An id no query has throws <see cref="MotifNotFoundException"/> when the comparison starts.
    /// </summary>
    public IReadOnlyList<string>? QueryIds { get; init; }

    /// <summary>
    /// Gets how q-values are computed: <see cref="QValueMethod.Storey"/>, as tomtom does (π₀ estimated by MEME's bootstrap
    /// from each query's p-values of every target orientation, 1 for 100 or fewer), or Benjamini–Hochberg.
    /// </summary>
    public QValueMethod QValues { get; init; } = QValueMethod.Storey;

    /// <summary>Gets the statistic the threshold applies to (q-value by default; E-value is tomtom's <c>-evalue</c>).</summary>
    public SignificanceMeasure ThresholdOn { get; init; } = SignificanceMeasure.QValue;

    /// <summary>Gets the significance threshold (<c>-thresh</c>, default 0.5; ≥ 0); <see cref="double.PositiveInfinity"/> keeps every target.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gets the largest number of queries compared at once (at least 1); null uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every setting; <see cref="TomtomComparer"/> calls it when it is created.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
    /// <exception cref="ArgumentException">A query id is null or empty (<see cref="QueryIds"/>).</exception>
    public TomtomOptions Validate()
    {
        if (!Enum.IsDefined(ColumnSimilarity))
        {
            throw new ArgumentOutOfRangeException(nameof(ColumnSimilarity), ColumnSimilarity, "Unknown column similarity.");
        }

        if (!Enum.IsDefined(ThresholdOn))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdOn), ThresholdOn, "Unknown significance measure.");
        }

        if (!Enum.IsDefined(QValues))
        {
            throw new ArgumentOutOfRangeException(nameof(QValues), QValues, "Unknown q-value method.");
        }

        if (QueryIds is not null && QueryIds.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A query id is null or empty.", nameof(QueryIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinOverlap, 1, nameof(MinOverlap));
        if (!double.IsFinite(Pseudocount) || Pseudocount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Pseudocount), Pseudocount, "The pseudocount must be finite and ≥ 0.");
        }

        if (double.IsNaN(Threshold) || Threshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be ≥ 0.");
        }

        if (MaxDegreeOfParallelism is { } parallelism)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(MaxDegreeOfParallelism));
        }

        return this;
    }
}

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

    /// <summary>Gets the background used for pseudocounts (made strand-symmetric, as tomtom does); uniform when null.</summary>
    public MotifBackground? Background { get; init; }

    /// <summary>Gets the statistic the threshold applies to (q-value by default; E-value is tomtom's <c>-evalue</c>).</summary>
    public SignificanceMeasure ThresholdOn { get; init; } = SignificanceMeasure.QValue;

    /// <summary>Gets the significance threshold (<c>-thresh</c>, default 0.5; ≥ 0); <see cref="double.PositiveInfinity"/> keeps every target.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gets the largest number of queries compared at once (at least 1); null uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every setting; <see cref="TomtomComparer"/> calls it when it is created.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
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

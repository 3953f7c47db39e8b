namespace Genomics.Models.IO;

/// <summary>One BED interval: 0-based, half-open coordinates [Start, End) on a named sequence.</summary>
/// <param name="Chrom">The sequence (chromosome) name.</param>
/// <param name="Start">The 0-based first position; 0 or more.</param>
/// <param name="End">The 0-based position just past the last one; at least <paramref name="Start"/>.</param>
/// <param name="Name">The interval name (BED column 4), or null when absent or '.'.</param>
/// <param name="Score">The score (BED column 5), or null when absent or '.'.</param>
/// <param name="Strand">The strand (BED column 6); <see cref="IO.Strand.Unspecified"/> when absent or '.'.</param>
public sealed record BedInterval(string Chrom, long Start, long End, string? Name = null, double? Score = null, Strand Strand = Strand.Unspecified)
{
    /// <summary>Gets the number of positions covered: End − Start.</summary>
    public long Length => End - Start;

    /// <summary>Returns the interval as "chrom:start-end(strand)", the form bedtools uses for strand-aware sequence names.</summary>
    /// <returns>For example "chr1:100-200(+)"; without the parenthesised part when the strand is unspecified.</returns>
    public string ToLocusString() => Strand switch
    {
        Strand.Forward => $"{Chrom}:{Start}-{End}(+)",
        Strand.Reverse => $"{Chrom}:{Start}-{End}(-)",
        _ => $"{Chrom}:{Start}-{End}",
    };
}

namespace Genomics.Models.IO;

/// <summary>What <see cref="VcfReader"/> does with records it cannot score as sequence edits.</summary>
public sealed record VcfReadOptions
{
    /// <summary>
    /// When a REF allele differs from the genome at its position: true skips the record and counts it in
    /// <see cref="VcfReadSummary.ReferenceMismatches"/>; false (default) stops with a <see cref="DataFormatException"/>
    /// naming the file, the line and both sequences, since a mismatch usually means the VCF was called on another
    /// assembly. Only checked when a genome is given.
    /// </summary>
    public bool SkipReferenceMismatches { get; init; }

    /// <summary>
    /// Records whose FILTER is neither PASS nor '.' are skipped (and counted) when true. Default false: every record is read.
    /// </summary>
    public bool PassOnly { get; init; }
}

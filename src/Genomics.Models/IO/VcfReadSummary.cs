namespace Genomics.Models.IO;

/// <summary>Counts of what a <see cref="VcfReader"/> enumeration read and skipped, complete once it has finished.</summary>
public sealed class VcfReadSummary
{
    /// <summary>Data lines (records) read.</summary>
    public long Records { get; internal set; }

    /// <summary>Alternative alleles returned as <see cref="Variant"/>s.</summary>
    public long Alleles { get; internal set; }

    /// <summary>Symbolic, breakend, spanning-deletion ('*') and missing ('.') ALT alleles skipped.</summary>
    public long SymbolicSkipped { get; internal set; }

    /// <summary>Records skipped because REF differs from the genome (<see cref="VcfReadOptions.SkipReferenceMismatches"/>).</summary>
    public long ReferenceMismatches { get; internal set; }

    /// <summary>Records skipped because their FILTER was not PASS (<see cref="VcfReadOptions.PassOnly"/>).</summary>
    public long FilteredOut { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Records} records, {Alleles} alleles; skipped {SymbolicSkipped} symbolic alleles, {ReferenceMismatches} REF mismatches, {FilteredOut} filtered records";
}

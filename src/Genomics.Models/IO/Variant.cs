namespace Genomics.Models.IO;

/// <summary>
/// One alternative allele of a VCF record: a multi-allelic record gives one <see cref="Variant"/> per ALT allele.
/// </summary>
/// <param name="Chromosome">CHROM.</param>
/// <param name="Position">POS: the 1-based position of the first base of <paramref name="Reference"/>.</param>
/// <param name="Id">ID, or null when '.'.</param>
/// <param name="Reference">REF, upper case.</param>
/// <param name="Alternative">This ALT allele, upper case.</param>
/// <param name="RecordIndex">The record's 0-based index among the file's data lines (the same for every allele of a record).</param>
/// <param name="AlleleIndex">This allele's 1-based index in the record's ALT column (as in a genotype).</param>
/// <param name="Line">The 1-based line of the record in the file.</param>
public sealed record Variant(string Chromosome, long Position, string? Id, string Reference, string Alternative, long RecordIndex, int AlleleIndex, int Line)
{
    /// <summary>The 0-based start of the reference allele (POS − 1).</summary>
    public long Start => Position - 1;

    /// <summary>The 0-based, exclusive end of the reference allele.</summary>
    public long End => Start + Reference.Length;

    /// <summary>True when REF and ALT are single bases.</summary>
    public bool IsSnv => Reference.Length == 1 && Alternative.Length == 1;

    /// <summary>A stable name: CHROM:POS:REF:ALT (the ID is not unique in many files).</summary>
    public string Key => $"{Chromosome}:{Position}:{Reference}:{Alternative}";
}

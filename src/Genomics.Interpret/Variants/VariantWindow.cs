using Genomics.Models.IO;

namespace Genomics.Interpret.Variants;

/// <summary>
/// The reference and alternative input windows of one variant allele (<see cref="Make"/>): L bases of the genome
/// centred on the reference allele, and the same window with the allele replaced, kept at length L by the rule of
/// <see cref="Mutagenesis.SequenceEdit"/> — a longer alternative pushes the window's end out (cropped at the right),
/// a shorter one pulls the genome's following bases in (the deletion fill is the genome's own continuation).
/// </summary>
/// <param name="Start">The window's 0-based start on the chromosome.</param>
/// <param name="Reference">The genome's L bases.</param>
/// <param name="Alternative">The edited L bases.</param>
public sealed record VariantWindow(long Start, string Reference, string Alternative)
{
    /// <summary>
    /// Builds the windows: the reference allele's centre (its start + ⌊|REF| / 2⌋) sits at position ⌊L / 2⌋ of the
    /// window. Returns null when the window, or the bases a deletion pulls in, would leave the chromosome.
    /// </summary>
    /// <param name="genome">The genome.</param>
    /// <param name="variant">The variant allele; its REF must be the genome's (see <see cref="VcfReader"/>).</param>
    /// <param name="length">The model's input length L, at least 1.</param>
    /// <returns>The windows, or null near a chromosome end.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The chromosome is not in the genome.</exception>
    public static VariantWindow? Make(IndexedFasta genome, Variant variant, int length)
    {
        ArgumentNullException.ThrowIfNull(genome);
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var chromosomeLength = genome.GetLength(variant.Chromosome);
        var start = variant.Start + (variant.Reference.Length / 2) - (length / 2);
        var shortfall = Math.Max(0, variant.Reference.Length - variant.Alternative.Length);
        if (start < 0 || start + length + shortfall > chromosomeLength || variant.End > start + length)
        {
            return null;
        }

        var reference = genome.Fetch(variant.Chromosome, start, start + length).ToUpperInvariant();
        var offset = (int)(variant.Start - start);
        var edited = string.Concat(reference.AsSpan(0, offset), variant.Alternative, reference.AsSpan(offset + variant.Reference.Length));
        if (edited.Length > length)
        {
            edited = edited[..length];
        }
        else if (edited.Length < length)
        {
            edited += genome.Fetch(variant.Chromosome, start + length, start + length + (length - edited.Length)).ToUpperInvariant();
        }

        return new VariantWindow(start, reference, edited);
    }
}

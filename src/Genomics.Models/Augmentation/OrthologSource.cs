namespace Genomics.Models.Augmentation;

/// <summary>The two files that describe the orthologs of one species.</summary>
/// <param name="Species">A short species code, e.g. "aly"; non-blank and unique among the sources of one table.</param>
/// <param name="FastaPath">
/// The promoters: FASTA with headers <c>&gt;GENEID_LABEL</c> (LABEL 0 or 1, split at the last '_'), sequences of
/// A, C, G, T or N (any case), all of one length.
/// </param>
/// <param name="MapPath">The ortholog map: one <c>ThalianaGene&lt;TAB&gt;OrthologGene</c> line per pair; blank lines are ignored.</param>
public sealed record OrthologSource(string Species, string FastaPath, string MapPath)
{
    /// <summary>The DeepDifE file names for a species inside a folder: <c>{species}.tss.fasta</c> and <c>ath_{species}.txt</c>.</summary>
    /// <param name="folder">The folder holding both files.</param>
    /// <param name="species">The species code.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException">An argument is null or blank.</exception>
    public static OrthologSource InFolder(string folder, string species)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(species);
        return new OrthologSource(species, Path.Combine(folder, $"{species}.tss.fasta"), Path.Combine(folder, $"ath_{species}.txt"));
    }
}

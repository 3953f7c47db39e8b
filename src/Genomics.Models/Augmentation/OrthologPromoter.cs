namespace Genomics.Models.Augmentation;

/// <summary>The promoter of a gene of a related species together with its <i>Arabidopsis thaliana</i> ortholog and inherited label.</summary>
/// <param name="GeneId">The gene id in its own species (the FASTA header before the last '_'), e.g. "AL1G34890".</param>
/// <param name="Species">The species code the files were loaded under, e.g. "aly".</param>
/// <param name="ThalianaGeneId">The <i>A. thaliana</i> gene it maps to in the ortholog map, or null when the map has no entry for it.</param>
/// <param name="Label">The class label (0 or 1), inherited from the <i>A. thaliana</i> ortholog.</param>
/// <param name="Sequence">The promoter sequence, upper case.</param>
public sealed record OrthologPromoter(string GeneId, string Species, string? ThalianaGeneId, int Label, string Sequence);

namespace Genomics.Models.Augmentation;

/// <summary>What PhyloAug did with one row of a batch.</summary>
/// <param name="Row">The training-set row.</param>
/// <param name="Ortholog">The ortholog that replaced the row's sequence, or null when the row kept its own sequence.</param>
/// <param name="ReverseComplement">Whether the (possibly substituted) sequence was reverse-complemented.</param>
public readonly record struct PhyloAugChoice(int Row, OrthologPromoter? Ortholog, bool ReverseComplement);

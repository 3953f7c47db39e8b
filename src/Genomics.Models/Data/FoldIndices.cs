namespace Genomics.Models.Data;

/// <summary>A two-way partition of sample indices: one cross-validation fold, or a train/test split.</summary>
/// <remarks>
/// The two arrays are disjoint, each sorted ascending, and together hold every index 0..n−1 exactly once.
/// </remarks>
/// <param name="Train">Indices of the training samples, ascending.</param>
/// <param name="Test">Indices of the held-out samples, ascending.</param>
public sealed record FoldIndices(int[] Train, int[] Test);

namespace Genomics.Models.Data;

/// <summary>A three-way partition of sample indices into training, validation and test sets.</summary>
/// <remarks>
/// The three arrays are disjoint, each sorted ascending, and together hold every index 0..n−1 exactly once.
/// Any of them may be empty where the split method allows it (for example no test chromosomes).
/// </remarks>
/// <param name="Train">Indices of the training samples, ascending.</param>
/// <param name="Valid">Indices of the validation samples, ascending.</param>
/// <param name="Test">Indices of the test samples, ascending.</param>
public sealed record SplitIndices(int[] Train, int[] Valid, int[] Test);

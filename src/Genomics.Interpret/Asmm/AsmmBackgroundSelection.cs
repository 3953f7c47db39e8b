namespace Genomics.Interpret.Asmm;

/// <summary>The true positives chosen as DeepASMM's background.</summary>
/// <param name="Background">The selected samples, in table order.</param>
/// <param name="Rows">Their row indices in the table.</param>
/// <param name="Predictions">The prediction of every table row for the target (after the output activation).</param>
public sealed record AsmmBackgroundSelection(AsmmBackground Background, IReadOnlyList<int> Rows, IReadOnlyList<double> Predictions);

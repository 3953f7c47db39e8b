namespace Genomics.Interpret.Asmm;

/// <summary>One row of a DeepASMM input table: the sample's sub-sequences and its labels.</summary>
/// <param name="Sequences">The sub-sequences of the sample (one for ordinary tables, several when the cell held a list), upper-case.</param>
/// <param name="Labels">The labels of the row (parsed but not used by the scores).</param>
/// <param name="Line">The 1-based line of the row in its file.</param>
public sealed record AsmmRecord(IReadOnlyList<string> Sequences, IReadOnlyList<double> Labels, int Line);

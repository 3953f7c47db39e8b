namespace Genomics.Interpret.Motifs;

/// <summary>The result of trimming a matrix or motif: the kept part and where it started in the original.</summary>
/// <typeparam name="T">The trimmed value's type.</typeparam>
/// <param name="Value">The trimmed matrix or motif.</param>
/// <param name="Offset">Index of the first kept column in the original (0-based).</param>
public sealed record Trimmed<T>(T Value, int Offset);

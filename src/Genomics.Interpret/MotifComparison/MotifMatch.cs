using Genomics.Models.IO;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// One query–target match, with the columns of MEME tomtom's table. The offset is the target's start relative to the
/// query's start in tomtom's convention (positive: the target is shifted right, so query column i faces target
/// column i − offset); for reverse-strand matches it refers to the reverse-complemented target.
/// </summary>
/// <param name="QueryId">The query motif's id.</param>
/// <param name="TargetId">The target motif's id.</param>
/// <param name="TargetName">The target motif's name (alternate name), if any.</param>
/// <param name="Offset">Tomtom's Optimal_offset.</param>
/// <param name="PValue">Probability that the best alignment of a random target of this width scores at least as well.</param>
/// <param name="EValue">P-value times the number of targets.</param>
/// <param name="QValue">q-value over the query's p-values (both orientations of every target): tomtom's Storey estimate or Benjamini–Hochberg (<see cref="TomtomOptions.QValues"/>).</param>
/// <param name="Overlap">Number of aligned columns.</param>
/// <param name="QueryConsensus">Most probable letter of each query column.</param>
/// <param name="TargetConsensus">Most probable letter of each column of the target in the matched orientation.</param>
/// <param name="Strand">Forward, or Reverse when the reverse-complemented target matched.</param>
/// <param name="Score">The alignment's complete score (sum of median-shifted column scores; unaligned columns count 0).</param>
public sealed record MotifMatch(
    string QueryId,
    string TargetId,
    string? TargetName,
    int Offset,
    double PValue,
    double EValue,
    double QValue,
    int Overlap,
    string QueryConsensus,
    string TargetConsensus,
    Strand Strand,
    double Score)
{
    /// <summary>Gets tomtom's Orientation column: '+' or '-'.</summary>
    public char Orientation => Strand == Strand.Reverse ? '-' : '+';
}

using Genomics.Models.IO;

namespace Genomics.Interpret.Seqlets;

/// <summary>
/// A span of high attribution in one example: [<see cref="Start"/>, <see cref="End"/>) on the given strand,
/// with a signed score (the attribution sum the caller used to find it).
/// </summary>
/// <param name="Example">Index of the example (sequence) in the batch.</param>
/// <param name="Start">First position (0-based, inclusive).</param>
/// <param name="End">One past the last position (exclusive).</param>
/// <param name="Strand">Forward, or Reverse when the seqlet is used reverse-complemented (motif discovery aligns seqlets on both strands).</param>
/// <param name="Score">Signed attribution score.</param>
public sealed record Seqlet(int Example, int Start, int End, Strand Strand, double Score)
{
    /// <summary>Number of positions covered.</summary>
    public int Length => End - Start;

    /// <summary>Whether two seqlets of the same example share at least one position.</summary>
    /// <param name="other">The other seqlet.</param>
    public bool Overlaps(Seqlet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Example == Example && other.Start < End && Start < other.End;
    }
}

namespace Genomics.Models.IO;

/// <summary>One line of a samtools-compatible FASTA index (.fai): where one sequence lies in the FASTA file.</summary>
/// <param name="Name">The sequence name: the header up to the first whitespace.</param>
/// <param name="Length">The number of bases in the sequence.</param>
/// <param name="Offset">The byte offset in the file of the sequence's first base.</param>
/// <param name="LineBases">The number of bases on each full line.</param>
/// <param name="LineWidth">The number of bytes on each full line, including the line terminator (LineBases + 1 for LF, + 2 for CRLF).</param>
public sealed record FastaIndexEntry(string Name, long Length, long Offset, int LineBases, int LineWidth)
{
    /// <summary>Gets the byte offset in the file of the base at a 0-based position.</summary>
    /// <param name="position">0-based base position, 0 to <see cref="Length"/> (the end position is allowed).</param>
    /// <returns>The file offset of that base.</returns>
    internal long ByteOffsetOf(long position) =>
        LineBases == 0 ? Offset : Offset + (position / LineBases * LineWidth) + (position % LineBases);

    /// <summary>Gets the offset just past the last base of the sequence.</summary>
    internal long EndByteOffset => Length == 0 ? Offset : ByteOffsetOf(Length - 1) + 1;
}

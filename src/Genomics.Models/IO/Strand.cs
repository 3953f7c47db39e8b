namespace Genomics.Models.IO;

/// <summary>The strand of a genomic interval.</summary>
public enum Strand
{
    /// <summary>No strand given ('.' in BED): treated as the forward strand when extracting sequence.</summary>
    Unspecified,

    /// <summary>The forward (plus, '+') strand.</summary>
    Forward,

    /// <summary>The reverse (minus, '-') strand: extracted sequence is reverse-complemented.</summary>
    Reverse,
}

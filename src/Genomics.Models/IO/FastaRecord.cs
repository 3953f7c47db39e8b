namespace Genomics.Models.IO;

/// <summary>One FASTA record.</summary>
/// <param name="Id">The identifier: the header up to the first whitespace (without the '&gt;'). Never empty.</param>
/// <param name="Description">The rest of the header after the identifier, trimmed; empty when there is none.</param>
/// <param name="Sequence">The sequence with line breaks and whitespace removed, case kept.</param>
public sealed record FastaRecord(string Id, string Description, string Sequence)
{
    /// <summary>Gets the header line without the '&gt;': the identifier, then a space and the description if there is one.</summary>
    public string Header => Description.Length == 0 ? Id : $"{Id} {Description}";

    /// <summary>Creates a record from a header line.</summary>
    /// <param name="header">The header with or without its leading '&gt;'; split at the first whitespace into id and description.</param>
    /// <param name="sequence">The sequence.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The header has no identifier.</exception>
    public static FastaRecord FromHeader(string header, string sequence)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(sequence);
        var (id, description) = SplitHeader(header.StartsWith('>') ? header[1..] : header);
        if (id.Length == 0)
        {
            throw new ArgumentException("The header has no identifier.", nameof(header));
        }

        return new FastaRecord(id, description, sequence);
    }

    /// <summary>Splits header text (without '&gt;') into the first word and the trimmed rest.</summary>
    internal static (string Id, string Description) SplitHeader(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var split = trimmed.IndexOfAny(" \t\v\f");
        return split < 0
            ? (trimmed.ToString(), string.Empty)
            : (trimmed[..split].ToString(), trimmed[split..].Trim().ToString());
    }
}

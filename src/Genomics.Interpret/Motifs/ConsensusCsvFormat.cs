using System.Globalization;
using Genomics.Models.IO;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// Reads and writes consensus tables (as parallel_tomtom's <c>Motifs.csv</c>): one consensus string per row (first
/// comma-separated field), an optional header row; each row becomes a motif with a one-hot (or IUPAC-split)
/// matrix, id = 1-based row number among the motifs, name = the consensus.
/// </summary>
public static class ConsensusCsvFormat
{
    /// <summary>Reads a consensus table (gzip recognised by content).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFormatException">A row is not an IUPAC nucleotide string.</exception>
    public static MotifSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = MotifText.Open(path);
        return Read(reader, path);
    }

    /// <summary>
    /// Reads a consensus table. The first non-blank row is a header when it is not a valid IUPAC string (e.g.
    /// "Motifs"); every later row must be one.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Name used in errors and provenance.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="DataFormatException">A row is not an IUPAC nucleotide string.</exception>
    public static MotifSet Read(TextReader reader, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        source ??= "<stream>";
        var text = new MotifText(reader, source);
        var motifs = new List<Motif>();
        var first = true;
        while (text.Next() is { } line)
        {
            var field = line.AsSpan();
            var comma = field.IndexOf(',');
            if (comma >= 0)
            {
                field = field[..comma];
            }

            var consensus = field.Trim().Trim('"').Trim().ToString();
            if (consensus.Length == 0)
            {
                continue;
            }

            var valid = consensus.Length <= MotifText.MaxWidth && consensus.All(c => Iupac.MaskOf(c) != 0);
            if (!valid)
            {
                if (first)
                {
                    first = false;
                    continue;
                }

                throw text.Error($"'{(consensus.Length > 40 ? consensus[..40] + "..." : consensus)}' is not a consensus of IUPAC nucleotide codes");
            }

            first = false;
            var id = (motifs.Count + 1).ToString(CultureInfo.InvariantCulture);
            motifs.Add(new Motif(id, PositionProbabilityMatrix.FromConsensus(consensus.ToUpperInvariant(), Models.Encoding.Alphabet.Dna), consensus.ToUpperInvariant())
            {
                Sites = 1,
                Provenance = string.Create(CultureInfo.InvariantCulture, $"{source}:{text.LineNumber}"),
            });
        }

        return new MotifSet(motifs);
    }

    /// <summary>Writes a consensus table (header "Motifs", then each motif's IUPAC consensus) to a file, atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="motifs">The motifs.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, IEnumerable<Motif> motifs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(motifs);
        MotifText.WriteAtomically(path, writer => Write(writer, motifs));
    }

    /// <summary>Writes a consensus table: header "Motifs", then each motif's IUPAC consensus (DNA letters).</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="motifs">The motifs.</param>
    /// <exception cref="ArgumentNullException">An argument or motif is null.</exception>
    public static void Write(TextWriter writer, IEnumerable<Motif> motifs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(motifs);
        writer.Write("Motifs\n");
        foreach (var motif in motifs)
        {
            ArgumentNullException.ThrowIfNull(motif, nameof(motifs));
            writer.Write(motif.Probabilities.WithAlphabet(Models.Encoding.Alphabet.Dna).IupacConsensus());
            writer.Write('\n');
        }
    }
}

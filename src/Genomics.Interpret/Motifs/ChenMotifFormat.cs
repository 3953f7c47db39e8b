using System.Globalization;
using Genomics.Models.Encoding;
using Genomics.Models.IO;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// Reads and writes the Chen count format used by NeuronMotif and CombMotif: for each motif a <c>&gt;name</c> line
/// followed by W rows of 4 counts (A, C, G, T/U), one row per position.
/// </summary>
public static class ChenMotifFormat
{
    /// <summary>The total count per position <see cref="Write(TextWriter, IEnumerable{Motif}, double)"/> uses by default.</summary>
    public const double DefaultTotalCount = 1000;

    /// <summary>Reads a Chen-format file (gzip recognised by content).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="alphabet">DNA (default) or RNA.</param>
    /// <returns>The motifs; <see cref="Motif.Sites"/> is the first row's total.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static MotifSet Read(string path, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = MotifText.Open(path);
        return Read(reader, path, alphabet);
    }

    /// <summary>Reads Chen-format text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Name used in errors and provenance.</param>
    /// <param name="alphabet">DNA (default) or RNA.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="DataFormatException">The text is malformed.</exception>
    public static MotifSet Read(TextReader reader, string source = "<stream>", Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        source ??= "<stream>";
        alphabet ??= Alphabet.Dna;
        var text = new MotifText(reader, source);
        var motifs = new List<Motif>();
        var numbers = new List<double>();
        while (text.PeekNonBlank() is { } first)
        {
            text.Next();
            var trimmed = first.Trim();
            if (!trimmed.StartsWith('>'))
            {
                throw text.Error("expected a '>name' line");
            }

            var headerLine = text.LineNumber;
            var (id, name) = MotifText.SplitIdAndName(trimmed[1..]);
            if (id.Length == 0)
            {
                throw text.Error("'>' line without a name");
            }

            var columns = new List<double[]>();
            while (text.PeekNonBlank() is { } row && !row.TrimStart().StartsWith('>'))
            {
                text.Next();
                if (!MotifText.TryParseNumbers(row, numbers) || numbers.Count != 4)
                {
                    throw text.Error("a row must hold 4 counts (A, C, G, T)");
                }

                if (columns.Count >= MotifText.MaxWidth)
                {
                    throw text.Error($"matrix wider than {MotifText.MaxWidth} positions");
                }

                columns.Add([.. numbers]);
            }

            if (columns.Count == 0)
            {
                throw text.Error(headerLine, $"motif '{id}' has no rows");
            }

            var counts = new double[4][];
            for (var a = 0; a < 4; a++)
            {
                counts[a] = columns.Select(c => c[a]).ToArray();
            }

            var (matrix, total, reason) = MotifText.BuildFromCounts(counts, alphabet);
            if (matrix is null)
            {
                throw text.Error(headerLine, $"motif '{id}': {reason}");
            }

            motifs.Add(new Motif(id, matrix, name)
            {
                Sites = total,
                Provenance = string.Create(CultureInfo.InvariantCulture, $"{source}:{headerLine}"),
            });
        }

        return new MotifSet(motifs, alphabet: alphabet);
    }

    /// <summary>Writes motifs in Chen format to a file, atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="motifs">The motifs.</param>
    /// <param name="totalCount">Total count per position; counts are rounded to integers (default 1000).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalCount"/> is below 1 or not finite.</exception>
    public static void Write(string path, IEnumerable<Motif> motifs, double totalCount = DefaultTotalCount)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(motifs);
        CheckTotal(totalCount);
        MotifText.WriteAtomically(path, writer => Write(writer, motifs, totalCount));
    }

    /// <summary>
    /// Writes motifs in Chen format: integer counts round(p × <paramref name="totalCount"/>), so probabilities read back
    /// within about 1 / (2 × total count) of the original.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="motifs">The motifs (names are written after the id).</param>
    /// <param name="totalCount">Total count per position (default 1000).</param>
    /// <exception cref="ArgumentNullException">An argument or motif is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalCount"/> is below 1 or not finite.</exception>
    public static void Write(TextWriter writer, IEnumerable<Motif> motifs, double totalCount = DefaultTotalCount)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(motifs);
        CheckTotal(totalCount);
        foreach (var motif in motifs)
        {
            ArgumentNullException.ThrowIfNull(motif, nameof(motifs));
            writer.Write(motif.Name is null ? $">{motif.Id}\n" : $">{motif.Id} {motif.Name}\n");
            var values = motif.Probabilities.Values;
            var width = motif.Width;
            for (var w = 0; w < width; w++)
            {
                var counts = new long[4];
                for (var a = 0; a < 4; a++)
                {
                    counts[a] = (long)Math.Round(values[(a * width) + w] * totalCount, MidpointRounding.AwayFromZero);
                }

                if (counts.Sum() == 0)
                {
                    counts[Array.IndexOf(counts, counts.Max())] = 1;
                }

                writer.Write(string.Join('\t', counts.Select(c => c.ToString(CultureInfo.InvariantCulture))));
                writer.Write('\n');
            }
        }
    }

    private static void CheckTotal(double totalCount)
    {
        if (!double.IsFinite(totalCount) || totalCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalCount), totalCount, "The total count must be finite and ≥ 1.");
        }
    }
}

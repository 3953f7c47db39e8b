using System.Globalization;
using Genomics.Models.Encoding;
using Genomics.Models.IO;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// Reads and writes JASPAR count matrices: the <c>.jaspar</c> format (<c>&gt;ID name</c> then four rows
/// <c>A [ 4 19 0 ... ]</c>, <c>C [ ... ]</c>, <c>G [ ... ]</c>, <c>T [ ... ]</c>) and the bare <c>.pfm</c> format
/// (four rows of counts, A, C, G, T, with or without a <c>&gt;</c> header).
/// </summary>
/// <remarks>
/// Counts are normalised per column into probabilities; <see cref="Motif.Sites"/> is the first column's total.
/// Labelled rows may come in any order; unlabelled rows are A, C, G, T. A headerless matrix takes its id from the
/// source's file name (with a 1-based suffix when the source holds several). U is accepted for T.
/// </remarks>
public static class JasparMotifFormat
{
    /// <summary>Reads a JASPAR or PFM file (gzip recognised by content).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFormatException">The file is malformed or holds no motifs.</exception>
    public static MotifSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = MotifText.Open(path);
        return Read(reader, path);
    }

    /// <summary>Reads JASPAR or PFM text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Name used in errors, provenance and the ids of headerless matrices.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="DataFormatException">The text is malformed or holds no motifs.</exception>
    public static MotifSet Read(TextReader reader, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        source ??= "<stream>";
        var text = new MotifText(reader, source);
        var motifs = new List<Motif>();
        var numbers = new List<double>();
        var headerless = 0;
        var baseName = Path.GetFileNameWithoutExtension(source);
        if (string.IsNullOrWhiteSpace(baseName) || baseName.Any(char.IsWhiteSpace) || baseName.Contains('<', StringComparison.Ordinal))
        {
            baseName = "motif";
        }

        while (text.PeekNonBlank() is { } first)
        {
            string id;
            string? name = null;
            int headerLine;
            if (first.TrimStart().StartsWith('>'))
            {
                text.Next();
                headerLine = text.LineNumber;
                (id, name) = MotifText.SplitIdAndName(first.TrimStart()[1..]);
                if (id.Length == 0)
                {
                    throw text.Error("header '>' without an id");
                }
            }
            else
            {
                headerLine = text.LineNumber + 1;
                headerless++;
                id = baseName;
            }

            var rows = new double[4][];
            var labelled = 0;
            for (var r = 0; r < 4; r++)
            {
                var line = text.PeekNonBlank();
                if (line is null || line.TrimStart().StartsWith('>'))
                {
                    throw text.Error(headerLine, $"matrix '{id}' has {r} rows; expected 4 (A, C, G, T)");
                }

                text.Next();
                var content = line.AsSpan().Trim();
                var letter = r;
                if (content.Length > 0 && char.IsLetter(content[0]) && (content.Length == 1 || content[1] is ' ' or '\t' or '['))
                {
                    letter = Alphabet.Dna.IndexOf(content[0]);
                    if (letter < 0)
                    {
                        throw text.Error($"row label '{content[0]}' is not A, C, G or T");
                    }

                    labelled++;
                    content = content[1..];
                }

                var bracketed = content.Trim();
                if (bracketed.StartsWith('['))
                {
                    if (!bracketed.EndsWith(']'))
                    {
                        throw text.Error("row opens '[' but does not close it with ']'");
                    }

                    bracketed = bracketed[1..^1];
                }

                if (!MotifText.TryParseNumbers(bracketed, numbers))
                {
                    throw text.Error("matrix row must hold numbers");
                }

                if (numbers.Count > MotifText.MaxWidth)
                {
                    throw text.Error($"matrix wider than {MotifText.MaxWidth} positions");
                }

                if (rows[letter] is not null)
                {
                    throw text.Error($"row {Alphabet.Dna.SymbolAt(letter)} appears twice");
                }

                rows[letter] = [.. numbers];
            }

            if (labelled is not 0 and not 4)
            {
                throw text.Error($"matrix '{id}' mixes labelled and unlabelled rows");
            }

            var width = rows[0].Length;
            if (rows.Any(r => r.Length != width))
            {
                throw text.Error(headerLine, string.Create(CultureInfo.InvariantCulture, $"matrix '{id}' rows have different lengths ({string.Join(", ", rows.Select(r => r.Length))})"));
            }

            var (matrix, total, reason) = MotifText.BuildFromCounts(rows, Alphabet.Dna);
            if (matrix is null)
            {
                throw text.Error(headerLine, $"matrix '{id}': {reason}");
            }

            motifs.Add(new Motif(id, matrix, name)
            {
                Sites = total,
                Provenance = string.Create(CultureInfo.InvariantCulture, $"{source}:{headerLine}"),
            });
        }

        if (motifs.Count == 0)
        {
            throw new DataFormatException(source, null, "the file holds no motifs");
        }

        if (headerless > 1)
        {
            var k = 0;
            for (var i = 0; i < motifs.Count; i++)
            {
                if (motifs[i].Name is null && string.Equals(motifs[i].Id, baseName, StringComparison.Ordinal))
                {
                    motifs[i] = motifs[i] with { Id = string.Create(CultureInfo.InvariantCulture, $"{baseName}_{++k}") };
                }
            }
        }

        return new MotifSet(motifs);
    }

    /// <summary>Writes motifs in <c>.jaspar</c> format to a file, atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="motifs">The motifs (DNA or RNA; rows are labelled A, C, G, T).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, IEnumerable<Motif> motifs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(motifs);
        MotifText.WriteAtomically(path, writer => Write(writer, motifs));
    }

    /// <summary>
    /// Writes motifs in <c>.jaspar</c> format: counts are the probabilities times <see cref="Motif.Sites"/> (100 when
    /// unknown), written exactly so that reading them back gives the same probabilities.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="motifs">The motifs.</param>
    /// <exception cref="ArgumentNullException">An argument or motif is null.</exception>
    public static void Write(TextWriter writer, IEnumerable<Motif> motifs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(motifs);
        foreach (var motif in motifs)
        {
            ArgumentNullException.ThrowIfNull(motif, nameof(motifs));
            writer.Write(motif.Name is null ? $">{motif.Id}\n" : $">{motif.Id}\t{motif.Name}\n");
            var total = motif.Sites is > 0 ? motif.Sites.Value : 100;
            var values = motif.Probabilities.Values;
            var width = motif.Width;
            for (var a = 0; a < 4; a++)
            {
                writer.Write("ACGT"[a]);
                writer.Write("  [ ");
                for (var w = 0; w < width; w++)
                {
                    writer.Write(MotifText.Format(values[(a * width) + w] * total));
                    writer.Write(' ');
                }

                writer.Write("]\n");
            }
        }
    }
}

using System.Globalization;
using Genomics.Models.Encoding;
using Genomics.Models.IO;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// Reads and writes the MEME motif format (versions 4 and 5): a header (<c>MEME version</c>, <c>ALPHABET=</c>,
/// <c>strands:</c>, background frequencies) followed by motifs, each a <c>MOTIF id [alternate name]</c> line, a
/// <c>letter-probability matrix:</c> line with attributes (<c>alength= w= nsites= E=</c>) and W rows of 4
/// probabilities, optionally followed by a <c>URL</c> line.
/// </summary>
/// <remarks>
/// Reading tolerates blank lines, tabs and extra spaces, URL lines, log-odds blocks (skipped), a missing
/// <c>w=</c> (rows are read until the first non-numeric line), RNA alphabets (<c>ACGU</c>) and MEME 5 custom
/// alphabet blocks declared <c>DNA-LIKE</c> or <c>RNA-LIKE</c>. Other lines outside matrices are ignored.
/// Malformed input throws <see cref="DataFormatException"/> naming the file, line and reason.
/// </remarks>
public static class MemeMotifFormat
{
    /// <summary>Reads a MEME motif file (gzip recognised by content).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The motifs, with the file's background and strands.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFormatException">The file is malformed or holds no motifs.</exception>
    public static MotifSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = MotifText.Open(path);
        return Read(reader, path);
    }

    /// <summary>Reads MEME motif text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Name used in error messages and provenance.</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="DataFormatException">The text is malformed or holds no motifs.</exception>
    public static MotifSet Read(TextReader reader, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = new MotifText(reader, source ?? "<stream>");
        var motifs = new List<Motif>();
        var versionSeen = false;
        Alphabet? alphabet = null;
        MotifBackground? background = null;
        var bothStrands = true;
        var numbers = new List<double>();
        Motif? pending = null;
        (string Id, string? Name, int Line)? header = null;

        void Flush()
        {
            if (pending is not null)
            {
                motifs.Add(pending);
                pending = null;
            }

            if (header is { } h)
            {
                throw text.Error(h.Line, $"motif '{h.Id}' has no letter-probability matrix");
            }
        }

        var anyContent = false;
        while (text.Next() is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            anyContent = true;

            if (line.StartsWith("MEME version", StringComparison.Ordinal))
            {
                versionSeen = true;
            }
            else if (line.StartsWith("ALPHABET", StringComparison.Ordinal))
            {
                if (motifs.Count > 0 || pending is not null || header is not null)
                {
                    throw text.Error("the ALPHABET line must come before the first motif");
                }

                alphabet = ParseAlphabet(text, line);
            }
            else if (line.StartsWith("strands:", StringComparison.Ordinal))
            {
                var value = line["strands:".Length..];
                if (!value.Contains('+', StringComparison.Ordinal) && !value.Contains('-', StringComparison.Ordinal))
                {
                    throw text.Error("the strands line names neither '+' nor '-'");
                }

                bothStrands = value.Contains('+', StringComparison.Ordinal) && value.Contains('-', StringComparison.Ordinal);
            }
            else if (line.StartsWith("Background letter frequencies", StringComparison.Ordinal))
            {
                background = ParseBackground(text, alphabet ?? Alphabet.Dna);
            }
            else if (line.StartsWith("MOTIF", StringComparison.Ordinal) && (line.Length == 5 || char.IsWhiteSpace(line[5])))
            {
                if (!versionSeen)
                {
                    throw text.Error("no 'MEME version' line before the first MOTIF; this is not a MEME motif file");
                }

                Flush();
                var (id, name) = MotifText.SplitIdAndName(line[5..]);
                if (id.Length == 0)
                {
                    throw text.Error("MOTIF line without an id");
                }

                header = (id, name, text.LineNumber);
            }
            else if (line.StartsWith("letter-probability matrix", StringComparison.Ordinal))
            {
                if (header is not { } h)
                {
                    throw text.Error("letter-probability matrix outside a MOTIF");
                }

                header = null;
                var headerLine = text.LineNumber;
                var attributes = ParseAttributes(text, line);
                var rows = ReadRows(text, attributes.Width, numbers, "letter-probability");
                var (matrix, reason) = MotifText.BuildProbabilities(rows, alphabet ?? Alphabet.Dna);
                if (matrix is null)
                {
                    throw text.Error(headerLine, $"motif '{h.Id}': {reason}");
                }

                pending = new Motif(h.Id, matrix, h.Name)
                {
                    Sites = attributes.Sites,
                    EValue = attributes.EValue,
                    Provenance = string.Create(CultureInfo.InvariantCulture, $"{text.Source}:{h.Line}"),
                };
            }
            else if (line.StartsWith("log-odds matrix", StringComparison.Ordinal))
            {
                var attributes = ParseAttributes(text, line, requireProbabilityAlphabet: false);
                ReadRows(text, attributes.Width, numbers, "log-odds");
            }
            else if (line.StartsWith("URL", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3])))
            {
                if (pending is not null)
                {
                    pending = pending with { Url = line[3..].Trim() };
                }
            }
        }

        if (!versionSeen)
        {
            throw anyContent ? text.Error("no 'MEME version' line; this is not a MEME motif file") : new DataFormatException(text.Source, null, "the file holds no motifs");
        }

        Flush();
        if (motifs.Count == 0)
        {
            throw new DataFormatException(text.Source, null, "the file holds no motifs (no MOTIF entry)");
        }

        return new MotifSet(motifs, background, bothStrands, alphabet ?? Alphabet.Dna);
    }

    /// <summary>Writes motifs in MEME version 4 format to a file, atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="motifs">The motifs; their background and strands are written in the header.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, MotifSet motifs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(motifs);
        MotifText.WriteAtomically(path, writer => Write(writer, motifs));
    }

    /// <summary>Writes motifs in MEME version 4 format.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="motifs">The motifs.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(TextWriter writer, MotifSet motifs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(motifs);
        var letters = string.Concat(motifs.Alphabet.Symbols);
        var bg = motifs.Background;
        writer.Write("MEME version 4\n\n");
        writer.Write($"ALPHABET= {letters}\n\n");
        writer.Write(motifs.BothStrands ? "strands: + -\n\n" : "strands: +\n\n");
        writer.Write("Background letter frequencies\n");
        writer.Write(string.Join(' ', Enumerable.Range(0, 4).Select(a => $"{letters[a]} {MotifText.Format(bg[a])}")));
        writer.Write("\n\n");
        foreach (var motif in motifs)
        {
            writer.Write(motif.Name is null ? $"MOTIF {motif.Id}\n" : $"MOTIF {motif.Id} {motif.Name}\n");
            var sites = motif.Sites is { } s ? MotifText.Format(s) : "20";
            var e = motif.EValue is { } ev ? MotifText.Format(ev) : "0";
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"letter-probability matrix: alength= 4 w= {motif.Width} nsites= {sites} E= {e}\n"));
            var values = motif.Probabilities.Values;
            var width = motif.Width;
            for (var w = 0; w < width; w++)
            {
                for (var a = 0; a < 4; a++)
                {
                    writer.Write(a == 0 ? "" : " ");
                    writer.Write(MotifText.Format(values[(a * width) + w]));
                }

                writer.Write('\n');
            }

            if (motif.Url is { Length: > 0 } url)
            {
                writer.Write($"URL {url}\n");
            }

            writer.Write('\n');
        }
    }

    private static Alphabet ParseAlphabet(MotifText text, string line)
    {
        var value = line["ALPHABET".Length..].TrimStart('=', ' ', '\t').Trim();
        if (value.StartsWith('"') || value.Contains("-LIKE", StringComparison.OrdinalIgnoreCase) || value.Length == 0)
        {
            // MEME 5 custom alphabet block: ALPHABET "name" DNA-LIKE ... END ALPHABET.
            var alphabet = value.Contains("RNA-LIKE", StringComparison.OrdinalIgnoreCase) ? Alphabet.Rna
                : value.Contains("DNA-LIKE", StringComparison.OrdinalIgnoreCase) ? Alphabet.Dna
                : throw text.Error($"unsupported alphabet '{value}'; only DNA (ACGT) and RNA (ACGU) motifs are supported");
            var start = text.LineNumber;
            while (text.Next() is { } inner)
            {
                if (inner.Trim().StartsWith("END ALPHABET", StringComparison.Ordinal))
                {
                    return alphabet;
                }
            }

            throw text.Error(start, "custom ALPHABET block without 'END ALPHABET'");
        }

        return value.ToUpperInvariant() switch
        {
            "ACGT" => Alphabet.Dna,
            "ACGU" => Alphabet.Rna,
            _ => throw text.Error($"unsupported alphabet '{value}'; only DNA (ACGT) and RNA (ACGU) motifs are supported"),
        };
    }

    private static MotifBackground ParseBackground(MotifText text, Alphabet alphabet)
    {
        var start = text.LineNumber;
        var frequencies = new double[4];
        var seen = new bool[4];
        var count = 0;
        while (count < 4)
        {
            var next = text.PeekNonBlank();
            if (next is null || next.TrimStart().StartsWith("MOTIF", StringComparison.Ordinal))
            {
                throw text.Error(start, "background letter frequencies incomplete: need a frequency for each of A, C, G, T");
            }

            text.Next();
            var tokens = next.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length % 2 != 0)
            {
                throw text.Error("background line must hold letter/frequency pairs");
            }

            for (var i = 0; i < tokens.Length; i += 2)
            {
                var letter = tokens[i].Length == 1 ? alphabet.IndexOf(tokens[i][0]) : -1;
                if (letter < 0 || seen[letter])
                {
                    throw text.Error($"background letter '{tokens[i]}' is not a new letter of {string.Concat(alphabet.Symbols)}");
                }

                if (!double.TryParse(tokens[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !double.IsFinite(f) || f <= 0)
                {
                    throw text.Error($"background frequency '{tokens[i + 1]}' is not a positive number");
                }

                seen[letter] = true;
                frequencies[letter] = f;
                count++;
            }
        }

        var sum = frequencies.Sum();
        if (Math.Abs(sum - 1) > MotifBackground.SumTolerance)
        {
            throw text.Error(start, string.Create(CultureInfo.InvariantCulture, $"background frequencies sum to {sum:G6}, not 1"));
        }

        return new MotifBackground(frequencies);
    }

    private static (int? Width, double? Sites, double? EValue) ParseAttributes(MotifText text, string line, bool requireProbabilityAlphabet = true)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var rest = colon < 0 ? "" : line[(colon + 1)..];
        var tokens = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int? width = null;
        double? sites = null;
        double? eValue = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var key = token[..eq];
            var value = token[(eq + 1)..];
            if (value.Length == 0 && i + 1 < tokens.Length && !tokens[i + 1].Contains('=', StringComparison.Ordinal))
            {
                value = tokens[++i];
            }

            switch (key)
            {
                case "alength":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var alength) || (requireProbabilityAlphabet && alength != 4))
                    {
                        throw text.Error($"alength= '{value}': only 4-letter (DNA/RNA) motifs are supported");
                    }

                    break;
                case "w":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) || w < 1 || w > MotifText.MaxWidth)
                    {
                        throw text.Error($"w= '{value}' is not a width between 1 and {MotifText.MaxWidth}");
                    }

                    width = w;
                    break;
                case "nsites":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n < 0)
                    {
                        throw text.Error($"nsites= '{value}' is not a non-negative number");
                    }

                    sites = n;
                    break;
                case "E":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) || double.IsNaN(e) || e < 0)
                    {
                        throw text.Error($"E= '{value}' is not a non-negative number");
                    }

                    eValue = e;
                    break;
                default:
                    break;
            }
        }

        return (width, sites, eValue);
    }

    private static List<double[]> ReadRows(MotifText text, int? width, List<double> numbers, string kind)
    {
        var rows = new List<double[]>();
        var start = text.LineNumber;
        while (width is null || rows.Count < width)
        {
            var next = text.PeekNonBlank();
            if (next is null || !MotifText.TryParseNumbers(next, numbers))
            {
                if (width is null && rows.Count > 0)
                {
                    break;
                }

                var found = width is null ? "no rows" : string.Create(CultureInfo.InvariantCulture, $"{rows.Count} of {width} rows");
                throw next is null
                    ? text.Error(start, $"{kind} matrix ended early ({found}) at the end of the input")
                    : text.Error(text.LineNumber + 1, $"{kind} matrix row expected ({found} read) but found '{Shorten(next)}'");
            }

            text.Next();
            if (numbers.Count != 4)
            {
                throw text.Error(string.Create(CultureInfo.InvariantCulture, $"{kind} matrix row has {numbers.Count} values, expected 4"));
            }

            if (rows.Count >= MotifText.MaxWidth)
            {
                throw text.Error($"matrix wider than {MotifText.MaxWidth} positions");
            }

            rows.Add([.. numbers]);
        }

        return rows;
    }

    private static string Shorten(string line) => line.Length <= 40 ? line.Trim() : string.Concat(line.AsSpan(0, 40).Trim(), "...");
}

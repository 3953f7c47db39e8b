using System.Globalization;
using System.Text;
using Genomics.Models.IO;

namespace Genomics.Models.Augmentation;

/// <summary>Parsers of the ortholog FASTA and map files; every error names the file and the 1-based line.</summary>
internal static class OrthologFiles
{
    /// <summary>One FASTA record with the line of its header.</summary>
    public readonly record struct Entry(string GeneId, int Label, string Sequence, int Line);

    /// <summary>Reads a map file into ortholog gene → (A. thaliana gene, line).</summary>
    public static Dictionary<string, (string ThalianaGeneId, int Line)> ReadMap(string path)
    {
        RequireFile(path, "ortholog map");
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        using var reader = TextSource.OpenFile(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2 || fields.Any(f => f.Trim().Length == 0))
            {
                throw new DataFormatException(
                    path, lineNumber, $"expected 'ThalianaGene<TAB>OrthologGene' (two non-empty tab-separated fields) but found {fields.Length} field(s).");
            }

            var thaliana = fields[0].Trim();
            var ortholog = fields[1].Trim();
            if (map.TryGetValue(ortholog, out var earlier) && earlier.Item1 != thaliana)
            {
                throw new DataFormatException(
                    path, lineNumber, $"ortholog '{ortholog}' maps to '{thaliana}' here but to '{earlier.Item1}' on line {earlier.Item2}; each ortholog needs one A. thaliana gene.");
            }

            map[ortholog] = (thaliana, lineNumber);
        }

        return map;
    }

    /// <summary>Reads a FASTA file with <c>&gt;GENEID_LABEL</c> headers.</summary>
    public static List<Entry> ReadFasta(string path)
    {
        RequireFile(path, "ortholog FASTA");
        var entries = new List<Entry>();
        using var reader = TextSource.OpenFile(path);
        string? id = null;
        var label = 0;
        var headerLine = 0;
        var sequence = new StringBuilder();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith('>'))
            {
                Flush();
                (id, label) = ParseHeader(line, path, lineNumber);
                headerLine = lineNumber;
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (id is null)
            {
                throw new DataFormatException(path, lineNumber, "sequence data before the first '>' header.");
            }

            AppendSequence(trimmed, sequence, path, lineNumber);
        }

        Flush();
        return entries;

        void Flush()
        {
            if (id is null)
            {
                return;
            }

            if (sequence.Length == 0)
            {
                throw new DataFormatException(path, headerLine, $"record '{id}' has no sequence.");
            }

            entries.Add(new Entry(id, label, sequence.ToString(), headerLine));
            sequence.Clear();
        }
    }

    private static (string GeneId, int Label) ParseHeader(string line, string path, int lineNumber)
    {
        var text = line.AsSpan(1).Trim();
        var space = text.IndexOfAny(" \t");
        var word = (space < 0 ? text : text[..space]).ToString();
        var split = word.LastIndexOf('_');
        if (split <= 0 || split == word.Length - 1)
        {
            throw new DataFormatException(path, lineNumber, $"header '{word}' is not 'GENEID_LABEL' (a gene id, '_', and the label 0 or 1).");
        }

        var labelText = word[(split + 1)..];
        if (labelText is not ("0" or "1"))
        {
            throw new DataFormatException(path, lineNumber, $"label '{labelText}' of header '{word}' must be 0 or 1.");
        }

        return (word[..split], int.Parse(labelText, CultureInfo.InvariantCulture));
    }

    private static void AppendSequence(string text, StringBuilder sequence, string path, int lineNumber)
    {
        for (var column = 0; column < text.Length; column++)
        {
            var symbol = char.ToUpperInvariant(text[column]);
            if (symbol is not ('A' or 'C' or 'G' or 'T' or 'N'))
            {
                throw new DataFormatException(path, lineNumber, $"invalid sequence character '{text[column]}' at column {column + 1}; only A, C, G, T and N are allowed.");
            }

            sequence.Append(symbol);
        }
    }

    private static void RequireFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The {what} file '{path}' does not exist.", path);
        }
    }
}

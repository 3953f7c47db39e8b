using System.Globalization;
using System.Text;
using Genomics.Models.IO;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// Reads DeepASMM input tables: comma-separated (.csv) or tab-separated (.tsv, .txt) text with the columns
/// <c>Seqs</c> and <c>Labels</c>.
/// </summary>
/// <remarks>
/// Follows the original reader: a header is recognised when the first line contains "seqs", "labels", "sequence" or
/// "label" (any case); its <c>Seqs</c>/<c>Sequence</c> and <c>Labels</c>/<c>Label</c> columns are used, otherwise the
/// first two columns. The delimiter is a tab when the first line contains one, otherwise a comma. A cell holds one
/// value or a Python-style list literal (<c>['ACG…','TTA…']</c>); a list in <c>Seqs</c> gives several sub-sequences per
/// sample. Fields may be double-quoted (RFC 4180, <c>""</c> escapes a quote) but not span lines. Sequences may use
/// A, C, G, T and N in any case and are upper-cased; all rows must have the same number and length of sub-sequences.
/// Excel workbooks (.xls, .xlsx), which the original also reads, are rejected with a message to export them as CSV.
/// Gzip-compressed files are decompressed transparently.
/// </remarks>
public static class AsmmTableReader
{
    private static readonly string[] s_headerWords = ["seqs", "labels", "sequence", "label"];

    /// <summary>Reads a table file.</summary>
    /// <param name="path">The file (.csv, .tsv, .txt, optionally gzip-compressed).</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed; the message names file, line and reason.</exception>
    public static AsmmTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".xls" or ".xlsx")
        {
            throw new DataFormatException(path, null, "Excel workbooks are not supported; save the sheet as CSV (Seqs,Labels) or tab-separated text.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The DeepASMM table '{path}' does not exist.", path);
        }

        using var reader = TextSource.OpenFile(path);
        return Read(reader, path);
    }

    /// <summary>Reads a table from text.</summary>
    /// <param name="reader">The text; read to the end, not disposed.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DataFormatException">The text is malformed; the message names source, line and reason.</exception>
    public static AsmmTable Read(TextReader reader, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var first = reader.ReadLine() ?? throw new DataFormatException(source, null, "The table is empty.");
        var delimiter = first.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var lower = first.ToLowerInvariant();
        var hasHeader = s_headerWords.Any(w => lower.Contains(w, StringComparison.Ordinal));
        int seqColumn = 0, labelColumn = 1;
        var records = new List<AsmmRecord>();
        var lineNumber = 1;
        if (hasHeader)
        {
            var names = SplitFields(first, delimiter, source, 1).Select(n => n.Trim().ToLowerInvariant()).ToList();
            seqColumn = IndexOf(names, "seqs", "sequence", "sequences");
            labelColumn = IndexOf(names, "labels", "label");
            if (seqColumn < 0 || labelColumn < 0)
            {
                throw new DataFormatException(source, 1, $"The header '{first}' needs a 'Seqs' (or 'Sequence') and a 'Labels' (or 'Label') column.");
            }
        }
        else
        {
            records.Add(ParseRow(first, delimiter, seqColumn, labelColumn, source, 1));
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            records.Add(ParseRow(line, delimiter, seqColumn, labelColumn, source, lineNumber));
        }

        if (records.Count == 0)
        {
            throw new DataFormatException(source, null, "The table has a header but no rows.");
        }

        CheckShapes(records, source);
        return new AsmmTable(records, source);
    }

    private static int IndexOf(List<string> names, params string[] candidates)
    {
        foreach (var c in candidates)
        {
            var i = names.IndexOf(c);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckShapes(List<AsmmRecord> records, string source)
    {
        var first = records[0];
        foreach (var r in records)
        {
            if (r.Sequences.Count != first.Sequences.Count)
            {
                throw new DataFormatException(source, r.Line, $"The row has {r.Sequences.Count} sub-sequence(s) but line {first.Line} has {first.Sequences.Count}; every row needs the same number.");
            }

            for (var i = 0; i < r.Sequences.Count; i++)
            {
                if (r.Sequences[i].Length != first.Sequences[0].Length)
                {
                    throw new DataFormatException(source, r.Line, $"Sub-sequence {i} has length {r.Sequences[i].Length} but line {first.Line} has length {first.Sequences[0].Length}; all sequences must have the same length.");
                }
            }
        }
    }

    private static AsmmRecord ParseRow(string line, char delimiter, int seqColumn, int labelColumn, string source, int lineNumber)
    {
        var fields = SplitFields(line, delimiter, source, lineNumber);
        var needed = Math.Max(seqColumn, labelColumn) + 1;
        if (fields.Count < needed)
        {
            throw new DataFormatException(source, lineNumber, $"Expected at least {needed} fields separated by '{(delimiter == '\t' ? "\\t" : ",")}' but found {fields.Count}.");
        }

        var sequences = ParseList(fields[seqColumn]);
        if (sequences.Count == 0)
        {
            throw new DataFormatException(source, lineNumber, "The Seqs cell is empty.");
        }

        for (var i = 0; i < sequences.Count; i++)
        {
            sequences[i] = CheckSequence(sequences[i], source, lineNumber);
        }

        var labels = new List<double>();
        foreach (var item in ParseList(fields[labelColumn]))
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new DataFormatException(source, lineNumber, $"The label '{item}' is not a number.");
            }

            labels.Add(value);
        }

        return new AsmmRecord(sequences, labels, lineNumber);
    }

    private static string CheckSequence(string sequence, string source, int lineNumber)
    {
        if (sequence.Length == 0)
        {
            throw new DataFormatException(source, lineNumber, "A sequence is empty.");
        }

        var upper = sequence.ToUpperInvariant();
        for (var i = 0; i < upper.Length; i++)
        {
            if (upper[i] is not ('A' or 'C' or 'G' or 'T' or 'N'))
            {
                throw new DataFormatException(source, lineNumber, $"Invalid base '{sequence[i]}' at position {i + 1}; only A, C, G, T and N are allowed.");
            }
        }

        return upper;
    }

    /// <summary>Parses a cell holding a value or a Python-style list literal into its items.</summary>
    internal static List<string> ParseList(string cell)
    {
        var value = StripQuotes(cell.Trim());
        if (value.Length >= 2 && value[0] == '[' && value[^1] == ']')
        {
            return value[1..^1].Split(',')
                .Select(x => StripQuotes(x.Trim()))
                .Where(x => x.Length > 0)
                .ToList();
        }

        return value.Length == 0 ? [] : [value];
    }

    private static string StripQuotes(string value)
    {
        while (value.Length >= 2 && ((value[0] == '\'' && value[^1] == '\'') || (value[0] == '"' && value[^1] == '"')))
        {
            value = value[1..^1].Trim();
        }

        return value;
    }

    private static List<string> SplitFields(string line, char delimiter, string source, int lineNumber)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.ToString().Trim().Length == 0)
            {
                quoted = true;
                current.Clear();
            }
            else if (c == delimiter)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new DataFormatException(source, lineNumber, "A quoted field is not closed on this line (fields may not span lines).");
        }

        fields.Add(current.ToString());
        return fields;
    }
}

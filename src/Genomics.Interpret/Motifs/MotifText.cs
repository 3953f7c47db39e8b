using System.Globalization;
using Genomics.Models.IO;

namespace Genomics.Interpret.Motifs;

/// <summary>Line-numbered reading and number parsing shared by the motif file readers.</summary>
internal sealed class MotifText
{
    /// <summary>Widest motif a reader accepts (a guard against corrupt width fields).</summary>
    public const int MaxWidth = 100_000;

    private readonly TextReader _reader;
    private string? _peeked;
    private bool _hasPeeked;

    public MotifText(TextReader reader, string source)
    {
        _reader = reader;
        Source = source;
    }

    /// <summary>Gets the source name used in error messages.</summary>
    public string Source { get; }

    /// <summary>Gets the 1-based number of the last line returned by <see cref="Next"/>.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Returns the next line (null at the end) and advances.</summary>
    public string? Next()
    {
        string? line;
        if (_hasPeeked)
        {
            line = _peeked;
            _hasPeeked = false;
            _peeked = null;
        }
        else
        {
            line = _reader.ReadLine();
        }

        if (line is not null)
        {
            LineNumber++;
        }

        return line;
    }

    /// <summary>Returns the next line without advancing (null at the end).</summary>
    public string? Peek()
    {
        if (!_hasPeeked)
        {
            _peeked = _reader.ReadLine();
            _hasPeeked = true;
        }

        return _peeked;
    }

    /// <summary>Skips blank lines; returns the next non-blank line without consuming it (null at the end).</summary>
    public string? PeekNonBlank()
    {
        while (Peek() is { } line && string.IsNullOrWhiteSpace(line))
        {
            Next();
        }

        return Peek();
    }

    /// <summary>Creates an error at the current line.</summary>
    public DataFormatException Error(string reason) => new(Source, LineNumber == 0 ? null : LineNumber, reason);

    /// <summary>Creates an error at a given line.</summary>
    public DataFormatException Error(int line, string reason) => new(Source, line, reason);

    /// <summary>Parses whitespace-separated numbers (invariant culture); false when any token is not a number.</summary>
    public static bool TryParseNumbers(ReadOnlySpan<char> text, List<double> values)
    {
        values.Clear();
        foreach (var range in text.SplitAny(" \t,"))
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            values.Add(value);
        }

        return values.Count > 0;
    }

    /// <summary>Formats a number so that it reads back exactly.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Splits "id rest" into the first token and the trimmed rest (null when empty).</summary>
    public static (string Id, string? Name) SplitIdAndName(string text)
    {
        var trimmed = text.Trim();
        var cut = trimmed.AsSpan().IndexOfAny(' ', '\t');
        if (cut < 0)
        {
            return (trimmed, null);
        }

        var rest = trimmed[(cut + 1)..].Trim();
        return (trimmed[..cut], rest.Length == 0 ? null : rest);
    }

    /// <summary>Opens a file (gzip recognised by content) for reading.</summary>
    public static TextReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TextSource.OpenFile(path);
    }

    /// <summary>Writes text to a file atomically (temporary file in the same folder, then rename).</summary>
    public static void WriteAtomically(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
            writer.Flush();
        });
    }

    /// <summary>Builds a probability matrix from position-major rows, or returns the reason it is invalid.</summary>
    public static (PositionProbabilityMatrix? Matrix, string? Reason) BuildProbabilities(List<double[]> rows, Models.Encoding.Alphabet alphabet)
    {
        var width = rows.Count;
        var values = new double[4 * width];
        for (var w = 0; w < width; w++)
        {
            for (var a = 0; a < 4; a++)
            {
                values[(a * width) + w] = rows[w][a];
            }
        }

        return PositionProbabilityMatrix.Check(values, width) is { } reason
            ? (null, reason)
            : (PositionProbabilityMatrix.Wrap(values, width, alphabet), null);
    }

    /// <summary>Builds a probability matrix from alphabet-major counts, or returns the reason they are invalid.</summary>
    public static (PositionProbabilityMatrix? Matrix, double Total, string? Reason) BuildFromCounts(double[][] countRows, Models.Encoding.Alphabet alphabet)
    {
        var width = countRows[0].Length;
        var values = new double[4 * width];
        var firstTotal = 0.0;
        for (var w = 0; w < width; w++)
        {
            var total = 0.0;
            for (var a = 0; a < 4; a++)
            {
                var c = countRows[a][w];
                if (!double.IsFinite(c) || c < 0)
                {
                    return (null, 0, string.Create(CultureInfo.InvariantCulture, $"count at position {w + 1}, letter {a + 1} is {c}; counts must be finite and ≥ 0"));
                }

                total += c;
            }

            if (!(total > 0) || !double.IsFinite(total))
            {
                return (null, 0, $"position {w + 1} has no counts");
            }

            if (w == 0)
            {
                firstTotal = total;
            }

            for (var a = 0; a < 4; a++)
            {
                values[(a * width) + w] = countRows[a][w] / total;
            }
        }

        return (PositionProbabilityMatrix.Wrap(values, width, alphabet), firstTotal, null);
    }
}

using System.Globalization;

namespace Genomics.Models.IO;

/// <summary>Reads BED files (BED3 to BED6) interval by interval.</summary>
/// <remarks>
/// <para>
/// Fields are tab-separated (lines without any tab are split at runs of spaces). The first three fields (chrom,
/// start, end) are required; name, score and strand are read when present; further columns (BED12 blocks, ...) are
/// ignored. Lines that are blank or start with '#', "track" or "browser" are skipped. Gzip input is recognised by
/// its magic bytes.
/// </para>
/// <para>
/// Each line is checked: at least three fields; start and end are integers with 0 ≤ start ≤ end; the score, when
/// not '.', is a number; the strand is '+', '-' or '.'. A violation is a <see cref="DataFormatException"/> naming
/// the source and line. A name or score of '.' is read as null. Reading is lazy, so errors surface while enumerating.
/// </para>
/// </remarks>
public static class BedReader
{
    private const string DefaultSourceName = "<stream>";

    /// <summary>Reads the intervals of a BED file, plain or gzip-compressed.</summary>
    /// <param name="path">Path of the file. It is opened when enumeration starts; each enumeration reads it again.</param>
    /// <returns>A lazy sequence of intervals in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">While enumerating: a line is malformed (the message names file and line).</exception>
    public static IEnumerable<BedInterval> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"BED file '{path}' does not exist.", path);
        }

        return ReadFile(path);
    }

    /// <summary>Reads BED intervals from text.</summary>
    /// <param name="reader">The text. It is not disposed.</param>
    /// <param name="sourceName">Name used in error messages; default "&lt;stream&gt;".</param>
    /// <returns>A lazy sequence of intervals; enumerate it once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFormatException">While enumerating: a line is malformed.</exception>
    public static IEnumerable<BedInterval> Read(TextReader reader, string sourceName = DefaultSourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Parse(reader, sourceName);
    }

    private static IEnumerable<BedInterval> ReadFile(string path)
    {
        using var reader = TextSource.OpenFile(path);
        foreach (var interval in Parse(reader, path))
        {
            yield return interval;
        }
    }

    private static IEnumerable<BedInterval> Parse(TextReader reader, string source)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (IsSkipped(line))
            {
                continue;
            }

            yield return ParseLine(line, source, lineNumber);
        }
    }

    private static bool IsSkipped(string line)
    {
        var text = line.AsSpan().TrimStart();
        return text.IsEmpty
            || text[0] == '#'
            || IsKeyword(text, "track")
            || IsKeyword(text, "browser");
    }

    private static bool IsKeyword(ReadOnlySpan<char> text, string keyword) =>
        text.StartsWith(keyword, StringComparison.Ordinal) && (text.Length == keyword.Length || char.IsWhiteSpace(text[keyword.Length]));

    private static BedInterval ParseLine(string line, string source, int lineNumber)
    {
        var fields = line.Contains('\t')
            ? line.TrimEnd().Split('\t')
            : line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length < 3)
        {
            throw new DataFormatException(source, lineNumber, $"expected at least 3 tab-separated fields (chrom, start, end) but found {fields.Length}.");
        }

        var chrom = fields[0].Trim();
        if (chrom.Length == 0)
        {
            throw new DataFormatException(source, lineNumber, "the chromosome name (field 1) is empty.");
        }

        var start = ParseCoordinate(fields[1], "start", source, lineNumber);
        var end = ParseCoordinate(fields[2], "end", source, lineNumber);
        if (end < start)
        {
            throw new DataFormatException(source, lineNumber, $"end {end} is before start {start}; BED intervals need start <= end.");
        }

        var name = fields.Length > 3 ? NullIfDot(fields[3]) : null;
        var score = fields.Length > 4 ? ParseScore(fields[4], source, lineNumber) : null;
        var strand = fields.Length > 5 ? ParseStrand(fields[5], source, lineNumber) : Strand.Unspecified;
        return new BedInterval(chrom, start, end, name, score, strand);
    }

    private static long ParseCoordinate(string field, string what, string source, int lineNumber)
    {
        if (!long.TryParse(field.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new DataFormatException(source, lineNumber, $"{what} '{field}' is not an integer.");
        }

        return value >= 0 ? value : throw new DataFormatException(source, lineNumber, $"{what} {value} is negative; BED coordinates are 0-based and non-negative.");
    }

    private static double? ParseScore(string field, string source, int lineNumber)
    {
        var text = field.AsSpan().Trim();
        if (text.IsEmpty || text is ".")
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataFormatException(source, lineNumber, $"score '{field}' is not a number.");
    }

    private static Strand ParseStrand(string field, string source, int lineNumber) => field.Trim() switch
    {
        "+" => Strand.Forward,
        "-" => Strand.Reverse,
        "." or "" => Strand.Unspecified,
        _ => throw new DataFormatException(source, lineNumber, $"strand '{field}' is not '+', '-' or '.'."),
    };

    private static string? NullIfDot(string field)
    {
        var text = field.Trim();
        return text.Length == 0 || text == "." ? null : text;
    }
}

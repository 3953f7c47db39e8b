using System.Text;

namespace Genomics.Models.IO;

/// <summary>Reads FASTA files record by record.</summary>
/// <remarks>
/// <para>
/// Records are streamed: only the current record is held in memory. Sequences may span any number of lines; line
/// endings may be LF, CRLF or CR; blank lines are ignored; whitespace inside sequence lines is removed. Input
/// compressed with gzip (or bgzip) is recognised by its first two bytes (1f 8b), whatever the file is called, and is
/// checked member by member: compressed data that ends inside a member or fails its CRC-32/length trailer is a
/// <see cref="DataFormatException"/> naming the source.
/// </para>
/// <para>
/// A header is a line starting with '&gt;'; its first word is <see cref="FastaRecord.Id"/> and the rest is
/// <see cref="FastaRecord.Description"/>. A record may have an empty sequence. Errors are
/// <see cref="DataFormatException"/>s naming the source, the 1-based line and the reason: sequence data before
/// the first header, a header without an identifier, and (when <see cref="FastaReaderOptions.ValidationAlphabet"/>
/// is set) a character outside the alphabet. Because reading is lazy, these errors surface while enumerating.
/// </para>
/// </remarks>
public static class FastaReader
{
    private const string DefaultSourceName = "<stream>";

    /// <summary>Reads the records of a FASTA file, plain or gzip-compressed.</summary>
    /// <param name="path">Path of the file. The file is opened when enumeration starts and closed when it ends; each enumeration reads it again.</param>
    /// <param name="options">Validation and case options; default <see cref="FastaReaderOptions.Default"/>.</param>
    /// <returns>A lazy sequence of records in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">While enumerating: the file is malformed (the message names file and line).</exception>
    public static IEnumerable<FastaRecord> Read(string path, FastaReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"FASTA file '{path}' does not exist.", path);
        }

        options ??= FastaReaderOptions.Default;
        options.Validate();
        return ReadFile(path, options);
    }

    /// <summary>Reads FASTA records from a stream, plain or gzip-compressed.</summary>
    /// <param name="stream">A readable stream positioned at the start of the data. It is not disposed.</param>
    /// <param name="sourceName">Name used in error messages; default "&lt;stream&gt;".</param>
    /// <param name="options">Validation and case options; default <see cref="FastaReaderOptions.Default"/>.</param>
    /// <returns>A lazy sequence of records; enumerate it once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="DataFormatException">While enumerating: the data is malformed.</exception>
    public static IEnumerable<FastaRecord> Read(Stream stream, string sourceName = DefaultSourceName, FastaReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        options ??= FastaReaderOptions.Default;
        options.Validate();
        return ReadStream(stream, sourceName, options);
    }

    /// <summary>Reads FASTA records from text.</summary>
    /// <param name="reader">The text. It is not disposed.</param>
    /// <param name="sourceName">Name used in error messages; default "&lt;stream&gt;".</param>
    /// <param name="options">Validation and case options; default <see cref="FastaReaderOptions.Default"/>.</param>
    /// <returns>A lazy sequence of records; enumerate it once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFormatException">While enumerating: the text is malformed.</exception>
    public static IEnumerable<FastaRecord> Read(TextReader reader, string sourceName = DefaultSourceName, FastaReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= FastaReaderOptions.Default;
        options.Validate();
        return Parse(reader, sourceName, options);
    }

    private static IEnumerable<FastaRecord> ReadFile(string path, FastaReaderOptions options)
    {
        using var reader = TextSource.OpenFile(path);
        foreach (var record in Parse(reader, path, options))
        {
            yield return record;
        }
    }

    private static IEnumerable<FastaRecord> ReadStream(Stream stream, string sourceName, FastaReaderOptions options)
    {
        using var reader = TextSource.OpenStream(stream, leaveOpen: true, sourceName);
        foreach (var record in Parse(reader, sourceName, options))
        {
            yield return record;
        }
    }

    private static IEnumerable<FastaRecord> Parse(TextReader reader, string source, FastaReaderOptions options)
    {
        string? id = null;
        var description = string.Empty;
        var sequence = new StringBuilder();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (line.StartsWith('>'))
            {
                if (id is not null)
                {
                    yield return Build(id, description, sequence, options);
                }

                (id, description) = FastaRecord.SplitHeader(line[1..]);
                if (id.Length == 0)
                {
                    throw new DataFormatException(source, lineNumber, "empty FASTA header: '>' must be followed by a sequence identifier.");
                }

                sequence.Clear();
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (id is null)
            {
                throw new DataFormatException(source, lineNumber, "sequence data before the first FASTA header; the file must start with a '>' line.");
            }

            AppendSequenceLine(line, sequence, options, source, lineNumber);
        }

        if (id is not null)
        {
            yield return Build(id, description, sequence, options);
        }
    }

    private static void AppendSequenceLine(string line, StringBuilder sequence, FastaReaderOptions options, string source, int lineNumber)
    {
        for (var column = 0; column < line.Length; column++)
        {
            var symbol = line[column];
            if (char.IsWhiteSpace(symbol))
            {
                continue;
            }

            if (!options.Accepts(symbol))
            {
                throw new DataFormatException(
                    source,
                    lineNumber,
                    $"invalid sequence character '{symbol}' (U+{(int)symbol:X4}) at column {column + 1}; the {options.ValidationAlphabet} alphabet " +
                    $"plus '{options.AdditionalSymbols}' is allowed (see FastaReaderOptions.AdditionalSymbols).");
            }

            sequence.Append(symbol);
        }
    }

    private static FastaRecord Build(string id, string description, StringBuilder sequence, FastaReaderOptions options)
    {
        var text = sequence.ToString();
        return new FastaRecord(id, description, options.ToUpperCase ? text.ToUpperInvariant() : text);
    }
}

using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Genomics.Models.IO;

/// <summary>Writes FASTA records.</summary>
/// <remarks>
/// Each record is written as '&gt;' + <see cref="FastaRecord.Header"/> followed by the sequence wrapped at the
/// configured width, with LF line endings and UTF-8 text without a byte-order mark. Records are checked as they
/// are written: the identifier must be non-empty without whitespace, the description must not contain line breaks,
/// and the sequence must not contain whitespace (so that <see cref="FastaReader"/> reads back exactly what was written).
/// </remarks>
public static class FastaWriter
{
    private static readonly SearchValues<char> s_whitespace = SearchValues.Create(" \t\r\n\v\f\u00a0\u0085");

    /// <summary>Writes records to a file atomically.</summary>
    /// <param name="path">Destination path. The data is written to a temporary file in the same folder and renamed over
    /// <paramref name="path"/> only after everything was written and flushed, so readers never see a partial file and a
    /// failure leaves any existing file untouched.</param>
    /// <param name="records">The records, enumerated once.</param>
    /// <param name="options">Line width and compression; default <see cref="FastaWriterOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or a record is null or invalid (the message gives its index).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static void Write(string path, IEnumerable<FastaRecord> records, FastaWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(records);
        options ??= FastaWriterOptions.Default;
        options.Validate();
        AtomicFile.Write(path, stream => Write(stream, records, options));
    }

    /// <summary>Writes records to a stream.</summary>
    /// <param name="stream">A writable stream. It is flushed but not disposed.</param>
    /// <param name="records">The records, enumerated once.</param>
    /// <param name="options">Line width and compression; default <see cref="FastaWriterOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, or a record is null or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public static void Write(Stream stream, IEnumerable<FastaRecord> records, FastaWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        options ??= FastaWriterOptions.Default;
        options.Validate();
        var target = options.Gzip ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : stream;
        try
        {
            using var writer = new StreamWriter(target, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            WriteRecords(writer, records, options.LineWidth);
        }
        finally
        {
            if (options.Gzip)
            {
                target.Dispose();
            }
        }

        stream.Flush();
    }

    /// <summary>Writes records as text.</summary>
    /// <param name="writer">The destination. It is flushed but not disposed; its own newline setting is ignored (LF is written).</param>
    /// <param name="records">The records, enumerated once.</param>
    /// <param name="lineWidth">Sequence characters per line (1 or more), or null for one line per sequence; default 60.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">A record is null or invalid (the message gives its index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineWidth"/> is less than 1.</exception>
    public static void Write(TextWriter writer, IEnumerable<FastaRecord> records, int? lineWidth = FastaWriterOptions.DefaultLineWidth)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        if (lineWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lineWidth), lineWidth, "The line width must be 1 or more, or null for unwrapped sequences.");
        }

        WriteRecords(writer, records, lineWidth);
    }

    private static void WriteRecords(TextWriter writer, IEnumerable<FastaRecord> records, int? lineWidth)
    {
        var index = 0;
        foreach (var record in records)
        {
            if (Problem(record, index) is { } problem)
            {
                throw new ArgumentException(problem, nameof(records));
            }

            writer.Write('>');
            writer.Write(record.Header);
            writer.Write('\n');
            var sequence = record.Sequence.AsSpan();
            var width = lineWidth ?? Math.Max(sequence.Length, 1);
            for (var start = 0; start < sequence.Length; start += width)
            {
                writer.Write(sequence.Slice(start, Math.Min(width, sequence.Length - start)));
                writer.Write('\n');
            }

            index++;
        }

        writer.Flush();
    }

    private static string? Problem(FastaRecord? record, int index)
    {
        if (record is null)
        {
            return $"Record {index} is null.";
        }

        if (string.IsNullOrEmpty(record.Id) || record.Id.AsSpan().ContainsAny(s_whitespace))
        {
            return $"Record {index} has identifier '{record.Id}'; identifiers must be non-empty and contain no whitespace.";
        }

        if (record.Description is null || record.Description.AsSpan().ContainsAny('\r', '\n'))
        {
            return $"Record {index} ('{record.Id}') has a null description or one containing a line break.";
        }

        if (record.Sequence is null)
        {
            return $"Record {index} ('{record.Id}') has a null sequence.";
        }

        var position = record.Sequence.AsSpan().IndexOfAny(s_whitespace);
        return position < 0 ? null : $"Record {index} ('{record.Id}') has whitespace at sequence position {position}.";
    }
}

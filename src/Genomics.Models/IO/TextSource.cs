namespace Genomics.Models.IO;

/// <summary>
/// Opens text input, decompressing gzip data recognised by its magic bytes (1f 8b) rather than by file extension.
/// Compressed input is checked member by member (<see cref="VerifiedGzipStream"/>): a truncated file or one whose
/// CRC-32 does not match is a <see cref="DataFormatException"/> naming the source, never a silently shorter text.
/// </summary>
internal static class TextSource
{
    private const int ReadBufferSize = 1 << 16;

    /// <summary>Opens a file for reading text, transparently decompressing gzip (including multi-member/bgzip files).</summary>
    public static TextReader OpenFile(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
        try
        {
            return OpenStream(stream, leaveOpen: false, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a stream in a text reader, decompressing gzip when the stream starts with the gzip magic bytes.</summary>
    /// <param name="stream">The data, positioned at its start.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <param name="sourceName">The file or source named by errors in the compressed data.</param>
    public static TextReader OpenStream(Stream stream, bool leaveOpen, string sourceName = "<stream>")
    {
        var prefix = new byte[2];
        var read = 0;
        while (read < prefix.Length)
        {
            var n = stream.Read(prefix, read, prefix.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Stream source;
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            source = stream;
        }
        else
        {
            source = new PrefixedStream(prefix.AsMemory(0, read), stream, leaveOpen);
            leaveOpen = false;
        }

        if (IsGzip(prefix.AsSpan(0, read)))
        {
            source = new VerifiedGzipStream(source, sourceName, leaveOpen);
            leaveOpen = false;
        }

        return new StreamReader(source, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferSize, leaveOpen);
    }

    /// <summary>Returns true when the bytes start with the gzip magic number 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;
}

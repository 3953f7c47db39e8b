using System.IO.Compression;

namespace Genomics.Models.IO;

/// <summary>Opens text input, decompressing gzip data recognised by its magic bytes (1f 8b) rather than by file extension.</summary>
internal static class TextSource
{
    private const int ReadBufferSize = 1 << 16;

    /// <summary>Opens a file for reading text, transparently decompressing gzip (including multi-member/bgzip files).</summary>
    public static TextReader OpenFile(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
        try
        {
            return OpenStream(stream, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a stream in a text reader, decompressing gzip when the stream starts with the gzip magic bytes.</summary>
    public static TextReader OpenStream(Stream stream, bool leaveOpen)
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
            source = new GZipStream(source, CompressionMode.Decompress, leaveOpen);
            leaveOpen = false;
        }

        return new StreamReader(source, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferSize, leaveOpen);
    }

    /// <summary>Returns true when the bytes start with the gzip magic number 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;
}

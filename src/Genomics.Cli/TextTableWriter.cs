using System.IO.Compression;
using System.Text;

namespace Genomics.Cli;

/// <summary>Lines of a text table (CSV or TSV), gzip-compressed when the file's name ends in .gz; the header line is
/// written when given (a resumed shard appends without it, in a new gzip member).</summary>
internal sealed class TextTableWriter : IDisposable
{
    private readonly Stream? _gzip;
    private readonly StreamWriter _writer;

    public TextTableWriter(Stream stream, string path, string? header)
    {
        _gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : null;
        _writer = new StreamWriter(_gzip ?? stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        if (header is not null)
        {
            _writer.WriteLine(header);
        }
    }

    /// <summary>Writes lines (each without its line end).</summary>
    public void Write(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Writes text as it is (line ends included).</summary>
    public void WriteRaw(string text) => _writer.Write(text);

    public void Dispose()
    {
        _writer.Dispose();
        _gzip?.Dispose();
    }
}

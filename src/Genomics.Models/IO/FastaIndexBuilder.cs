using System.Buffers;
using System.Runtime.InteropServices;

namespace Genomics.Models.IO;

/// <summary>Scans an uncompressed FASTA byte stream and produces .fai entries, checking the layout random access relies on.</summary>
internal sealed class FastaIndexBuilder
{
    // Bytes not allowed inside a sequence line: ASCII whitespace and control characters ('\n' never reaches the check).
    private static readonly SearchValues<byte> s_whitespaceOrControl = SearchValues.Create(
        [.. Enumerable.Range(0, 33).Select(b => (byte)b), (byte)0x7f]);

    private readonly string _source;
    private readonly List<FastaIndexEntry> _entries = [];
    private readonly Dictionary<string, int> _headerLines = new(StringComparer.Ordinal);

    // The record being scanned.
    private string? _name;
    private long _offset;
    private long _length;
    private int _lineBases;
    private int _lineWidth;
    private int _shortLine; // line number of the first short or blank line of the record, 0 if none yet

    private FastaIndexBuilder(string source) => _source = source;

    /// <summary>Reads the whole stream and returns the entries in file order.</summary>
    public static List<FastaIndexEntry> Scan(Stream stream, string source)
    {
        var builder = new FastaIndexBuilder(source);
        builder.Run(stream);
        return builder._entries;
    }

    private void Run(Stream stream)
    {
        var buffer = new byte[1 << 16];
        var header = new List<byte>(256);
        var lineNumber = 1;
        long lineStart = 0;
        long lineLength = 0; // bytes of the current line so far, excluding '\n' but including a final '\r'
        long firstBad = -1;  // column of the first whitespace or control byte of a sequence line
        byte badValue = 0;
        byte lastByte = 0;
        var isHeader = false;
        long position = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (position == 0 && TextSource.IsGzip(buffer.AsSpan(0, read)))
            {
                throw new DataFormatException(_source, null, "the file is gzip-compressed; build an index only for an uncompressed FASTA (decompress it first).");
            }

            var rest = buffer.AsSpan(0, read);
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf((byte)'\n');
                var segment = newline < 0 ? rest : rest[..newline];
                if (!segment.IsEmpty)
                {
                    if (lineLength == 0)
                    {
                        isHeader = segment[0] == (byte)'>';
                    }

                    if (isHeader)
                    {
                        header.AddRange(segment);
                    }
                    else if (firstBad < 0 && segment.IndexOfAny(s_whitespaceOrControl) is var k and >= 0)
                    {
                        firstBad = lineLength + k;
                        badValue = segment[k];
                    }

                    lineLength += segment.Length;
                    lastByte = segment[^1];
                }

                position += segment.Length;
                if (newline < 0)
                {
                    break;
                }

                var terminator = lineLength > 0 && lastByte == (byte)'\r' ? 2 : 1;
                OnLine(isHeader, header, lineLength - terminator + 1, lineStart, terminator, lineNumber, firstBad, badValue);
                position++;
                rest = rest[(newline + 1)..];
                lineNumber++;
                lineStart = position;
                lineLength = 0;
                firstBad = -1;
                isHeader = false;
                header.Clear();
            }
        }

        if (lineLength > 0)
        {
            OnLine(isHeader, header, lineLength, lineStart, 0, lineNumber, firstBad, badValue);
        }

        FinishRecord();
    }

    private void OnLine(bool isHeader, List<byte> header, long length, long lineStart, int terminator, int lineNumber, long firstBad, byte badValue)
    {
        if (isHeader)
        {
            FinishRecord();
            StartRecord(header, lineStart + length + terminator, lineNumber);
            return;
        }

        if (_name is null)
        {
            if (length == 0)
            {
                return;
            }

            throw Error(lineNumber, "sequence data before the first FASTA header; the file must start with a '>' line.");
        }

        if (firstBad >= 0 && firstBad < length)
        {
            throw Error(lineNumber, $"whitespace or control character (byte 0x{badValue:x2}) at column {firstBad + 1}; an indexed FASTA needs sequence lines without spaces.");
        }

        if (length == 0)
        {
            _shortLine = _shortLine == 0 ? lineNumber : _shortLine;
            return;
        }

        if (length > int.MaxValue)
        {
            throw Error(lineNumber, "the line is longer than 2^31 - 1 bases.");
        }

        AddSequenceLine((int)length, terminator, lineNumber);
    }

    private void AddSequenceLine(int bases, int terminator, int lineNumber)
    {
        if (_length == 0)
        {
            _lineBases = bases;
            _lineWidth = bases + (terminator == 0 ? 1 : terminator);
            _length = bases;
            return;
        }

        if (_shortLine != 0)
        {
            throw Error(lineNumber, $"record '{_name}' continues after the shorter or blank line {_shortLine}; every line except the last must have {_lineBases} bases.");
        }

        if (bases > _lineBases)
        {
            throw Error(lineNumber, $"line has {bases} bases but earlier lines of record '{_name}' have {_lineBases}; every line except the last must have the same length.");
        }

        if (terminator != 0 && bases + terminator != _lineWidth && bases == _lineBases)
        {
            throw Error(lineNumber, $"record '{_name}' mixes LF and CRLF line endings; use one line ending throughout.");
        }

        if (bases < _lineBases)
        {
            _shortLine = lineNumber;
        }

        _length += bases;
    }

    private void StartRecord(List<byte> header, long sequenceOffset, int lineNumber)
    {
        var text = System.Text.Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(header)).AsSpan(1).Trim();
        var end = text.IndexOfAny(" \t\v\f\r");
        var name = (end < 0 ? text : text[..end]).ToString();
        if (name.Length == 0)
        {
            throw Error(lineNumber, "empty FASTA header: '>' must be followed by a sequence name.");
        }

        if (!_headerLines.TryAdd(name, lineNumber))
        {
            throw Error(lineNumber, $"sequence name '{name}' already used at line {_headerLines[name]}; names must be unique to be indexed.");
        }

        _name = name;
        _offset = sequenceOffset;
        _length = 0;
        _lineBases = 0;
        _lineWidth = 0;
        _shortLine = 0;
    }

    private void FinishRecord()
    {
        // Like samtools, records without bases get no index line.
        if (_name is not null && _length > 0)
        {
            _entries.Add(new FastaIndexEntry(_name, _length, _offset, _lineBases, _lineWidth));
        }

        _name = null;
    }

    private DataFormatException Error(int lineNumber, string reason) => new(_source, lineNumber, reason);
}

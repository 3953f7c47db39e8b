using System.Buffers.Binary;
using System.IO.Compression;

namespace Genomics.Models.IO;

/// <summary>
/// Decompresses gzip data member by member (plain, concatenated or BGZF) and checks every member's trailer: the
/// CRC-32 and length of the decompressed bytes must match, and the data must not end inside a member.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> returns end-of-stream when its input stops in the middle of a member, so a truncated file
/// reads as a shorter, complete-looking one. Here each member's deflate body goes through a <see cref="DeflateStream"/>
/// fed from a window of the compressed bytes; when the body ends, the eight-byte trailer (CRC-32 and length of what
/// was decompressed) is located in that window, which also tells where the next member starts. A member whose trailer
/// is missing or does not match, a damaged header, or bytes after the last member that are not another member are a
/// <see cref="DataFormatException"/> naming the source.
/// </remarks>
internal sealed class VerifiedGzipStream : ReadOnlyForwardStream
{
    private const int ChunkLimit = 16 * 1024;
    private const int RecentChunks = 3;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly string _source;
    private readonly long[] _recent = new long[RecentChunks]; // starts of the last chunks given to the inflater
    private int _recentCount;

    private byte[] _window = new byte[64 * 1024];
    private long _windowStart; // absolute offset of _window[0]
    private int _count;        // valid bytes in _window
    private long _cursor;      // absolute offset of the next compressed byte to use
    private bool _innerAtEnd;

    private DeflateStream? _deflate;
    private uint _crc;
    private long _size;
    private int _members;
    private long _memberStart;
    private bool _done;

    public VerifiedGzipStream(Stream inner, string source, bool leaveOpen)
    {
        _inner = inner;
        _source = source;
        _leaveOpen = leaveOpen;
    }

    private int Available => (int)(_windowStart + _count - _cursor);

    public override int Read(Span<byte> buffer)
    {
        if (_done || buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_deflate is null && !StartMember())
            {
                _done = true;
                return 0;
            }

            int n;
            try
            {
                n = _deflate!.Read(buffer);
            }
            catch (InvalidDataException error)
            {
                throw Corrupt($"gzip member {_members} (starting at byte {_memberStart}) is corrupt: {error.Message}", error);
            }

            if (n > 0)
            {
                _crc = Crc32.Append(_crc, buffer[..n]);
                _size += n;
                return n;
            }

            FinishMember();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
            _deflate = null;
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Parses the next member header; returns false at a clean end of data after at least one member.</summary>
    private bool StartMember()
    {
        if (!Ensure(1))
        {
            if (_members == 0)
            {
                throw Corrupt("the gzip data is empty.");
            }

            return false;
        }

        _memberStart = _cursor;
        var number = _members + 1;
        if (!Ensure(2) || Peek(0) != 0x1f || Peek(1) != 0x8b)
        {
            throw Corrupt($"unexpected bytes at offset {_cursor} after gzip member {_members}: they are not another gzip member (the file is damaged or has trailing data).");
        }

        if (!Ensure(10))
        {
            throw Truncated($"the gzip data ends inside the header of member {number}: the file is truncated.");
        }

        if (Peek(2) != 8)
        {
            throw Corrupt($"gzip member {number} uses compression method {Peek(2)}; only deflate (8) is supported.");
        }

        var flags = Peek(3);
        if ((flags & 0xe0) != 0)
        {
            throw Corrupt($"gzip member {number} has reserved header flags set (0x{flags:x2}); the header is damaged.");
        }

        Skip(10);
        if ((flags & 0x04) != 0)
        {
            RequireHeader(2, number);
            var extra = Peek(0) | (Peek(1) << 8);
            Skip(2);
            RequireHeader(extra, number);
            Skip(extra);
        }

        for (var bit = 0x08; bit <= 0x10; bit <<= 1)
        {
            if ((flags & bit) == 0)
            {
                continue;
            }

            // Zero-terminated file name (0x08) or comment (0x10).
            while (true)
            {
                RequireHeader(1, number);
                var b = Peek(0);
                Skip(1);
                if (b == 0)
                {
                    break;
                }
            }
        }

        if ((flags & 0x02) != 0)
        {
            RequireHeader(2, number);
            Skip(2);
        }

        _members = number;
        _crc = 0;
        _size = 0;
        _recentCount = 0;
        _deflate = new DeflateStream(new Feed(this), CompressionMode.Decompress, leaveOpen: false);
        return true;
    }

    /// <summary>Locates the member's trailer after its deflate body and checks it against what was decompressed.</summary>
    private void FinishMember()
    {
        _deflate!.Dispose();
        _deflate = null;
        var searchFrom = _recentCount > 0 ? _recent[0] : _cursor;
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_size));

        // The inflater stops at or after the end of the body, so the trailer starts at or before the cursor; make
        // the window reach past it and the two bytes after it.
        Ensure(10);
        var region = _window.AsSpan((int)(searchFrom - _windowStart), (int)(_windowStart + _count - searchFrom));
        var at = FindTrailer(region, trailer);
        _recentCount = 0;
        if (at >= 0)
        {
            _cursor = searchFrom + at + 8;
            return;
        }

        if (!_innerAtEnd || Available > 8)
        {
            throw Corrupt($"gzip member {_members} (starting at byte {_memberStart}) fails its CRC-32/length check: the data is corrupt.");
        }

        var endLength = region.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(region[^4..]) : (uint?)null;
        if (endLength == unchecked((uint)_size) && region.Length >= 8)
        {
            throw Corrupt($"gzip member {_members} (starting at byte {_memberStart}) fails its CRC-32 check: the data is corrupt.");
        }

        throw Truncated($"the gzip data ends before member {_members} (starting at byte {_memberStart}) is complete: the file is truncated.");
    }

    /// <summary>
    /// Returns where <paramref name="trailer"/> starts in <paramref name="region"/>, preferring a match followed by
    /// the end of the data or another member (an empty member's zero trailer can also match one byte early).
    /// </summary>
    private int FindTrailer(ReadOnlySpan<byte> region, ReadOnlySpan<byte> trailer)
    {
        var first = -1;
        for (var from = 0; from <= region.Length - trailer.Length;)
        {
            var hit = region[from..].IndexOf(trailer);
            if (hit < 0)
            {
                break;
            }

            var at = from + hit;
            var after = region[(at + trailer.Length)..];
            if ((after.IsEmpty && _innerAtEnd) || (after.Length >= 2 && after[0] == 0x1f && after[1] == 0x8b))
            {
                return at;
            }

            first = first < 0 ? at : first;
            from = at + 1;
        }

        return first;
    }

    private void RequireHeader(int bytes, int number)
    {
        if (!Ensure(bytes))
        {
            throw Truncated($"the gzip data ends inside the header of member {number}: the file is truncated.");
        }
    }

    private byte Peek(int ahead) => _window[(int)(_cursor - _windowStart) + ahead];

    private void Skip(int bytes) => _cursor += bytes;

    /// <summary>Makes at least <paramref name="bytes"/> bytes available after the cursor; false when the data ends first.</summary>
    private bool Ensure(int bytes)
    {
        while (Available < bytes)
        {
            if (!Fill())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads more compressed bytes into the window, keeping what a trailer search may still need.</summary>
    private bool Fill()
    {
        if (_innerAtEnd)
        {
            return false;
        }

        var keepFrom = _recentCount > 0 ? Math.Min(_recent[0], _cursor) : _cursor;
        var drop = (int)(keepFrom - _windowStart);
        if (_count == _window.Length && drop > 0)
        {
            Array.Copy(_window, drop, _window, 0, _count - drop);
            _count -= drop;
            _windowStart += drop;
        }
        else if (_count == _window.Length)
        {
            Array.Resize(ref _window, _window.Length * 2);
        }

        var n = _inner.Read(_window, _count, _window.Length - _count);
        if (n <= 0)
        {
            _innerAtEnd = true;
            return false;
        }

        _count += n;
        return true;
    }

    /// <summary>Gives the inflater the next compressed bytes, remembering where each chunk started.</summary>
    private int FeedRead(Span<byte> buffer)
    {
        if (buffer.IsEmpty || (Available == 0 && !Fill()))
        {
            return 0;
        }

        var n = Math.Min(Math.Min(buffer.Length, Available), ChunkLimit);
        _window.AsSpan((int)(_cursor - _windowStart), n).CopyTo(buffer);
        if (_recentCount == RecentChunks)
        {
            Array.Copy(_recent, 1, _recent, 0, RecentChunks - 1);
            _recentCount--;
        }

        _recent[_recentCount++] = _cursor;
        _cursor += n;
        return n;
    }

    private DataFormatException Corrupt(string reason, Exception? inner = null) => new(_source, null, reason, inner);

    private DataFormatException Truncated(string reason) => new(_source, null, reason);

    /// <summary>The compressed-byte source handed to each member's inflater.</summary>
    private sealed class Feed(VerifiedGzipStream owner) : ReadOnlyForwardStream
    {
        public override int Read(Span<byte> buffer) => owner.FeedRead(buffer);
    }
}

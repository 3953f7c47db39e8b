using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Genomics.Models.Serialization;

/// <summary>Reads and verifies checkpoint files (magic, version, sizes, header, SHA-256 checksum).</summary>
internal static class CheckpointReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>Reads <paramref name="path"/> completely, verifying it before returning.</summary>
    public static CheckpointFile Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var fileLength = stream.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var prefix = new byte[CheckpointLayout.PrefixLength];
        var prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        CheckMagic(fullPath, prefix.AsSpan(0, prefixRead));
        if (fileLength < CheckpointLayout.PrefixLength + CheckpointLayout.ChecksumLength)
        {
            throw Corrupt(fullPath, $"it is truncated: {fileLength} bytes, shorter than the smallest checkpoint "
                + $"({CheckpointLayout.PrefixLength + CheckpointLayout.ChecksumLength} bytes)");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
        if (version != CheckpointLayout.Version)
        {
            throw Corrupt(fullPath, $"it uses checkpoint format version {version}; this library reads version {CheckpointLayout.Version}");
        }
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix.AsSpan(12));
        var room = fileLength - CheckpointLayout.PrefixLength - CheckpointLayout.ChecksumLength;
        if (headerLength > (ulong)Math.Min(room, CheckpointLayout.MaxHeaderLength))
        {
            throw Corrupt(fullPath, $"its header length ({headerLength} bytes) does not fit in the file ({fileLength} bytes); "
                + "the file is truncated or damaged");
        }
        hash.AppendData(prefix);
        var headerBytes = new byte[(int)headerLength];
        stream.ReadExactly(headerBytes);
        hash.AppendData(headerBytes);

        var dataStart = CheckpointLayout.AlignUp(CheckpointLayout.PrefixLength + (long)headerLength);
        var (header, problem) = ParseHeader(headerBytes);
        if (header is not null)
        {
            var expected = dataStart + header.DataLength + CheckpointLayout.ChecksumLength;
            if (header.DataLength < 0 || expected != fileLength)
            {
                throw Corrupt(fullPath, $"it is {fileLength} bytes long but its header describes {expected} bytes; "
                    + "the file is truncated or damaged");
            }
            problem = ValidateManifest(header);
        }
        if (problem is not null || header is null)
        {
            // A damaged header is reported as a checksum failure when the bytes changed after writing.
            HashRange(stream, hash, fileLength - CheckpointLayout.ChecksumLength - stream.Position);
            VerifyChecksum(fullPath, stream, hash);
            throw Corrupt(fullPath, problem ?? "its header is empty");
        }

        var tensors = new List<CheckpointTensorInfo>(header.Tensors!.Count);
        var data = new byte[header.Tensors.Count][];
        for (var i = 0; i < header.Tensors.Count; i++)
        {
            var entry = header.Tensors[i];
            HashRange(stream, hash, dataStart + entry.Offset - stream.Position);
            data[i] = new byte[entry.Length];
            stream.ReadExactly(data[i]);
            hash.AppendData(data[i]);
            _ = CheckpointDataTypes.TryParse(entry.DType, out var dtype, out _); // validated by ValidateManifest
            tensors.Add(new CheckpointTensorInfo(entry.Key!, dtype, entry.Shape!, entry.Offset, entry.Length));
        }
        HashRange(stream, hash, fileLength - CheckpointLayout.ChecksumLength - stream.Position);
        VerifyChecksum(fullPath, stream, hash);
        return new CheckpointFile(fullPath, (int)version, header, tensors, data);
    }

    private static void CheckMagic(string path, ReadOnlySpan<byte> start)
    {
        var magic = CheckpointLayout.Magic;
        if (start.Length >= magic.Length && start[..magic.Length].SequenceEqual(magic))
        {
            return;
        }
        if (start.Length < magic.Length && magic.StartsWith(start))
        {
            throw Corrupt(path, $"it is truncated: {start.Length} bytes, shorter than the checkpoint magic bytes");
        }
        var found = Convert.ToHexString(start[..Math.Min(start.Length, magic.Length)]);
        throw Corrupt(path, $"it is not a checkpoint file: it starts with bytes {(found.Length == 0 ? "(none: empty file)" : found)}, "
            + $"not the checkpoint magic {Convert.ToHexString(magic)}");
    }

    private static (CheckpointHeader? Header, string? Problem) ParseHeader(byte[] headerBytes)
    {
        try
        {
            return (JsonSerializer.Deserialize<CheckpointHeader>(headerBytes, CheckpointLayout.HeaderJson), null);
        }
        catch (JsonException e)
        {
            return (null, "its JSON header is malformed: " + e.Message);
        }
    }

    private static string? ValidateManifest(CheckpointHeader header)
    {
        if (header.Tensors is null)
        {
            return "its header has no tensor manifest";
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long end = 0;
        foreach (var entry in header.Tensors)
        {
            if (entry.Key is null || !keys.Add(entry.Key))
            {
                return $"its manifest holds a missing or repeated key '{entry.Key}'";
            }
            if (!CheckpointDataTypes.TryParse(entry.DType, out _, out var size))
            {
                return $"tensor '{entry.Key}' has unknown element type '{entry.DType}'";
            }
            if (entry.Shape is null || entry.Shape.Any(d => d < 0))
            {
                return $"tensor '{entry.Key}' has a missing or negative shape";
            }
            if (!TryByteLength(entry.Shape, size, out var length) || length != entry.Length || length > Array.MaxLength)
            {
                return $"tensor '{entry.Key}' records {entry.Length} bytes, inconsistent with its shape [{string.Join(", ", entry.Shape)}] "
                    + $"and element type {entry.DType}";
            }
            if (entry.Offset < end || entry.Offset % CheckpointLayout.Alignment != 0 || entry.Offset > header.DataLength - entry.Length)
            {
                return $"tensor '{entry.Key}' has offset {entry.Offset}, which overlaps another tensor, is unaligned or lies outside the data section";
            }
            end = entry.Offset + entry.Length;
        }
        return null;
    }

    private static bool TryByteLength(long[] shape, int elementSize, out long length)
    {
        length = elementSize;
        try
        {
            foreach (var dim in shape)
            {
                length = checked(length * dim);
            }
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static void HashRange(Stream stream, IncrementalHash hash, long count)
    {
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(count, 0))];
        while (count > 0)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, count));
            stream.ReadExactly(chunk);
            hash.AppendData(chunk);
            count -= chunk.Length;
        }
    }

    private static void VerifyChecksum(string path, Stream stream, IncrementalHash hash)
    {
        Span<byte> stored = stackalloc byte[CheckpointLayout.ChecksumLength];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
        {
            throw Corrupt(path, "its SHA-256 checksum does not match its contents; the file was changed or damaged after it was written");
        }
    }

    private static CheckpointCorruptException Corrupt(string path, string problem) => new(path, problem);
}

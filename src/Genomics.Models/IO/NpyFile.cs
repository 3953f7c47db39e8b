using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Genomics.Models.IO;

/// <summary>
/// Reads and writes NumPy's <c>.npy</c> format (versions 1.0, 2.0 and 3.0): one array in C order. Reads float32 and
/// float64 in either byte order (big-endian values are byte-swapped on read), and integer, boolean and float16 arrays
/// (one-hot sequences saved as <c>int8</c>, <c>uint8</c> or <c>bool</c>) as float32; refuses Fortran-order arrays,
/// structured and object dtypes. Writes little-endian float32 or float64 with a version 1.0 header (2.0 when the
/// header needs it), padded so the data starts on a 64-byte boundary as NumPy does, through a temporary file and a
/// rename (<see cref="AtomicFile"/>).
/// </summary>
public static class NpyFile
{
    /// <summary>The first six bytes of every <c>.npy</c> file.</summary>
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Headers longer than this are refused (NumPy refuses more than 10,000 bytes by default).</summary>
    private const int MaxHeaderLength = 1 << 20;

    private const int Alignment = 64;

    /// <summary>Reads a <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array, float32 unless the file holds float64.</returns>
    /// <exception cref="NumpyFormatException">The file is not a valid <c>.npy</c> file, or holds a dtype or order the library does not read; the message names the file and the reason.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static NumpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path, null, stream.Length);
    }

    /// <summary>Reads one <c>.npy</c> array from a stream, from its current position.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="source">The name errors give for the stream.</param>
    /// <returns>The array.</returns>
    /// <exception cref="NumpyFormatException">The content is not a valid <c>.npy</c> array.</exception>
    public static NumpyArray Read(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return Read(stream, source, null, stream.CanSeek ? stream.Length - stream.Position : null);
    }

    /// <summary>Writes an array as a <c>.npy</c> file, atomically.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="array">The array.</param>
    public static void Write(string path, NumpyArray array)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes an array in the <c>.npy</c> format to a stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="array">The array.</param>
    public static void Write(Stream stream, NumpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        stream.Write(Header(array));
        if (array.DataType == NumpyDataType.Float32)
        {
            var values = array.ToSingleArray();
            if (BitConverter.IsLittleEndian)
            {
                WriteRaw(stream, values);
                return;
            }

            WriteSwapped(stream, values.Length, sizeof(float), (span, i) => BinaryPrimitives.WriteSingleLittleEndian(span, values[i]));
        }
        else
        {
            var values = array.ToDoubleArray();
            if (BitConverter.IsLittleEndian)
            {
                WriteRaw(stream, values);
                return;
            }

            WriteSwapped(stream, values.Length, sizeof(double), (span, i) => BinaryPrimitives.WriteDoubleLittleEndian(span, values[i]));
        }
    }

    /// <summary>The preamble and header of an array: magic, version, header length, the header dictionary padded with spaces and a newline.</summary>
    internal static byte[] Header(NumpyArray array)
    {
        var descr = array.DataType == NumpyDataType.Float32 ? "<f4" : "<f8";
        var dictionary = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {NumpyArray.FormatShape(array.Shape)}, }}";
        var version = dictionary.Length + Alignment <= ushort.MaxValue ? 1 : 2;   // the padded header must fit version 1.0's 16-bit length
        var preamble = version == 1 ? 10 : 12;
        var padded = (preamble + dictionary.Length + 1 + Alignment - 1) / Alignment * Alignment;
        var header = dictionary.PadRight(padded - preamble - 1) + "\n";
        var bytes = new byte[preamble + header.Length];
        s_magic.CopyTo(bytes, 0);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        }

        System.Text.Encoding.Latin1.GetBytes(header, bytes.AsSpan(preamble));
        return bytes;
    }

    /// <summary>Reads one array; <paramref name="available"/> is the number of bytes from the start of the array to the end of its file or entry, when known.</summary>
    internal static NumpyArray Read(Stream stream, string file, string? entry, long? available)
    {
        NumpyFormatException Problem(string reason, Exception? inner = null) => new(file, entry, reason, inner);

        Span<byte> preamble = stackalloc byte[12];
        var got = ReadUpTo(stream, preamble[..8], Problem);
        if (got < 8 || !preamble[..6].SequenceEqual(s_magic))
        {
            if (got >= 4 && preamble[0] == (byte)'P' && preamble[1] == (byte)'K' && preamble[2] == 3 && preamble[3] == 4)
            {
                throw Problem("this is a zip archive (.npz), not a .npy file; read it with NpzFile.");
            }

            throw got < 8 && s_magic.AsSpan(0, Math.Min(got, 6)).SequenceEqual(preamble[..Math.Min(got, 6)])
                ? Problem(string.Create(CultureInfo.InvariantCulture, $"truncated: the file ends after {got} byte(s), inside the .npy preamble."))
                : Problem("not a .npy file: it does not start with the NumPy magic string \\x93NUMPY.");
        }

        int major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw Problem(string.Create(CultureInfo.InvariantCulture, $"unsupported .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are read."));
        }

        var lengthBytes = major == 1 ? 2 : 4;
        if (ReadUpTo(stream, preamble.Slice(8, lengthBytes), Problem) < lengthBytes)
        {
            throw Problem("truncated: the file ends inside the header length.");
        }

        var headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..])
            : (long)BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (headerLength > MaxHeaderLength)
        {
            throw Problem(string.Create(CultureInfo.InvariantCulture, $"the header claims {headerLength} bytes; more than {MaxHeaderLength} is refused."));
        }

        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes, Problem) < headerLength)
        {
            throw Problem(string.Create(CultureInfo.InvariantCulture, $"truncated: the file ends inside the {headerLength}-byte header."));
        }

        string text;
        try
        {
            text = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes) : System.Text.Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Problem("the version 3.0 header is not valid UTF-8.", e);
        }

        var header = NpyHeader.Parse(text, Problem);
        var dtype = NpyDataType.Parse(header.Descr, Problem);
        if (header.FortranOrder && header.Shape.Count(d => d > 1) > 1)
        {
            throw Problem($"the array {NumpyArray.FormatShape(header.Shape)} is stored in Fortran (column-major) order; only C order is read. Save it with np.save(path, np.ascontiguousarray(a)).");
        }

        long count = 1;
        foreach (var d in header.Shape)
        {
            count = Math.Min(count * d, 1L << 32);
        }

        if (count > Array.MaxLength)
        {
            throw Problem($"the array {NumpyArray.FormatShape(header.Shape)} has more values than a .NET array holds ({Array.MaxLength}); split it.");
        }

        var dataBytes = count * dtype.Size;
        var headerTotal = 6 + 2 + lengthBytes + headerLength;
        if (available is { } total && total - headerTotal != dataBytes)
        {
            var held = total - headerTotal;
            throw Problem(string.Create(CultureInfo.InvariantCulture,
                $"{(held < dataBytes ? "truncated: " : string.Empty)}the data is {held} byte(s), but shape {NumpyArray.FormatShape(header.Shape)} of '{header.Descr}' needs {dataBytes}."));
        }

        var shape = header.Shape.ToArray();
        try
        {
            var array = dtype.ReadValues(stream, (int)count, shape);
            return array.WithSource(header.Descr, file, entry);
        }
        catch (EndOfStreamException e)
        {
            throw Problem(string.Create(CultureInfo.InvariantCulture, $"truncated: shape {NumpyArray.FormatShape(header.Shape)} of '{header.Descr}' needs {dataBytes} byte(s) of data, and the file ends before them."), e);
        }
        catch (InvalidDataException e)
        {
            throw Problem($"the data cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Values per read or write call: the byte count of a span must fit an int.</summary>
    internal const int ChunkValues = 1 << 24;

    /// <summary>Writes values in memory order, a chunk at a time.</summary>
    private static void WriteRaw<T>(Stream stream, T[] values)
        where T : unmanaged
    {
        for (var start = 0; start < values.Length; start += ChunkValues)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan(start, Math.Min(ChunkValues, values.Length - start))));
        }
    }

    /// <summary>Fills values in memory order, a chunk at a time.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first.</exception>
    internal static void ReadRaw<T>(Stream stream, T[] values)
        where T : unmanaged
    {
        for (var start = 0; start < values.Length; start += ChunkValues)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan(start, Math.Min(ChunkValues, values.Length - start))));
        }
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer, Func<string, Exception?, NumpyFormatException> problem)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw problem($"the data cannot be read: {e.Message}", e);
        }
    }

    private static void WriteSwapped(Stream stream, int count, int size, SpanAction<byte, int> write)
    {
        var buffer = new byte[1 << 16];
        var perChunk = buffer.Length / size;
        for (var start = 0; start < count; start += perChunk)
        {
            var n = Math.Min(perChunk, count - start);
            for (var i = 0; i < n; i++)
            {
                write(buffer.AsSpan(i * size, size), start + i);
            }

            stream.Write(buffer, 0, n * size);
        }
    }

    private delegate void SpanAction<T, in TArg>(Span<T> span, TArg arg);
}

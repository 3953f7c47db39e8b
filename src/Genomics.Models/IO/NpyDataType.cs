using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Genomics.Models.IO;

/// <summary>An element type of a <c>.npy</c> file that the library reads: its byte order, kind and size from the header's <c>descr</c>.</summary>
internal sealed record NpyDataType(bool BigEndian, char Kind, int Size)
{
    private const string Supported = "float32, float64, float16, int8/16/32/64, uint8/16/32/64 and bool";

    public static NpyDataType Parse(string descr, Func<string, Exception?, NumpyFormatException> problem)
    {
        if (descr.Length < 2)
        {
            throw problem($"the dtype '{descr}' does not parse; expected a type string such as '<f4'.", null);
        }

        var order = descr[0];
        var body = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        var bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        var kind = body.Length > 0 ? body[0] : '?';
        var size = body.Length > 1 && int.TryParse(body.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : -1;
        var ok = (kind, size) switch
        {
            ('f', 2 or 4 or 8) => true,
            ('i' or 'u', 1 or 2 or 4 or 8) => true,
            ('b', 1) => true,
            _ => false,
        };
        return ok
            ? new NpyDataType(bigEndian && size > 1, kind, size)
            : throw problem($"the dtype '{descr}' is not supported; {Supported} are read (one-hot and integer arrays as float32).", null);
    }

    /// <summary>Reads <paramref name="count"/> values: float32 and float64 into arrays of their own type, everything else converted to float32.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first.</exception>
    public NumpyArray ReadValues(Stream stream, int count, int[] shape)
    {
        if (Kind == 'f' && Size == 8)
        {
            var doubles = new double[count];
            NpyFile.ReadRaw(stream, doubles);
            if (BigEndian != !BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<double, long>(doubles.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            return new NumpyArray(doubles, shape);
        }

        var floats = new float[count];
        if (Kind == 'f' && Size == 4)
        {
            NpyFile.ReadRaw(stream, floats);
            if (BigEndian != !BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(floats.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            return new NumpyArray(floats, shape);
        }

        // Other types are converted chunk by chunk, so only the float32 result is held in full.
        var buffer = new byte[(1 << 16) / 8 * 8];
        var perChunk = buffer.Length / Size;
        for (var start = 0; start < count; start += perChunk)
        {
            var n = Math.Min(perChunk, count - start);
            var chunk = buffer.AsSpan(0, n * Size);
            stream.ReadExactly(chunk);
            for (var i = 0; i < n; i++)
            {
                floats[start + i] = Convert(chunk.Slice(i * Size, Size));
            }
        }

        return new NumpyArray(floats, shape);
    }

    private float Convert(ReadOnlySpan<byte> b) => (Kind, Size, BigEndian) switch
    {
        ('b', _, _) => b[0] != 0 ? 1f : 0f,
        ('i', 1, _) => (sbyte)b[0],
        ('u', 1, _) => b[0],
        ('i', 2, false) => BinaryPrimitives.ReadInt16LittleEndian(b),
        ('i', 2, true) => BinaryPrimitives.ReadInt16BigEndian(b),
        ('u', 2, false) => BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('u', 2, true) => BinaryPrimitives.ReadUInt16BigEndian(b),
        ('i', 4, false) => BinaryPrimitives.ReadInt32LittleEndian(b),
        ('i', 4, true) => BinaryPrimitives.ReadInt32BigEndian(b),
        ('u', 4, false) => BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('u', 4, true) => BinaryPrimitives.ReadUInt32BigEndian(b),
        ('i', 8, false) => BinaryPrimitives.ReadInt64LittleEndian(b),
        ('i', 8, true) => BinaryPrimitives.ReadInt64BigEndian(b),
        ('u', 8, false) => BinaryPrimitives.ReadUInt64LittleEndian(b),
        ('u', 8, true) => BinaryPrimitives.ReadUInt64BigEndian(b),
        ('f', 2, false) => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
        ('f', 2, true) => (float)BinaryPrimitives.ReadHalfBigEndian(b),
        _ => throw new InvalidOperationException($"No conversion for {Kind}{Size}."),
    };
}

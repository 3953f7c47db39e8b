using System.Buffers.Binary;

namespace Genomics.Models.IO;

/// <summary>The CRC-32 of gzip and zlib (IEEE 802.3, reflected polynomial 0xEDB88320), computed slicing-by-8.</summary>
internal static class Crc32
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>Extends <paramref name="crc"/> (the CRC of the bytes so far; 0 for none) with <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = s_table;
        var c = ~crc;
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = table[(7 * 256) + (one & 0xff)]
                ^ table[(6 * 256) + ((one >> 8) & 0xff)]
                ^ table[(5 * 256) + ((one >> 16) & 0xff)]
                ^ table[(4 * 256) + (one >> 24)]
                ^ table[(3 * 256) + (two & 0xff)]
                ^ table[(2 * 256) + ((two >> 8) & 0xff)]
                ^ table[256 + ((two >> 16) & 0xff)]
                ^ table[two >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            c = table[(c ^ b) & 0xff] ^ (c >> 8);
        }

        return ~c;
    }

    /// <summary>Returns the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (var n = 0; n < 256; n++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = table[previous & 0xff] ^ (previous >> 8);
            }
        }

        return table;
    }
}

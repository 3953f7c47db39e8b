using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Genomics.Models.Serialization;

/// <summary>
/// Byte layout constants of the checkpoint format (see docs/decisions/checkpoint-format.md).
/// </summary>
/// <remarks>
/// <code>
/// [0, 8)          magic 89 47 43 4B 0D 0A 1A 0A  ("\x89GCK\r\n\x1A\n")
/// [8, 12)         format version, uint32 little-endian
/// [12, 20)        header length H, uint64 little-endian
/// [20, 20+H)      UTF-8 JSON header
/// [.., D)         zero padding up to D = align64(20 + H)
/// [D, D+dataLen)  tensor bytes, each tensor at D + offset, offsets 64-byte aligned, zero padding between
/// [end-32, end)   SHA-256 of every byte before it
/// </code>
/// </remarks>
internal static class CheckpointLayout
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Length of magic + version + header length.</summary>
    public const int PrefixLength = 20;

    /// <summary>Length of the SHA-256 trailer.</summary>
    public const int ChecksumLength = 32;

    /// <summary>Alignment of the data section and of every tensor in it.</summary>
    public const int Alignment = 64;

    /// <summary>Largest accepted header, to refuse absurd lengths before allocating.</summary>
    public const long MaxHeaderLength = 256L * 1024 * 1024;

    /// <summary>The eight magic bytes; the high byte and CR/LF/SUB catch text-mode and 7-bit mangling, as in PNG.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'G', (byte)'C', (byte)'K', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>JSON settings for the header: camelCase names, nulls omitted, no escaping beyond what JSON requires.</summary>
    public static JsonSerializerOptions HeaderJson { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>JSON settings for user options: enums as names, NaN/Infinity allowed, no escaping beyond what JSON requires.</summary>
    public static JsonSerializerOptions OptionsJson { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <see cref="Alignment"/>.</summary>
    public static long AlignUp(long value) => (value + Alignment - 1) / Alignment * Alignment;

    /// <summary>Writes magic, version and header length into a 20-byte buffer.</summary>
    public static void WritePrefix(Span<byte> destination, int version, long headerLength)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)version);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], (ulong)headerLength);
    }
}

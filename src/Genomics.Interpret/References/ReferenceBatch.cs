using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>Fills one reference: reads example symbols, writes reference symbols (0..3 bases, 4 = N); scratch has length L.</summary>
internal delegate void ReferenceFiller(ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch, ref ReferenceRandom random);

/// <summary>
/// Shared plumbing of the reference generators: validates and decodes an (N, 4, L) one-hot batch into symbols,
/// runs a per-(example, reference) filler, and writes the (N, K, 4, L) float32 result into one managed array.
/// </summary>
internal static class ReferenceBatch
{
    /// <summary>The symbol used for an all-zero (unknown base) column.</summary>
    public const byte Unknown = 4;

    private const byte Invalid = byte.MaxValue;

    public static Tensor Generate(Tensor sequences, int referenceCount, long seed, ReferenceFiller filler, long firstExample = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        var symbols = Decode(sequences, referenceCount);
        var n = symbols.Length;
        var length = (int)sequences.shape[2];
        var total = (long)n * referenceCount * 4 * length;
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceCount),
                $"N × K × 4 × L = {total} exceeds the largest array ({Array.MaxLength}); generate references in smaller batches.");
        }

        var output = new float[total];
        var reference = new byte[length];
        var scratch = new byte[length];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < referenceCount; k++)
            {
                var random = new ReferenceRandom(seed, firstExample + i, k);
                filler(symbols[i], reference, scratch, ref random);
                WriteOneHot(reference, output.AsSpan((int)(((long)i * referenceCount + k) * 4 * length), 4 * length));
            }
        }

        using var flat = from_array(output);
        var result = flat.view(n, referenceCount, 4, length);
        return sequences.device.type == DeviceType.CPU ? result : MoveTo(result, sequences.device);
    }

    /// <summary>Validates an (N, 4, L) one-hot batch and returns each example's symbols (0..3, or 4 for N).</summary>
    public static byte[][] Decode(Tensor sequences, int referenceCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.dim() != 3 || sequences.shape[1] != 4)
        {
            throw new ArgumentException(
                $"Expected one-hot sequences of shape (N, 4, L) but got ({string.Join(", ", sequences.shape)}).", nameof(sequences));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 1);
        var n = (int)sequences.shape[0];
        var length = (int)sequences.shape[2];
        using var cpu = sequences.to(DeviceType.CPU).to_type(ScalarType.Float32).contiguous();
        var values = cpu.data<float>().ToArray();
        var symbols = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var row = symbols[i] = new byte[length];
            var offset = (long)i * 4 * length;
            for (var p = 0; p < length; p++)
            {
                row[p] = DecodeColumn(values, offset + p, length);
                if (row[p] == Invalid)
                {
                    throw new ArgumentException(
                        $"Sequences must be one-hot (one 1 per column, or all zeros for N); example {i}, position {p} is not.",
                        nameof(sequences));
                }
            }
        }

        return symbols;
    }

    private static byte DecodeColumn(float[] values, long start, int length)
    {
        var symbol = Unknown;
        for (var b = 0; b < 4; b++)
        {
            var v = values[start + (b * length)];
            if (v == 0f)
            {
                continue;
            }

            if (v != 1f || symbol != Unknown)
            {
                return Invalid;
            }

            symbol = (byte)b;
        }

        return symbol;
    }

    private static void WriteOneHot(ReadOnlySpan<byte> symbols, Span<float> block)
    {
        var length = symbols.Length;
        for (var p = 0; p < length; p++)
        {
            var s = symbols[p];
            if (s < Unknown)
            {
                block[(s * length) + p] = 1f;
            }
        }
    }

    private static Tensor MoveTo(Tensor cpu, Device device)
    {
        using (cpu)
        {
            return cpu.to(device);
        }
    }
}

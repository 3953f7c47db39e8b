using Genomics.Models.Encoding;

namespace Genomics.Interpret.Scanning;

/// <summary>
/// Sequences encoded once for <see cref="MotifScanner"/>: each letter becomes its channel index (A, C, G, T/U = 0..3;
/// anything else blocks the windows containing it). Scanning many motifs over the same sequences with
/// <see cref="MotifScanner.Scan(EncodedSequences, CancellationToken)"/> encodes them only once.
/// </summary>
public sealed class EncodedSequences
{
    /// <summary>Code of a letter other than A, C, G, T/U.</summary>
    internal const short Blocked = 4;

    private static readonly short[] s_codes = BuildCodes();

    private readonly short[][] _letters;

    // Per sequence: the number of blocked letters before each position (length L + 1), or null when there is none.
    private readonly int[]?[] _blockedBefore;

    private EncodedSequences(short[][] letters)
    {
        _letters = letters;
        _blockedBefore = new int[]?[letters.Length];
        for (var s = 0; s < letters.Length; s++)
        {
            var row = letters[s];
            if (Array.IndexOf(row, Blocked) < 0)
            {
                continue;
            }

            var counts = new int[row.Length + 1];
            for (var i = 0; i < row.Length; i++)
            {
                counts[i + 1] = counts[i] + (row[i] == Blocked ? 1 : 0);
            }

            _blockedBefore[s] = counts;
        }
    }

    /// <summary>Gets the number of sequences.</summary>
    public int Count => _letters.Length;

    /// <summary>Encodes sequences given as text.</summary>
    /// <param name="sequences">The sequences (any case; U = T; other letters block the windows containing them).</param>
    /// <returns>The encoded sequences.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> or an item is null.</exception>
    public static EncodedSequences FromStrings(IReadOnlyList<string> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var codes = s_codes;
        var letters = new short[sequences.Count][];
        for (var s = 0; s < sequences.Count; s++)
        {
            var sequence = sequences[s] ?? throw new ArgumentNullException(nameof(sequences), $"Sequence {s} is null.");
            var row = new short[sequence.Length];
            for (var i = 0; i < sequence.Length; i++)
            {
                var c = sequence[i];
                row[i] = c < codes.Length ? codes[c] : Blocked;
            }

            letters[s] = row;
        }

        return new EncodedSequences(letters);
    }

    /// <summary>Encodes one-hot sequences laid out alphabet-major, (N, 4, L) flattened row-major as the tensors are.</summary>
    /// <param name="oneHot">N × 4 × L values; a position is a base when exactly one channel is 1 and the others 0, otherwise (all zero: N) it is blocked.</param>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length L.</param>
    /// <returns>The encoded sequences.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">The array's length is not N × 4 × L.</exception>
    public static EncodedSequences FromOneHot(ReadOnlySpan<float> oneHot, int count, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)count * 4 * length != oneHot.Length)
        {
            throw new ArgumentException($"Expected {count} × 4 × {length} = {(long)count * 4 * length} values, got {oneHot.Length}.", nameof(oneHot));
        }

        var letters = new short[count][];
        for (var s = 0; s < count; s++)
        {
            var row = new short[length];
            var block = oneHot.Slice(s * 4 * length, 4 * length);
            for (var i = 0; i < length; i++)
            {
                var letter = -1;
                var ones = 0;
                for (var a = 0; a < 4; a++)
                {
                    var v = block[(a * length) + i];
                    if (v == 1f)
                    {
                        letter = a;
                        ones++;
                    }
                    else if (v != 0f)
                    {
                        ones = 2;
                    }
                }

                row[i] = ones == 1 ? (short)letter : Blocked;
            }

            letters[s] = row;
        }

        return new EncodedSequences(letters);
    }

    /// <summary>Gets the length of a sequence.</summary>
    /// <param name="index">Sequence index.</param>
    /// <returns>Its number of letters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0 to <see cref="Count"/> - 1.</exception>
    public int Length(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _letters[index].Length;
    }

    /// <summary>Letter codes of a sequence: 0..3 for A, C, G, T/U and <see cref="Blocked"/> for anything else.</summary>
    internal short[] Letters(int index) => _letters[index];

    /// <summary>Blocked-letter counts before each position (length L + 1), or null when the sequence has none.</summary>
    internal int[]? BlockedBefore(int index) => _blockedBefore[index];

    private static short[] BuildCodes()
    {
        var codes = new short[128];
        for (var c = 0; c < codes.Length; c++)
        {
            var index = Alphabet.Dna.IndexOf((char)c);
            codes[c] = index < 0 ? Blocked : (short)index;
        }

        return codes;
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Encoding;

/// <summary>Encodes nucleotide sequences as integer indices (A = 0, C = 1, G = 2, T/U = 3) and decodes them back.</summary>
/// <remarks>
/// The indices match the one-hot channel order of <see cref="OneHotEncoder"/>. Case is ignored and U is encoded
/// as T. Every other character maps to a configurable "unknown" index, by default <see cref="DefaultUnknownIndex"/>.
/// </remarks>
public static class IntegerEncoder
{
    /// <summary>The default index for characters other than A, C, G, T and U: 4 (one past the alphabet).</summary>
    public const long DefaultUnknownIndex = 4;

    /// <summary>Encodes one sequence as a batch of one.</summary>
    /// <param name="sequence">The sequence (any length, including 0).</param>
    /// <param name="unknownIndex">Index written for any other character; default 4. Must not be 0 to 3 (it would alias a base); negative values such as -100 (an ignore index) are allowed.</param>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Output shape (1, L), dtype int64.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unknownIndex"/> is 0 to 3.</exception>
    public static Tensor Encode(string sequence, long unknownIndex = DefaultUnknownIndex)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Encode([sequence], unknownIndex);
    }

    /// <summary>Encodes a batch of equal-length sequences.</summary>
    /// <param name="sequences">One or more sequences of the same length L.</param>
    /// <param name="unknownIndex">Index written for any other character; default 4; must not be 0 to 3.</param>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Output shape (N, L), dtype int64.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, contains null, or the lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unknownIndex"/> is 0 to 3.</exception>
    public static Tensor Encode(IReadOnlyList<string> sequences, long unknownIndex = DefaultUnknownIndex)
    {
        ValidateUnknownIndex(unknownIndex);
        var length = SequenceBatch.ValidateEqualLengths(sequences, 1, nameof(sequences));
        var values = new long[sequences.Count * length];
        for (var n = 0; n < sequences.Count; n++)
        {
            Fill(sequences[n], values.AsSpan(n * length, length), unknownIndex);
        }

        return OwnedArrayTensor.Wrap(values, [sequences.Count, length]);
    }

    /// <summary>Encodes one sequence into a managed array (no tensor, no native code).</summary>
    /// <param name="sequence">The sequence (any length, including 0).</param>
    /// <param name="unknownIndex">Index written for any other character; default 4; must not be 0 to 3.</param>
    /// <returns>A new array of L indices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unknownIndex"/> is 0 to 3.</exception>
    public static long[] EncodeToArray(string sequence, long unknownIndex = DefaultUnknownIndex)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ValidateUnknownIndex(unknownIndex);
        var values = new long[sequence.Length];
        Fill(sequence, values, unknownIndex);
        return values;
    }

    /// <summary>Decodes integer indices back into sequences.</summary>
    /// <param name="indices">A tensor of shape (N, L) with an integer dtype, on any device; it is not modified.</param>
    /// <param name="alphabet">Symbols to write; default <see cref="Alphabet.Dna"/>.</param>
    /// <returns>N upper-case strings of length L; indices outside 0 to 3 (the unknown index, whatever it was) decode as 'N'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentException">The tensor is not two-dimensional or does not have an integer dtype.</exception>
    public static string[] Decode(Tensor indices, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.dim() != 2 || !torch.is_integral(indices.dtype))
        {
            throw new ArgumentException(
                $"Expected an integer tensor of shape (N, L) but got {indices.dtype} ({string.Join(", ", indices.shape)}).", nameof(indices));
        }

        var symbols = alphabet ?? Alphabet.Dna;
        var count = (int)indices.shape[0];
        var length = (int)indices.shape[1];
        var values = TensorValues.ToInt64Array(indices);
        var result = new string[count];
        for (var n = 0; n < count; n++)
        {
            var chars = new char[length];
            for (var l = 0; l < length; l++)
            {
                var index = values[(n * length) + l];
                chars[l] = index is >= 0 and < OneHotEncoder.ChannelCount ? symbols.SymbolAt((int)index) : 'N';
            }

            result[n] = new string(chars);
        }

        return result;
    }

    private static void Fill(ReadOnlySpan<char> sequence, Span<long> destination, long unknownIndex)
    {
        for (var l = 0; l < sequence.Length; l++)
        {
            var index = Alphabet.Dna.IndexOf(sequence[l]);
            destination[l] = index >= 0 ? index : unknownIndex;
        }
    }

    private static void ValidateUnknownIndex(long unknownIndex)
    {
        if (unknownIndex is >= 0 and < OneHotEncoder.ChannelCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(unknownIndex), unknownIndex, "The unknown index must not be 0 to 3, which are the indices of A, C, G and T.");
        }
    }
}

using Genomics.Models.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Encoding;

/// <summary>
/// Encodes nucleotide sequences as one-hot matrices in channels-first layout, decodes them back, and
/// reverse-complements them.
/// </summary>
/// <remarks>
/// Channels follow <see cref="Alphabet"/>: C = 4 in the order A, C, G, T (U is encoded as T). Case is ignored.
/// Any other character (N, IUPAC ambiguity codes, gaps, padding) encodes as an all-zero column. Tensors are
/// built on the CPU by filling one managed array that then becomes the tensor's storage (no further copy), so
/// encoding is linear in the total length.
/// </remarks>
public static class OneHotEncoder
{
    /// <summary>The number of channels C of a nucleotide one-hot encoding (A, C, G, T).</summary>
    public const int ChannelCount = 4;

    /// <summary>Encodes one sequence as a batch of one.</summary>
    /// <param name="sequence">The sequence (any length, including 0; any characters).</param>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Output shape (1, C = 4, L), dtype float32.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    public static Tensor Encode(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Encode([sequence]);
    }

    /// <summary>Encodes a batch of equal-length sequences.</summary>
    /// <param name="sequences">One or more sequences, all of the same length L (fit them first with <see cref="SequenceLength.Fit(string, int, FitAlignment, char)"/> if needed).</param>
    /// <param name="dtype">
    /// Element type of the result. Default float32. <see cref="ScalarType.Byte"/> gives a compact 0/1 tensor for
    /// keeping large inputs on the CPU; any floating type (float16, bfloat16, float64) is also accepted.
    /// </param>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Output shape (N, C = 4, L), dtype <paramref name="dtype"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, contains null, the lengths differ, or the batch is too large for one array.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is neither byte nor a floating type.</exception>
    public static Tensor Encode(IReadOnlyList<string> sequences, ScalarType dtype = ScalarType.Float32)
    {
        if (dtype is not (ScalarType.Byte or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "One-hot tensors must be byte or a floating-point type.");
        }

        var length = SequenceBatch.ValidateEqualLengths(sequences, ChannelCount, nameof(sequences));
        long[] shape = [sequences.Count, ChannelCount, length];
        if (dtype == ScalarType.Byte)
        {
            return OwnedArrayTensor.Wrap(EncodeToBytes(sequences), shape);
        }

        var float32 = OwnedArrayTensor.Wrap(EncodeToArray(sequences), shape);
        if (dtype == ScalarType.Float32)
        {
            return float32;
        }

        using (float32)
        {
            return float32.to_type(dtype);
        }
    }

    /// <summary>Encodes a batch of equal-length sequences into a flat managed array (no tensor, no native code).</summary>
    /// <param name="sequences">One or more sequences of the same length L.</param>
    /// <returns>A new array of N × 4 × L values, 0 or 1, in (N, C, L) row-major order: element [n, c, l] is at (n × 4 + c) × L + l.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, contains null, the lengths differ, or the batch is too large for one array.</exception>
    public static float[] EncodeToArray(IReadOnlyList<string> sequences)
    {
        var length = SequenceBatch.ValidateEqualLengths(sequences, ChannelCount, nameof(sequences));
        var values = new float[sequences.Count * ChannelCount * length];
        for (var n = 0; n < sequences.Count; n++)
        {
            Fill(sequences[n], values.AsSpan(n * ChannelCount * length, ChannelCount * length), 1f);
        }

        return values;
    }

    /// <summary>Encodes a batch of equal-length sequences into a flat byte array (a quarter of the float32 size).</summary>
    /// <param name="sequences">One or more sequences of the same length L.</param>
    /// <returns>A new array of N × 4 × L bytes, 0 or 1, in (N, C, L) row-major order, as <see cref="EncodeToArray"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, contains null, the lengths differ, or the batch is too large for one array.</exception>
    public static byte[] EncodeToBytes(IReadOnlyList<string> sequences)
    {
        var length = SequenceBatch.ValidateEqualLengths(sequences, ChannelCount, nameof(sequences));
        var values = new byte[sequences.Count * ChannelCount * length];
        for (var n = 0; n < sequences.Count; n++)
        {
            Fill(sequences[n], values.AsSpan(n * ChannelCount * length, ChannelCount * length), (byte)1);
        }

        return values;
    }

    /// <summary>Encodes one sequence as a managed matrix.</summary>
    /// <param name="sequence">The sequence (any length, including 0).</param>
    /// <returns>A new [4, L] matrix: row c is channel c (A, C, G, T), column l is position l.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    public static float[,] EncodeToMatrix(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var matrix = new float[ChannelCount, sequence.Length];
        for (var l = 0; l < sequence.Length; l++)
        {
            var c = Alphabet.Dna.IndexOf(sequence[l]);
            if (c >= 0)
            {
                matrix[c, l] = 1f;
            }
        }

        return matrix;
    }

    /// <summary>Encodes one sequence into caller-provided storage, overwriting it.</summary>
    /// <param name="sequence">The sequence of length L.</param>
    /// <param name="destination">Exactly 4 × L values, laid out (C, L): element [c, l] is at c × L + l. It is cleared first.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly 4 × L values.</exception>
    public static void EncodeInto(ReadOnlySpan<char> sequence, Span<float> destination)
    {
        if (destination.Length != ChannelCount * sequence.Length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values but a sequence of length {sequence.Length} needs {ChannelCount * sequence.Length} (4 × L).",
                nameof(destination));
        }

        destination.Clear();
        Fill(sequence, destination, 1f);
    }

    /// <summary>Decodes a one-hot batch back into sequences.</summary>
    /// <param name="oneHot">A tensor of shape (N, C = 4, L), any numeric dtype, on any device (it is copied to the CPU; it is not modified).</param>
    /// <param name="mode">How columns are read; default <see cref="OneHotDecodeMode.Strict"/>.</param>
    /// <param name="alphabet">Symbols to write; default <see cref="Alphabet.Dna"/> (use <see cref="Alphabet.Rna"/> to write U).</param>
    /// <returns>N upper-case strings of length L; all-zero columns (and, in arg-max mode, tied columns) are 'N'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="oneHot"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The shape is not (N, 4, L); a value is not finite; or, in strict mode, a column is neither one-hot nor all zero
    /// (the message names the example and position).
    /// </exception>
    public static string[] Decode(Tensor oneHot, OneHotDecodeMode mode = OneHotDecodeMode.Strict, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(oneHot);
        if (oneHot.dim() != 3 || oneHot.shape[1] != ChannelCount)
        {
            throw new ArgumentException(
                $"Expected a one-hot tensor of shape (N, 4, L) but got ({string.Join(", ", oneHot.shape)}).", nameof(oneHot));
        }

        var count = (int)oneHot.shape[0];
        var length = (int)oneHot.shape[2];
        var values = TensorValues.ToFloatArray(oneHot);
        var symbols = alphabet ?? Alphabet.Dna;
        var result = new string[count];
        var column = new float[ChannelCount];
        for (var n = 0; n < count; n++)
        {
            var offset = n * ChannelCount * length;
            var chars = new char[length];
            for (var l = 0; l < length; l++)
            {
                for (var c = 0; c < ChannelCount; c++)
                {
                    column[c] = values[offset + (c * length) + l];
                }

                chars[l] = DecodeColumn(column, mode, symbols, n, l, nameof(oneHot));
            }

            result[n] = new string(chars);
        }

        return result;
    }

    /// <summary>Decodes a managed one-hot matrix back into a sequence.</summary>
    /// <param name="matrix">A [4, L] matrix as produced by <see cref="EncodeToMatrix"/>.</param>
    /// <param name="mode">How columns are read; default <see cref="OneHotDecodeMode.Strict"/>.</param>
    /// <param name="alphabet">Symbols to write; default <see cref="Alphabet.Dna"/>.</param>
    /// <returns>An upper-case string of length L; all-zero (and, in arg-max mode, tied) columns are 'N'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix does not have 4 rows, holds a non-finite value, or (strict mode) a column is not one-hot.</exception>
    public static string Decode(float[,] matrix, OneHotDecodeMode mode = OneHotDecodeMode.Strict, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != ChannelCount)
        {
            throw new ArgumentException($"Expected a [4, L] matrix but it has {matrix.GetLength(0)} rows.", nameof(matrix));
        }

        var symbols = alphabet ?? Alphabet.Dna;
        var chars = new char[matrix.GetLength(1)];
        var column = new float[ChannelCount];
        for (var l = 0; l < chars.Length; l++)
        {
            for (var c = 0; c < ChannelCount; c++)
            {
                column[c] = matrix[c, l];
            }

            chars[l] = DecodeColumn(column, mode, symbols, 0, l, nameof(matrix));
        }

        return new string(chars);
    }

    /// <summary>Reverse-complements one-hot encoded sequences.</summary>
    /// <param name="oneHot">A tensor of shape (N, 4, L) or (4, L) in A, C, G, T channel order; it is not modified.</param>
    /// <returns>A new tensor on the same device with the same dtype.</returns>
    /// <remarks>
    /// Shape and dtype are kept: (N, 4, L) → (N, 4, L). Both the length axis and the channel axis are reversed,
    /// which maps A↔T and C↔G because of the channel order; all-zero columns stay all zero. Applying it twice
    /// gives back the input.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="oneHot"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape is not (N, 4, L) or (4, L).</exception>
    public static Tensor ReverseComplement(Tensor oneHot)
    {
        ArgumentNullException.ThrowIfNull(oneHot);
        if (oneHot.dim() is not (2 or 3) || oneHot.shape[^2] != ChannelCount)
        {
            throw new ArgumentException(
                $"Expected a one-hot tensor of shape (N, 4, L) or (4, L) but got ({string.Join(", ", oneHot.shape)}).", nameof(oneHot));
        }

        return oneHot.flip(-2, -1);
    }

    /// <summary>Reverse-complements a managed one-hot matrix.</summary>
    /// <param name="matrix">A [4, L] matrix in A, C, G, T row order; it is not modified.</param>
    /// <returns>A new [4, L] matrix with rows and columns both reversed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix does not have 4 rows.</exception>
    public static float[,] ReverseComplement(float[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != ChannelCount)
        {
            throw new ArgumentException($"Expected a [4, L] matrix but it has {matrix.GetLength(0)} rows.", nameof(matrix));
        }

        return AlphabetMatrix.ReverseComplement(matrix);
    }

    // Sets destination[c * L + l] = one for each recognised base; destination must already be zero.
    private static void Fill<T>(ReadOnlySpan<char> sequence, Span<T> destination, T one)
    {
        var length = sequence.Length;
        for (var l = 0; l < length; l++)
        {
            var c = Alphabet.Dna.IndexOf(sequence[l]);
            if (c >= 0)
            {
                destination[(c * length) + l] = one;
            }
        }
    }

    private static char DecodeColumn(float[] column, OneHotDecodeMode mode, Alphabet alphabet, int example, int position, string paramName)
    {
        var best = -1;
        var ones = 0;
        var zeros = 0;
        var tied = false;
        for (var c = 0; c < column.Length; c++)
        {
            var value = column[c];
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"Example {example}, position {position}: channel {c} holds a non-finite value ({value}).", paramName);
            }

            ones += value == 1f ? 1 : 0;
            zeros += value == 0f ? 1 : 0;
            if (best < 0 || value > column[best])
            {
                best = c;
                tied = false;
            }
            else if (value == column[best])
            {
                tied = true;
            }
        }

        if (zeros == column.Length)
        {
            return 'N';
        }

        if (mode == OneHotDecodeMode.ArgMax)
        {
            return tied ? 'N' : alphabet.SymbolAt(best);
        }

        if (ones != 1 || zeros != column.Length - 1)
        {
            throw new ArgumentException(
                $"Example {example}, position {position}: column [{string.Join(", ", column)}] is neither one-hot nor all zero. " +
                "Use OneHotDecodeMode.ArgMax to decode scores or probabilities.",
                paramName);
        }

        return alphabet.SymbolAt(best);
    }
}

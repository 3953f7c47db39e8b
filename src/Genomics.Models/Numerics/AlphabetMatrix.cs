namespace Genomics.Models.Numerics;

/// <summary>
/// Kernels over 4 × W alphabet matrices — one-hot sequences, probability, weight and contribution matrices — whose rows
/// are the letters A, C, G, T/U in that order and whose columns are positions.
/// </summary>
/// <remarks>
/// Two layouts are served: a rectangular <c>[4, W]</c> array, and a flat letter-major array of length 4·W holding
/// letter <c>a</c> at position <c>w</c> at index <c>a·W + w</c>. The reverse complement reverses the positions and
/// swaps A↔T and C↔G, which with this row order is reversing the letter axis as well; applying it twice gives back the
/// input. Values are copied, never combined, so results are bit-for-bit those of the input.
/// </remarks>
internal static class AlphabetMatrix
{
    /// <summary>Number of letters (rows): A, C, G, T/U.</summary>
    public const int Letters = 4;

    /// <summary>Reverse complement of a flat letter-major 4 × <paramref name="width"/> matrix.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="values">The matrix, letter <c>a</c> at position <c>w</c> at <c>a·W + w</c>; not modified.</param>
    /// <param name="width">Number of positions W.</param>
    /// <returns>A new array where element <c>(3 − a)·W + (W − 1 − w)</c> is input element <c>a·W + w</c>.</returns>
    /// <exception cref="ArgumentException">The length is not 4 × <paramref name="width"/>.</exception>
    public static T[] ReverseComplement<T>(ReadOnlySpan<T> values, int width)
    {
        RequireFlat(values.Length, width);

        // (3 − a)·W + (W − 1 − w) = 4W − 1 − (a·W + w): the letter-major layout reverses as a whole.
        var result = values.ToArray();
        Array.Reverse(result);
        return result;
    }

    /// <summary>Reverse complement of a rectangular [4, W] matrix: both axes reversed.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="matrix">The matrix; not modified.</param>
    /// <returns>A new [4, W] matrix whose element [3 − a, W − 1 − w] is input element [a, w].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix does not have 4 rows.</exception>
    public static T[,] ReverseComplement<T>(T[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != Letters)
        {
            throw new ArgumentException($"Expected a [4, W] matrix but it has {matrix.GetLength(0)} rows.", nameof(matrix));
        }

        var width = matrix.GetLength(1);
        var result = new T[Letters, width];
        for (var a = 0; a < Letters; a++)
        {
            for (var w = 0; w < width; w++)
            {
                result[Letters - 1 - a, width - 1 - w] = matrix[a, w];
            }
        }

        return result;
    }

    /// <summary>Positions <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> − 1 of a flat letter-major matrix.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="values">The 4 × <paramref name="width"/> matrix, letter-major; not modified.</param>
    /// <param name="width">Number of positions W.</param>
    /// <param name="start">First position kept (≥ 0).</param>
    /// <param name="length">Number of positions kept (≥ 1, at most W − <paramref name="start"/>).</param>
    /// <returns>A new flat letter-major 4 × <paramref name="length"/> matrix.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not 4 × <paramref name="width"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the matrix.</exception>
    public static T[] Slice<T>(ReadOnlySpan<T> values, int width, int start, int length)
    {
        RequireFlat(values.Length, width);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, width - start);
        var result = new T[Letters * length];
        for (var a = 0; a < Letters; a++)
        {
            values.Slice((a * width) + start, length).CopyTo(result.AsSpan(a * length, length));
        }

        return result;
    }

    private static void RequireFlat(int count, int width)
    {
        if (width < 0 || count != Letters * width)
        {
            throw new ArgumentException($"Expected 4 × {width} = {Letters * width} values but got {count}.", nameof(width));
        }
    }
}

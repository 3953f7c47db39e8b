using Genomics.Models.Encoding;
using Kernels = Genomics.Models.Numerics.AlphabetMatrix;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// An immutable 4 × W matrix over a nucleotide alphabet: one row per letter (A, C, G, T/U in that order) and one
/// column per motif position. The common base of <see cref="PositionProbabilityMatrix"/>,
/// <see cref="PositionWeightMatrix"/> and <see cref="ContributionMatrix"/>: width, alphabet, element access, copies,
/// reverse complement and slicing live here once, and return the derived type.
/// </summary>
/// <typeparam name="TMatrix">The derived matrix type that <see cref="ReverseComplement"/> and <see cref="Slice"/> return.</typeparam>
/// <remarks>
/// Values are stored letter-major (letter <c>a</c> at position <c>w</c> at index <c>a·W + w</c>). Reverse complement and
/// slicing copy values and never combine them, so their results are bit-for-bit those of the input. Only this library
/// derives from the type.
/// </remarks>
public abstract class AlphabetMatrix<TMatrix>
    where TMatrix : AlphabetMatrix<TMatrix>
{
    /// <summary>Initializes a matrix over already validated letter-major values, which it keeps without copying.</summary>
    /// <param name="values">4 × <paramref name="width"/> values, letter-major.</param>
    /// <param name="width">The number of positions W.</param>
    /// <param name="alphabet">The alphabet.</param>
    private protected AlphabetMatrix(double[] values, int width, Alphabet alphabet)
    {
        Elements = values;
        Width = width;
        Alphabet = alphabet;
    }

    /// <summary>Gets the width W (number of positions).</summary>
    public int Width { get; }

    /// <summary>Gets the alphabet (DNA or RNA); both share the channel order A, C, G, T/U.</summary>
    public Alphabet Alphabet { get; }

    /// <summary>Gets the raw letter-major values (letter * Width + position) without copying.</summary>
    internal ReadOnlySpan<double> Values => Elements;

    /// <summary>Gets the letter-major value array itself, for derived types that share or wrap it.</summary>
    private protected double[] Elements { get; }

    /// <summary>Gets the value of a letter at a position.</summary>
    /// <param name="letter">Channel index 0..3 (A, C, G, T/U).</param>
    /// <param name="position">Position 0..W-1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The letter or the position is outside the matrix.</exception>
    public double this[int letter, int position]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(letter);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(letter, Kernels.Letters);
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Width);
            return Elements[(letter * Width) + position];
        }
    }

    /// <summary>Gets a copy of the values, alphabet-major (4 × W).</summary>
    /// <returns>A new array.</returns>
    public double[,] ToArray()
    {
        var result = new double[Kernels.Letters, Width];
        for (var a = 0; a < Kernels.Letters; a++)
        {
            for (var w = 0; w < Width; w++)
            {
                result[a, w] = Elements[(a * Width) + w];
            }
        }

        return result;
    }

    /// <summary>
    /// Gets the reverse complement: positions reversed and A↔T, C↔G swapped. A weight matrix is scored against the
    /// complemented background.
    /// </summary>
    /// <returns>A new matrix of the same width and alphabet.</returns>
    public TMatrix ReverseComplement() => CreateReverseComplement(Kernels.ReverseComplement<double>(Elements, Width));

    /// <summary>Gets positions <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> - 1.</summary>
    /// <param name="start">First position kept (≥ 0).</param>
    /// <param name="length">Number of positions kept (≥ 1, at most W − <paramref name="start"/>).</param>
    /// <returns>The sub-matrix, with the same alphabet (and, for a weight matrix, the same background).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the matrix.</exception>
    public TMatrix Slice(int start, int length) => Create(Kernels.Slice<double>(Elements, Width, start, length), length);

    /// <summary>Creates a matrix of the derived type over new values, carrying over everything but the values and the width.</summary>
    /// <param name="values">4 × <paramref name="width"/> letter-major values, owned by the new matrix.</param>
    /// <param name="width">The number of positions.</param>
    /// <returns>The new matrix.</returns>
    private protected abstract TMatrix Create(double[] values, int width);

    /// <summary>Creates the reverse complement from its reversed values; by default <see cref="Create"/> at the same width.</summary>
    /// <param name="values">The reverse-complemented values, owned by the new matrix.</param>
    /// <returns>The new matrix.</returns>
    private protected virtual TMatrix CreateReverseComplement(double[] values) => Create(values, Width);
}

using Genomics.Models.Numerics;
using System.Globalization;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// A contribution weight matrix (CWM): signed importance of each letter at each position (for example mean
/// attribution × one-hot over a motif's seqlets), alphabet-major A × W. Values may be negative. Immutable.
/// </summary>
public sealed class ContributionMatrix
{
    private readonly double[] _values;

    /// <summary>Initializes a matrix from alphabet-major values.</summary>
    /// <param name="values">A 4 × W array of finite values; W ≥ 1. Copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 rows, no columns, or a value not finite.</exception>
    public ContributionMatrix(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        (_values, Width) = MotifArrays.FlattenFinite(values, "A contribution matrix", "Value", nameof(values));
    }

    private ContributionMatrix(double[] values, int width)
    {
        _values = values;
        Width = width;
    }

    /// <summary>Gets the width W.</summary>
    public int Width { get; }

    /// <summary>Gets the value of a letter at a position.</summary>
    /// <param name="letter">Channel 0..3.</param>
    /// <param name="position">Position 0..W-1.</param>
    public double this[int letter, int position]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(letter);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(letter, 4);
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Width);
            return _values[(letter * Width) + position];
        }
    }

    /// <summary>Gets a copy, alphabet-major (4 × W).</summary>
    /// <returns>A new array.</returns>
    public double[,] ToArray()
    {
        var result = new double[4, Width];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < Width; w++)
            {
                result[a, w] = _values[(a * Width) + w];
            }
        }

        return result;
    }

    /// <summary>Gets Σ over letters of |value| at each position (the per-position weight used to trim CWMs).</summary>
    /// <returns>W values.</returns>
    public double[] AbsoluteSums()
    {
        var result = new double[Width];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < Width; w++)
            {
                result[w] += Math.Abs(_values[(a * Width) + w]);
            }
        }

        return result;
    }

    /// <summary>Gets the reverse complement (positions reversed, A↔T, C↔G).</summary>
    /// <returns>A new matrix.</returns>
    public ContributionMatrix ReverseComplement()
    {
        return new ContributionMatrix(AlphabetMatrix.ReverseComplement<double>(_values, Width), Width);
    }

    /// <summary>Gets positions <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> - 1.</summary>
    /// <param name="start">First position kept.</param>
    /// <param name="length">Number of positions kept (≥ 1).</param>
    /// <returns>The sub-matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the matrix.</exception>
    public ContributionMatrix Slice(int start, int length)
    {
        return new ContributionMatrix(AlphabetMatrix.Slice<double>(_values, Width, start, length), length);
    }
}

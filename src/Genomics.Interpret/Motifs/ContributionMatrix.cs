using Genomics.Models.Encoding;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// A contribution weight matrix (CWM): signed importance of each letter at each position (for example mean
/// attribution × one-hot over a motif's seqlets), alphabet-major A × W. Values may be negative. Immutable.
/// </summary>
public sealed class ContributionMatrix : AlphabetMatrix<ContributionMatrix>
{
    /// <summary>Initializes a matrix from alphabet-major values.</summary>
    /// <param name="values">A 4 × W array of finite values; W ≥ 1. Copied.</param>
    /// <param name="alphabet">DNA (default) or RNA; only names the fourth letter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 rows, no columns, or a value not finite.</exception>
    public ContributionMatrix(double[,] values, Alphabet? alphabet = null)
        : this(MotifArrays.FlattenFinite(values ?? throw new ArgumentNullException(nameof(values)), "A contribution matrix", "Value", nameof(values)), alphabet ?? Alphabet.Dna)
    {
    }

    private ContributionMatrix((double[] Values, int Width) flat, Alphabet alphabet)
        : base(flat.Values, flat.Width, alphabet)
    {
    }

    private ContributionMatrix(double[] values, int width, Alphabet alphabet)
        : base(values, width, alphabet)
    {
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
                result[w] += Math.Abs(Elements[(a * Width) + w]);
            }
        }

        return result;
    }

    private protected override ContributionMatrix Create(double[] values, int width) => new(values, width, Alphabet);
}

using System.Globalization;
using Genomics.Models.Encoding;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// A position probability matrix (PPM): for each of W positions, the probability of each letter, stored
/// alphabet-major as A × W (rows A, C, G, T/U; columns are motif positions), matching the (N, 4, L) tensors.
/// Immutable and validated: every value finite and non-negative, every column summing to 1 within
/// <see cref="SumTolerance"/>.
/// </summary>
public sealed class PositionProbabilityMatrix : AlphabetMatrix<PositionProbabilityMatrix>, IEquatable<PositionProbabilityMatrix>
{
    /// <summary>Largest allowed deviation of a column's sum from 1 (motif files print 6 decimals or fewer).</summary>
    public const double SumTolerance = 1e-2;

    /// <summary>The number of letters (rows): 4 for DNA and RNA.</summary>
    public const int AlphabetSize = 4;

    /// <summary>Initializes a matrix from alphabet-major probabilities (A × W).</summary>
    /// <param name="probabilities">A 4 × W array, rows A, C, G, T/U; W ≥ 1. Copied.</param>
    /// <param name="alphabet">DNA (default) or RNA; only names the fourth letter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="probabilities"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 rows, no columns, a value not finite or negative, or a column not summing to 1.</exception>
    public PositionProbabilityMatrix(double[,] probabilities, Alphabet? alphabet = null)
        : this(Flatten(probabilities), probabilities.GetLength(1), alphabet ?? Alphabet.Dna)
    {
    }

    private PositionProbabilityMatrix(double[] values, int width, Alphabet alphabet)
        : base(values, width, alphabet)
    {
    }

    private static double[] Flatten(double[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.GetLength(0) != AlphabetSize)
        {
            throw new ArgumentException($"A probability matrix is alphabet-major with {AlphabetSize} rows (A, C, G, T); got {probabilities.GetLength(0)} rows. Use FromPositionMajor for W × 4 data.", nameof(probabilities));
        }

        var width = probabilities.GetLength(1);
        var values = new double[AlphabetSize * width];
        for (var a = 0; a < AlphabetSize; a++)
        {
            for (var w = 0; w < width; w++)
            {
                values[(a * width) + w] = probabilities[a, w];
            }
        }

        Validate(values, width, nameof(probabilities));
        return values;
    }

    /// <summary>Creates a matrix from position-major probabilities (W × A, one row per position, as motif files print them).</summary>
    /// <param name="rows">A W × 4 array.</param>
    /// <param name="alphabet">DNA (default) or RNA.</param>
    /// <returns>The validated matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 columns, or invalid probabilities.</exception>
    public static PositionProbabilityMatrix FromPositionMajor(double[,] rows, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.GetLength(1) != AlphabetSize)
        {
            throw new ArgumentException($"Position-major data needs {AlphabetSize} columns (A, C, G, T); got {rows.GetLength(1)}.", nameof(rows));
        }

        var width = rows.GetLength(0);
        var values = new double[AlphabetSize * width];
        for (var w = 0; w < width; w++)
        {
            for (var a = 0; a < AlphabetSize; a++)
            {
                values[(a * width) + w] = rows[w, a];
            }
        }

        Validate(values, width, nameof(rows));
        return new PositionProbabilityMatrix(values, width, alphabet ?? Alphabet.Dna);
    }

    /// <summary>
    /// Creates a matrix from alphabet-major counts (or any non-negative weights): each column is
    /// (count + pseudocount × background) / (column total + pseudocount).
    /// </summary>
    /// <param name="counts">A 4 × W array of finite, non-negative counts.</param>
    /// <param name="pseudocount">Total pseudocount per column, spread by the background (0 = plain normalisation).</param>
    /// <param name="background">Background for spreading the pseudocount; uniform when null.</param>
    /// <param name="alphabet">DNA (default) or RNA.</param>
    /// <returns>The normalised matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="counts"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 rows, no columns, an invalid count, or a column whose total (with pseudocount) is 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pseudocount"/> is negative or not finite.</exception>
    public static PositionProbabilityMatrix FromCounts(double[,] counts, double pseudocount = 0, MotifBackground? background = null, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!double.IsFinite(pseudocount) || pseudocount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pseudocount), pseudocount, "The pseudocount must be finite and ≥ 0.");
        }

        if (counts.GetLength(0) != AlphabetSize)
        {
            throw new ArgumentException($"Counts are alphabet-major with {AlphabetSize} rows (A, C, G, T); got {counts.GetLength(0)}.", nameof(counts));
        }

        var width = counts.GetLength(1);
        if (width == 0)
        {
            throw new ArgumentException("A motif needs at least one position.", nameof(counts));
        }

        var bg = background ?? MotifBackground.Uniform;
        var values = new double[AlphabetSize * width];
        for (var w = 0; w < width; w++)
        {
            var total = 0.0;
            for (var a = 0; a < AlphabetSize; a++)
            {
                var c = counts[a, w];
                if (!double.IsFinite(c) || c < 0)
                {
                    throw new ArgumentException($"Count [{a}, {w}] is {c.ToString(CultureInfo.InvariantCulture)}; counts must be finite and ≥ 0.", nameof(counts));
                }

                total += c;
            }

            if (!(total + pseudocount > 0) || !double.IsFinite(total))
            {
                throw new ArgumentException($"Column {w} has no counts; it cannot be normalised (add a pseudocount).", nameof(counts));
            }

            for (var a = 0; a < AlphabetSize; a++)
            {
                values[(a * width) + w] = (counts[a, w] + (pseudocount * bg[a])) / (total + pseudocount);
            }
        }

        return new PositionProbabilityMatrix(values, width, alphabet ?? Alphabet.Dna);
    }

    /// <summary>
    /// Creates a matrix from a consensus string: A, C, G, T/U give one-hot columns, IUPAC ambiguity codes spread the
    /// probability equally over their letters (R = A/G, N = all four).
    /// </summary>
    /// <param name="consensus">A non-empty string of IUPAC nucleotide codes (case-insensitive).</param>
    /// <param name="alphabet">DNA or RNA; when null, RNA if the string contains U, otherwise DNA.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consensus"/> is null.</exception>
    /// <exception cref="ArgumentException">Empty, or a character that is not an IUPAC nucleotide code.</exception>
    public static PositionProbabilityMatrix FromConsensus(string consensus, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        if (consensus.Length == 0)
        {
            throw new ArgumentException("The consensus is empty.", nameof(consensus));
        }

        var width = consensus.Length;
        var values = new double[AlphabetSize * width];
        for (var w = 0; w < width; w++)
        {
            var mask = Iupac.MaskOf(consensus[w]);
            if (mask == 0)
            {
                throw new ArgumentException($"Character '{consensus[w]}' at position {w} is not an IUPAC nucleotide code.", nameof(consensus));
            }

            var share = 1.0 / int.PopCount(mask);
            for (var a = 0; a < AlphabetSize; a++)
            {
                values[(a * width) + w] = (mask & (1 << a)) != 0 ? share : 0;
            }
        }

        alphabet ??= consensus.Contains('U', StringComparison.OrdinalIgnoreCase) ? Alphabet.Rna : Alphabet.Dna;
        return new PositionProbabilityMatrix(values, width, alphabet);
    }

    /// <summary>Gets a copy of the values, position-major (W × 4, one row per position, as motif files print them).</summary>
    /// <returns>A new array.</returns>
    public double[,] ToPositionMajor()
    {
        var result = new double[Width, AlphabetSize];
        for (var a = 0; a < AlphabetSize; a++)
        {
            for (var w = 0; w < Width; w++)
            {
                result[w, a] = Elements[(a * Width) + w];
            }
        }

        return result;
    }

    /// <summary>Gets a copy of one column (position), A, C, G, T/U.</summary>
    /// <param name="position">Position 0..W-1.</param>
    /// <returns>Four probabilities.</returns>
    public double[] Column(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Width);
        return [Elements[position], Elements[Width + position], Elements[(2 * Width) + position], Elements[(3 * Width) + position]];
    }

    /// <summary>Gets the same probabilities labelled with another alphabet (DNA ↔ RNA).</summary>
    /// <param name="alphabet">The alphabet.</param>
    /// <returns>A matrix sharing the values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alphabet"/> is null.</exception>
    public PositionProbabilityMatrix WithAlphabet(Alphabet alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        return new PositionProbabilityMatrix(Elements, Width, alphabet);
    }

    /// <summary>
    /// Gets the information content of each position in bits: the relative entropy Σ p log2(p / b) against the
    /// background, which for the uniform background equals 2 − H (Shannon entropy H in bits).
    /// </summary>
    /// <param name="background">The background; uniform when null.</param>
    /// <returns>W values.</returns>
    public double[] InformationContent(MotifBackground? background = null)
    {
        var bg = background ?? MotifBackground.Uniform;
        var result = new double[Width];
        for (var w = 0; w < Width; w++)
        {
            var ic = 0.0;
            for (var a = 0; a < AlphabetSize; a++)
            {
                var p = Elements[(a * Width) + w];
                if (p > 0)
                {
                    ic += p * Math.Log2(p / bg[a]);
                }
            }

            result[w] = ic;
        }

        return result;
    }

    /// <summary>Gets the total information content in bits (sum over positions).</summary>
    /// <param name="background">The background; uniform when null.</param>
    /// <returns>The total.</returns>
    public double TotalInformationContent(MotifBackground? background = null) => InformationContent(background).Sum();

    /// <summary>
    /// Trims low-information flanks: keeps the positions from the first to the last whose information content is at
    /// least <paramref name="minInformation"/> bits.
    /// </summary>
    /// <param name="minInformation">Threshold in bits (finite).</param>
    /// <param name="background">The background; uniform when null.</param>
    /// <returns>The trimmed matrix and the original index of its first position; null when no position reaches the threshold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minInformation"/> is not finite.</exception>
    public Trimmed<PositionProbabilityMatrix>? Trim(double minInformation, MotifBackground? background = null)
    {
        if (!double.IsFinite(minInformation))
        {
            throw new ArgumentOutOfRangeException(nameof(minInformation), minInformation, "The threshold must be finite.");
        }

        var ic = InformationContent(background);
        var first = Array.FindIndex(ic, v => v >= minInformation);
        if (first < 0)
        {
            return null;
        }

        var last = Array.FindLastIndex(ic, v => v >= minInformation);
        return new Trimmed<PositionProbabilityMatrix>(Slice(first, last - first + 1), first);
    }

    /// <summary>
    /// Gets the single-letter consensus: the most probable letter of each position (first in A, C, G, T order on
    /// ties), written in this matrix's alphabet. This is the consensus TOMTOM prints.
    /// </summary>
    /// <returns>A string of W letters.</returns>
    public string Consensus()
    {
        var chars = new char[Width];
        for (var w = 0; w < Width; w++)
        {
            var best = 0;
            for (var a = 1; a < AlphabetSize; a++)
            {
                if (Elements[(a * Width) + w] > Elements[(best * Width) + w])
                {
                    best = a;
                }
            }

            chars[w] = Alphabet.SymbolAt(best);
        }

        return new string(chars);
    }

    /// <summary>
    /// Gets the IUPAC consensus by Cavener's rules (as MEME-style tools print it): a single letter when its
    /// probability is above 0.5 and more than twice the second; otherwise a two-letter code (R, Y, M, K, S, W)
    /// when the two most probable letters together exceed 0.75; otherwise N.
    /// </summary>
    /// <returns>A string of W IUPAC codes (U instead of T for RNA).</returns>
    public string IupacConsensus()
    {
        var chars = new char[Width];
        Span<int> order = stackalloc int[AlphabetSize];
        for (var w = 0; w < Width; w++)
        {
            for (var a = 0; a < AlphabetSize; a++)
            {
                order[a] = a;
            }

            // Insertion sort by decreasing probability (stable: ties keep A, C, G, T order).
            for (var i = 1; i < AlphabetSize; i++)
            {
                var key = order[i];
                var j = i - 1;
                while (j >= 0 && Elements[(order[j] * Width) + w] < Elements[(key * Width) + w])
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = key;
            }

            var p1 = Elements[(order[0] * Width) + w];
            var p2 = Elements[(order[1] * Width) + w];
            var code = p1 > 0.5 && p1 > 2 * p2
                ? Iupac.CodeOf(1 << order[0])
                : p1 + p2 > 0.75 ? Iupac.CodeOf((1 << order[0]) | (1 << order[1])) : 'N';
            chars[w] = code == 'T' && ReferenceEquals(Alphabet, Alphabet.Rna) ? 'U' : code;
        }

        return new string(chars);
    }

    /// <summary>Returns true when both matrices have the same width and every value differs by at most <paramref name="tolerance"/>.</summary>
    /// <param name="other">The other matrix.</param>
    /// <param name="tolerance">Absolute tolerance (≥ 0).</param>
    /// <returns>Whether the matrices match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool ApproximatelyEquals(PositionProbabilityMatrix other, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width)
        {
            return false;
        }

        for (var i = 0; i < Elements.Length; i++)
        {
            if (Math.Abs(Elements[i] - other.Elements[i]) > tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(PositionProbabilityMatrix? other) =>
        other is not null && other.Width == Width && ReferenceEquals(other.Alphabet, Alphabet) && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PositionProbabilityMatrix);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Width);
        foreach (var v in Elements)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PPM {Alphabet.Name} W={Width} {Consensus()}");

    /// <summary>Checks values and column sums; returns the reason or null.</summary>
    internal static string? Check(ReadOnlySpan<double> values, int width)
    {
        if (width < 1)
        {
            return "a motif needs at least one position";
        }

        for (var w = 0; w < width; w++)
        {
            var sum = 0.0;
            for (var a = 0; a < AlphabetSize; a++)
            {
                var p = values[(a * width) + w];
                if (!double.IsFinite(p) || p < 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"probability at position {w + 1}, letter {a + 1} is {p}; probabilities must be finite and ≥ 0");
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                return string.Create(CultureInfo.InvariantCulture, $"position {w + 1} sums to {sum:G6}, not 1");
            }
        }

        return null;
    }

    /// <summary>Wraps already validated alphabet-major values without copying.</summary>
    internal static PositionProbabilityMatrix Wrap(double[] values, int width, Alphabet alphabet) => new(values, width, alphabet);

    private protected override PositionProbabilityMatrix Create(double[] values, int width) => new(values, width, Alphabet);

    private static void Validate(double[] values, int width, string paramName)
    {
        if (Check(values, width) is { } reason)
        {
            throw new ArgumentException($"Invalid probability matrix: {reason}.", paramName);
        }
    }
}

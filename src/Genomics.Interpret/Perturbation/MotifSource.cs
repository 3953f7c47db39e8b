namespace Genomics.Interpret.Perturbation;

/// <summary>
/// A motif to insert into sequences: a fixed consensus string or one-hot matrix, or a probability matrix (PPM/PWM
/// probabilities) from which one instance is sampled per sequence.
/// </summary>
public sealed class MotifSource
{
    private readonly float[,] _matrix;
    private readonly bool _sample;

    private MotifSource(float[,] matrix, bool sample, string description)
    {
        _matrix = matrix;
        _sample = sample;
        Description = description;
    }

    /// <summary>The motif width W.</summary>
    public int Width => _matrix.GetLength(1);

    /// <summary>True when each sequence gets its own sampled instance.</summary>
    public bool IsSampled => _sample;

    /// <summary>A short description for reports.</summary>
    public string Description { get; }

    /// <summary>A consensus sequence; A, C, G, T (case-insensitive, U as T) write their base, N writes an all-zero column.</summary>
    /// <param name="consensus">The motif, at least one letter of A, C, G, T, U, N.</param>
    /// <returns>The motif.</returns>
    /// <exception cref="ArgumentException">Empty, or a letter other than A, C, G, T, U, N.</exception>
    public static MotifSource FromConsensus(string consensus)
    {
        ArgumentException.ThrowIfNullOrEmpty(consensus);
        var m = new float[4, consensus.Length];
        for (var l = 0; l < consensus.Length; l++)
        {
            var b = char.ToUpperInvariant(consensus[l]) switch
            {
                'A' => 0,
                'C' => 1,
                'G' => 2,
                'T' or 'U' => 3,
                'N' => -1,
                _ => throw new ArgumentException($"Letter '{consensus[l]}' at {l} is not A, C, G, T, U or N.", nameof(consensus)),
            };
            if (b >= 0)
            {
                m[b, l] = 1f;
            }
        }

        return new MotifSource(m, false, consensus.ToUpperInvariant());
    }

    /// <summary>A fixed one-hot matrix [4, W] (columns one-hot or all zero).</summary>
    /// <param name="oneHot">The matrix, A, C, G, T rows.</param>
    /// <returns>The motif.</returns>
    /// <exception cref="ArgumentException">Not 4 rows, empty, or a column is not one-hot/all zero.</exception>
    public static MotifSource FromOneHot(float[,] oneHot)
    {
        ArgumentNullException.ThrowIfNull(oneHot);
        Check(oneHot, nameof(oneHot));
        for (var l = 0; l < oneHot.GetLength(1); l++)
        {
            var ones = 0;
            for (var c = 0; c < 4; c++)
            {
                var v = oneHot[c, l];
                if (v != 0f && v != 1f)
                {
                    throw new ArgumentException($"Column {l} is not one-hot (value {v}).", nameof(oneHot));
                }

                ones += v == 1f ? 1 : 0;
            }

            if (ones > 1)
            {
                throw new ArgumentException($"Column {l} has {ones} ones.", nameof(oneHot));
            }
        }

        return new MotifSource((float[,])oneHot.Clone(), false, $"one-hot motif of width {oneHot.GetLength(1)}");
    }

    /// <summary>A probability matrix [4, W] whose columns sum to 1; every sequence gets its own sampled instance.</summary>
    /// <param name="probabilities">The matrix, A, C, G, T rows, non-negative, columns summing to 1 (within 1e-3).</param>
    /// <returns>The motif.</returns>
    /// <exception cref="ArgumentException">Not 4 rows, empty, a negative value or a column not summing to 1.</exception>
    public static MotifSource FromProbabilities(float[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        Check(probabilities, nameof(probabilities));
        for (var l = 0; l < probabilities.GetLength(1); l++)
        {
            double sum = 0;
            for (var c = 0; c < 4; c++)
            {
                var v = probabilities[c, l];
                if (!(v >= 0f))
                {
                    throw new ArgumentException($"Column {l} has a negative or non-finite probability.", nameof(probabilities));
                }

                sum += v;
            }

            if (Math.Abs(sum - 1.0) > 1e-3)
            {
                throw new ArgumentException($"Column {l} sums to {sum}, not 1.", nameof(probabilities));
            }
        }

        return new MotifSource((float[,])probabilities.Clone(), true, $"sampled motif of width {probabilities.GetLength(1)}");
    }

    /// <summary>One instance as a one-hot matrix [4, W]: the fixed motif, or a sample drawn with <paramref name="random"/>.</summary>
    /// <param name="random">The generator used for sampled motifs.</param>
    /// <returns>A new matrix.</returns>
    public float[,] Instance(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!_sample)
        {
            return (float[,])_matrix.Clone();
        }

        var m = new float[4, Width];
        for (var l = 0; l < Width; l++)
        {
            var u = random.NextDouble();
            var chosen = 3;
            double cumulative = 0;
            for (var c = 0; c < 4; c++)
            {
                cumulative += _matrix[c, l];
                if (u < cumulative)
                {
                    chosen = c;
                    break;
                }
            }

            m[chosen, l] = 1f;
        }

        return m;
    }

    private static void Check(float[,] m, string paramName)
    {
        if (m.GetLength(0) != 4 || m.GetLength(1) == 0)
        {
            throw new ArgumentException($"A motif matrix must be [4, W] with W ≥ 1; got [{m.GetLength(0)}, {m.GetLength(1)}].", paramName);
        }
    }
}

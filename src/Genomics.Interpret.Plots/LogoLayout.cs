namespace Genomics.Interpret.Plots;

/// <summary>One letter of a sequence logo: its column, its base (0 = A, 1 = C, 2 = G, 3 = T) and its vertical extent.</summary>
/// <param name="Position">Column index (0-based).</param>
/// <param name="Base">Alphabet index: 0 = A, 1 = C, 2 = G, 3 = T.</param>
/// <param name="Bottom">Lower edge in data units (bits or contribution).</param>
/// <param name="Top">Upper edge in data units; <c>Top - Bottom</c> is the letter's height.</param>
public readonly record struct LogoLetter(int Position, int Base, double Bottom, double Top)
{
    /// <summary>The letter's height in data units.</summary>
    public double Height => Top - Bottom;
}

/// <summary>
/// The geometry of a sequence logo, independent of rendering: which letter goes where and how tall it is.
/// Matrices are alphabet-major, shape (4, W), rows A, C, G, T.
/// </summary>
public sealed class LogoLayout
{
    private LogoLayout(int width, IReadOnlyList<LogoLetter> letters, double yMin, double yMax, string yLabel)
    {
        Width = width;
        Letters = letters;
        YMin = yMin;
        YMax = yMax;
        YLabel = yLabel;
    }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Letters with non-zero height, column by column, bottom to top.</summary>
    public IReadOnlyList<LogoLetter> Letters { get; }

    /// <summary>Lowest extent of any column (0 for information-content logos).</summary>
    public double YMin { get; }

    /// <summary>Highest extent of any column.</summary>
    public double YMax { get; }

    /// <summary>The y-axis label ("bits" or "contribution").</summary>
    public string YLabel { get; }

    /// <summary>
    /// Information-content logo of a probability matrix: column height = IC = Σ p·log2(p / background) (relative
    /// entropy, 2 bits at most for a uniform background), each letter's height = p × IC, letters stacked with the
    /// most probable on top.
    /// </summary>
    /// <param name="probabilities">Probabilities (4, W); each column must be non-negative and sum to 1 (±1e-3).</param>
    /// <param name="background">Background frequencies of A, C, G, T (default uniform).</param>
    public static LogoLayout InformationContent(double[,] probabilities, IReadOnlyList<double>? background = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        RequireFourRows(probabilities, nameof(probabilities));
        var bg = background ?? [0.25, 0.25, 0.25, 0.25];
        if (bg.Count != 4 || bg.Any(b => !(b > 0)) || Math.Abs(bg.Sum() - 1) > 1e-3)
        {
            throw new ArgumentException("The background must be four positive frequencies summing to 1.", nameof(background));
        }

        var width = probabilities.GetLength(1);
        var letters = new List<LogoLetter>();
        double yMax = 0;
        for (var j = 0; j < width; j++)
        {
            double sum = 0;
            for (var b = 0; b < 4; b++)
            {
                var p = probabilities[b, j];
                if (!(p >= 0) || double.IsInfinity(p))
                {
                    throw new ArgumentException($"Probability at base {b}, column {j} is {p}; expected a finite value ≥ 0.", nameof(probabilities));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > 1e-3)
            {
                throw new ArgumentException($"Column {j} sums to {sum}; expected 1.", nameof(probabilities));
            }

            double ic = 0;
            for (var b = 0; b < 4; b++)
            {
                var p = probabilities[b, j];
                if (p > 0)
                {
                    ic += p * Math.Log2(p / bg[b]);
                }
            }

            ic = Math.Max(ic, 0);
            double bottom = 0;
            foreach (var b in Order(probabilities, j, ascending: true))
            {
                var h = probabilities[b, j] * ic;
                if (h > 0)
                {
                    letters.Add(new LogoLetter(j, b, bottom, bottom + h));
                    bottom += h;
                }
            }

            yMax = Math.Max(yMax, bottom);
        }

        return new LogoLayout(width, letters, 0, Math.Max(yMax, 2.0), "bits");
    }

    /// <summary>
    /// Contribution logo of a weight matrix (CWM, attributions × one-hot, or hypothetical contributions): positive
    /// entries are stacked upwards from zero (largest on top), negative entries downwards (most negative at the bottom),
    /// each letter as tall as its absolute value.
    /// </summary>
    /// <param name="contributions">Signed contributions (4, W).</param>
    public static LogoLayout Contribution(double[,] contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        RequireFourRows(contributions, nameof(contributions));
        var width = contributions.GetLength(1);
        var letters = new List<LogoLetter>();
        double yMin = 0, yMax = 0;
        for (var j = 0; j < width; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                if (!double.IsFinite(contributions[b, j]))
                {
                    throw new ArgumentException($"Contribution at base {b}, column {j} is not finite.", nameof(contributions));
                }
            }

            double top = 0;
            foreach (var b in Order(contributions, j, ascending: true))
            {
                var v = contributions[b, j];
                if (v > 0)
                {
                    letters.Add(new LogoLetter(j, b, top, top + v));
                    top += v;
                }
            }

            double bottom = 0;
            foreach (var b in Order(contributions, j, ascending: false))
            {
                var v = contributions[b, j];
                if (v < 0)
                {
                    letters.Add(new LogoLetter(j, b, bottom + v, bottom));
                    bottom += v;
                }
            }

            yMax = Math.Max(yMax, top);
            yMin = Math.Min(yMin, bottom);
        }

        if (yMax - yMin <= 0)
        {
            yMax = 1;
        }

        return new LogoLayout(width, letters, yMin, yMax, "contribution");
    }

    /// <summary>Contribution logo of an attribution map restricted to the observed bases: <paramref name="attributions"/> ⊙ <paramref name="oneHot"/>.</summary>
    /// <param name="attributions">Attributions (4, L).</param>
    /// <param name="oneHot">One-hot sequence (4, L).</param>
    public static LogoLayout ObservedContribution(double[,] attributions, double[,] oneHot)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        ArgumentNullException.ThrowIfNull(oneHot);
        RequireFourRows(attributions, nameof(attributions));
        if (oneHot.GetLength(0) != 4 || oneHot.GetLength(1) != attributions.GetLength(1))
        {
            throw new ArgumentException($"The one-hot matrix must have shape (4, {attributions.GetLength(1)}).", nameof(oneHot));
        }

        var product = new double[4, attributions.GetLength(1)];
        for (var b = 0; b < 4; b++)
        {
            for (var j = 0; j < product.GetLength(1); j++)
            {
                product[b, j] = attributions[b, j] * oneHot[b, j];
            }
        }

        return Contribution(product);
    }

    internal static void RequireFourRows(double[,] matrix, string paramName)
    {
        if (matrix.GetLength(0) != 4)
        {
            throw new ArgumentException($"Expected 4 rows (A, C, G, T), got {matrix.GetLength(0)}.", paramName);
        }

        if (matrix.GetLength(1) == 0)
        {
            throw new ArgumentException("The matrix has no columns.", paramName);
        }
    }

    // Bases of column j ordered by value (ties by alphabet order), so stacks are deterministic.
    private static int[] Order(double[,] m, int j, bool ascending)
    {
        var order = new[] { 0, 1, 2, 3 };
        Array.Sort(order, (x, y) =>
        {
            var c = m[x, j].CompareTo(m[y, j]);
            return c != 0 ? (ascending ? c : -c) : x.CompareTo(y);
        });
        return order;
    }
}

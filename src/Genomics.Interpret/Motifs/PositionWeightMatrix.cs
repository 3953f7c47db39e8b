using System.Globalization;
using Genomics.Models.Encoding;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// A position weight matrix: log2-odds scores (bits) of each letter at each position against a background,
/// alphabet-major A × W. Immutable.
/// </summary>
public sealed class PositionWeightMatrix : AlphabetMatrix<PositionWeightMatrix>
{
    /// <summary>The pseudocount FIMO and MEME apply by default (0.1, spread by the background).</summary>
    public const double DefaultPseudocount = 0.1;

    /// <summary>The number of sites assumed when a motif does not record one (the MEME format's default, 20).</summary>
    public const double DefaultSites = 20;

    /// <summary>Initializes a matrix from alphabet-major log-odds scores.</summary>
    /// <param name="scores">A 4 × W array of finite scores (bits); W ≥ 1. Copied.</param>
    /// <param name="background">The background the scores are relative to; uniform when null.</param>
    /// <param name="alphabet">DNA (default) or RNA.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scores"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 4 rows, no columns, or a score not finite.</exception>
    public PositionWeightMatrix(double[,] scores, MotifBackground? background = null, Alphabet? alphabet = null)
        : this(MotifArrays.FlattenFinite(scores ?? throw new ArgumentNullException(nameof(scores)), "Scores", "Score", nameof(scores)), background ?? MotifBackground.Uniform, alphabet ?? Alphabet.Dna)
    {
    }

    private PositionWeightMatrix((double[] Values, int Width) flat, MotifBackground background, Alphabet alphabet)
        : this(flat.Values, flat.Width, background, alphabet)
    {
    }

    private PositionWeightMatrix(double[] scores, int width, MotifBackground background, Alphabet alphabet)
        : base(scores, width, alphabet)
    {
        Background = background;
    }

    /// <summary>Gets the background the scores are relative to.</summary>
    public MotifBackground Background { get; }

    /// <summary>Gets the highest possible total score (sum of column maxima).</summary>
    public double MaxScore => Enumerable.Range(0, Width).Sum(w => Enumerable.Range(0, 4).Max(a => Elements[(a * Width) + w]));

    /// <summary>Gets the lowest possible total score (sum of column minima).</summary>
    public double MinScore => Enumerable.Range(0, Width).Sum(w => Enumerable.Range(0, 4).Min(a => Elements[(a * Width) + w]));

    /// <summary>
    /// Builds log2-odds scores from probabilities as MEME/FIMO do: each probability is first smoothed to
    /// (p × n + c × b) / (n + c) with n sites and pseudocount c spread by the background b, then scored
    /// log2(p' / b).
    /// </summary>
    /// <param name="probabilities">The probability matrix.</param>
    /// <param name="background">The background; uniform when null.</param>
    /// <param name="pseudocount">Total pseudocount c (≥ 0; default 0.1). With 0, a zero probability is an error.</param>
    /// <param name="sites">Number of sites n behind the probabilities (&gt; 0; default 20).</param>
    /// <returns>The weight matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="probabilities"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative pseudocount or non-positive sites.</exception>
    /// <exception cref="ArgumentException">A zero probability with no pseudocount (the score would be −∞).</exception>
    public static PositionWeightMatrix FromProbabilities(PositionProbabilityMatrix probabilities, MotifBackground? background = null, double pseudocount = DefaultPseudocount, double sites = DefaultSites)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!double.IsFinite(pseudocount) || pseudocount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pseudocount), pseudocount, "The pseudocount must be finite and ≥ 0.");
        }

        if (!double.IsFinite(sites) || sites <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sites), sites, "The number of sites must be finite and > 0.");
        }

        var bg = background ?? MotifBackground.Uniform;
        var width = probabilities.Width;
        var source = probabilities.Values;
        var scores = new double[source.Length];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                var p = ((source[(a * width) + w] * sites) + (pseudocount * bg[a])) / (sites + pseudocount);
                if (p <= 0)
                {
                    throw new ArgumentException($"Probability of letter {a} at position {w} is 0 and no pseudocount was given; the log-odds score would be −∞.", nameof(probabilities));
                }

                scores[(a * width) + w] = Math.Log2(p / bg[a]);
            }
        }

        return new PositionWeightMatrix(scores, width, bg, probabilities.Alphabet);
    }

    /// <summary>Scores a sequence of exactly W letters; returns null when it contains a letter outside A, C, G, T/U.</summary>
    /// <param name="site">The site (case-insensitive).</param>
    /// <returns>The summed log-odds score, or null.</returns>
    /// <exception cref="ArgumentException">The site's length is not W.</exception>
    public double? Score(ReadOnlySpan<char> site)
    {
        if (site.Length != Width)
        {
            throw new ArgumentException($"The site has {site.Length} letters; the matrix has width {Width}.", nameof(site));
        }

        var total = 0.0;
        for (var w = 0; w < Width; w++)
        {
            var a = Alphabet.IndexOf(site[w]);
            if (a < 0)
            {
                return null;
            }

            total += Elements[(a * Width) + w];
        }

        return total;
    }

    private protected override PositionWeightMatrix Create(double[] values, int width) => new(values, width, Background, Alphabet);

    private protected override PositionWeightMatrix CreateReverseComplement(double[] values) => new(values, Width, Background.Complement(), Alphabet);
}

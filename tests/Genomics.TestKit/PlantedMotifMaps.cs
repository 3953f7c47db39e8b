namespace Genomics.TestKit;

/// <summary>A planted site: example, first position, motif index and strand.</summary>
/// <param name="Example">The sequence.</param>
/// <param name="Start">First position of the site.</param>
/// <param name="Motif">Index into the planted motifs.</param>
/// <param name="Reverse">Whether the reverse complement was planted.</param>
public readonly record struct PlantedSite(int Example, int Start, int Motif, bool Reverse);

/// <summary>
/// Seeded synthetic attribution maps for motif discovery: uniform random sequences with sites sampled from position
/// probability matrices (either strand), and hypothetical contributions that a PWM-scanning model would give: at a site,
/// base b at column j scores log2(p[b, j] / 0.25) (clamped to [−2, 2]) times a per-site strength; elsewhere small noise.
/// Contributions are hypothetical ⊙ one-hot. Arrays are (N, 4, L), rows A, C, G, T.
/// </summary>
public sealed class PlantedMotifMaps
{
    /// <summary>Builds the maps.</summary>
    /// <param name="motifs">Position probability matrices (4, W), rows A, C, G, T, columns summing to 1.</param>
    /// <param name="examples">N.</param>
    /// <param name="length">L.</param>
    /// <param name="sites">Total sites; motifs take turns, and each goes at a random free position of a random sequence
    /// (at least <paramref name="spacing"/> from any other site), so a sequence may hold none, one or several.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="noise">Half-width of the uniform background noise on hypothetical contributions.</param>
    /// <param name="spacing">Smallest gap between two sites' starts.</param>
    public PlantedMotifMaps(IReadOnlyList<double[,]> motifs, int examples, int length, int sites, int seed = 7, double noise = 0.05, int spacing = 60)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        ArgumentOutOfRangeException.ThrowIfZero(motifs.Count);
        Motifs = motifs;
        var random = new Random(seed);
        OneHot = new float[examples, 4, length];
        Hypothetical = new float[examples, 4, length];
        Contributions = new float[examples, 4, length];
        var bases = new int[examples][];
        for (var i = 0; i < examples; i++)
        {
            bases[i] = [.. Enumerable.Range(0, length).Select(_ => random.Next(4))];
            for (var j = 0; j < length; j++)
            {
                for (var b = 0; b < 4; b++)
                {
                    Hypothetical[i, b, j] = (float)((random.NextDouble() - 0.5) * 2 * noise);
                }
            }
        }

        var planted = new List<PlantedSite>();
        var starts = new List<int>[examples];
        for (var i = 0; i < examples; i++)
        {
            starts[i] = [];
        }

        for (var s = 0; s < sites; s++)
        {
            var m = s % motifs.Count;
            var ppm = motifs[m];
            var w = ppm.GetLength(1);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var example = random.Next(examples);
                var start = 25 + random.Next(length - w - 50);
                if (starts[example].Any(o => Math.Abs(o - start) < spacing))
                {
                    continue;
                }

                starts[example].Add(start);
                var reverse = random.Next(2) == 1;
                var strength = 0.6 + 0.8 * random.NextDouble();
                for (var c = 0; c < w; c++)
                {
                    // Column c of the motif lands at start + c (forward) or start + w − 1 − c complemented (reverse).
                    var u = random.NextDouble();
                    var letter = 0;
                    for (var acc = ppm[0, c]; letter < 3 && u > acc; acc += ppm[++letter, c])
                    {
                    }

                    var position = reverse ? start + w - 1 - c : start + c;
                    bases[example][position] = reverse ? 3 - letter : letter;
                    for (var b = 0; b < 4; b++)
                    {
                        var score = Math.Clamp(Math.Log2(Math.Max(ppm[b, c], 1e-3) / 0.25), -2, 2) * strength;
                        Hypothetical[example, reverse ? 3 - b : b, position] = (float)score;
                    }
                }

                planted.Add(new PlantedSite(example, start, m, reverse));
                break;
            }
        }

        for (var i = 0; i < examples; i++)
        {
            for (var j = 0; j < length; j++)
            {
                OneHot[i, bases[i][j], j] = 1;
                Contributions[i, bases[i][j], j] = Hypothetical[i, bases[i][j], j];
            }
        }

        Sites = planted;
    }

    /// <summary>The planted motifs.</summary>
    public IReadOnlyList<double[,]> Motifs { get; }

    /// <summary>One-hot sequences (N, 4, L).</summary>
    public float[,,] OneHot { get; }

    /// <summary>Hypothetical contributions (N, 4, L).</summary>
    public float[,,] Hypothetical { get; }

    /// <summary>Contributions: hypothetical ⊙ one-hot (N, 4, L).</summary>
    public float[,,] Contributions { get; }

    /// <summary>The sites planted, in planting order.</summary>
    public IReadOnlyList<PlantedSite> Sites { get; }
}

using Genomics.Models.Evaluation;

namespace Genomics.Interpret.Tests.Modisco;

/// <summary>Synthetic attribution maps: random sequences with one of two planted motifs each (either strand), high hypothetical contributions on the motif.</summary>
internal sealed class PlantedMotifs
{
    public const string MotifA = "GGATTACA";
    public const string MotifB = "CCGCGTAA";

    public PlantedMotifs(int n = 60, int length = 100, int seed = 11, double noise = 0.02)
    {
        var random = new Random(seed);
        OneHot = new float[n, 4, length];
        Hypothetical = new float[n, 4, length];
        Contributions = new float[n, 4, length];
        Sites = new (int Start, string Motif, bool Reverse)[n];
        for (var i = 0; i < n; i++)
        {
            var bases = Enumerable.Range(0, length).Select(_ => random.Next(4)).ToArray();
            var motif = i % 2 == 0 ? MotifA : MotifB;
            var reverse = random.Next(2) == 1;
            var site = reverse ? ReverseComplement(motif) : motif;
            var start = 35 + random.Next(20);
            for (var j = 0; j < site.Length; j++)
            {
                bases[start + j] = "ACGT".IndexOf(site[j], StringComparison.Ordinal);
            }

            Sites[i] = (start, motif, reverse);
            for (var j = 0; j < length; j++)
            {
                OneHot[i, bases[j], j] = 1;
                for (var b = 0; b < 4; b++)
                {
                    var inSite = j >= start && j < start + site.Length;
                    Hypothetical[i, b, j] = inSite
                        ? (b == bases[j] ? 1f : -0.2f)
                        : (float)((random.NextDouble() - 0.5) * 2 * noise);
                    Contributions[i, b, j] = Hypothetical[i, b, j] * OneHot[i, b, j];
                }
            }
        }
    }

    public float[,,] OneHot { get; }

    public float[,,] Hypothetical { get; }

    public float[,,] Contributions { get; }

    public (int Start, string Motif, bool Reverse)[] Sites { get; }

    public static string ReverseComplement(string s) => new([.. s.Reverse().Select(c => "TGCA"["ACGT".IndexOf(c, StringComparison.Ordinal)])]);

    public static double[,] OneHotOf(string s)
    {
        var m = new double[4, s.Length];
        for (var j = 0; j < s.Length; j++)
        {
            m["ACGT".IndexOf(s[j], StringComparison.Ordinal), j] = 1;
        }

        return m;
    }

    /// <summary>Best mean column Pearson correlation of <paramref name="motif"/> (or its reverse complement) inside <paramref name="matrix"/> (4 × W).</summary>
    public static double BestColumnCorrelation(double[,] matrix, string motif)
    {
        var best = double.NegativeInfinity;
        foreach (var m in new[] { OneHotOf(motif), OneHotOf(ReverseComplement(motif)) })
        {
            var w = m.GetLength(1);
            for (var o = 0; o + w <= matrix.GetLength(1); o++)
            {
                double total = 0;
                for (var c = 0; c < w; c++)
                {
                    total += Pearson([.. Enumerable.Range(0, 4).Select(b => matrix[b, o + c])], [.. Enumerable.Range(0, 4).Select(b => m[b, c])]);
                }

                best = Math.Max(best, total / w);
            }
        }

        return best;
    }

    /// <summary>Pearson's r, 0 for a constant column (no information about the match).</summary>
    private static double Pearson(double[] x, double[] y) => Metrics.Pearson(x, y) is var r && double.IsNaN(r) ? 0 : r;
}

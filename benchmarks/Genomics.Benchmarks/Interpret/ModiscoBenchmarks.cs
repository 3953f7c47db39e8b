using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Seqlets;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// Motif discovery at DeepDifE's scale: TF-MoDISco-lite on 200 sequences × 200 nt with two planted motifs, and the
/// windowed seqlet caller alone on 1,000 × 1,000 nt.
/// </summary>
[MemoryDiagnoser]
public class ModiscoBenchmarks
{
    private float[,,] _contributions = null!;
    private float[,,] _hypothetical = null!;
    private float[,,] _oneHot = null!;
    private double[,] _track = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_contributions, _hypothetical, _oneHot) = Planted(BenchmarkScale.Smoke ? 40 : 200, 200, 5);
        var (large, _, _) = Planted(BenchmarkScale.Smoke ? 20 : 1000, BenchmarkScale.Smoke ? 200 : 1000, 6);
        _track = SeqletArrays.PerPosition(large);
    }

    [Benchmark]
    public int ModiscoRun() => new TfModisco(new ModiscoOptions { LeidenRuns = BenchmarkScale.Smoke ? 2 : 50, FinalMinClusterSize = BenchmarkScale.Smoke ? 2 : 20 }).Run(_contributions, _hypothetical, _oneHot).Patterns.Count();

    [Benchmark]
    public int WindowedSeqlets() => WindowedSeqletCaller.Call(_track).Seqlets.Count;

    private static (float[,,] Contributions, float[,,] Hypothetical, float[,,] OneHot) Planted(int n, int length, int seed)
    {
        string[] motifs = ["GGATTACA", "CCGCGTAA"];
        var random = new Random(seed);
        var oneHot = new float[n, 4, length];
        var hypothetical = new float[n, 4, length];
        var contributions = new float[n, 4, length];
        for (var i = 0; i < n; i++)
        {
            var bases = Enumerable.Range(0, length).Select(_ => random.Next(4)).ToArray();
            var site = motifs[i % 2];
            var start = 30 + random.Next(length - 70);
            for (var j = 0; j < site.Length; j++)
            {
                bases[start + j] = "ACGT".IndexOf(site[j], StringComparison.Ordinal);
            }

            for (var j = 0; j < length; j++)
            {
                oneHot[i, bases[j], j] = 1;
                var inSite = j >= start && j < start + site.Length;
                for (var b = 0; b < 4; b++)
                {
                    hypothetical[i, b, j] = inSite ? (b == bases[j] ? 1f : -0.2f) : (float)((random.NextDouble() - 0.5) * 0.04);
                    contributions[i, b, j] = hypothetical[i, b, j] * oneHot[i, b, j];
                }
            }
        }

        return (contributions, hypothetical, oneHot);
    }
}

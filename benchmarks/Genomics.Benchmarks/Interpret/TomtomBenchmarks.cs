using BenchmarkDotNet.Attributes;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// TOMTOM-equivalent comparison on one core: 50 random queries against 500 random motifs (target: under 1 s), and
/// JASPAR 2022 vertebrates (841 motifs) against itself on all cores.
/// </summary>
[MemoryDiagnoser]
public class TomtomBenchmarks
{
    private static readonly TomtomOptions s_options = new() { MinOverlap = 5, MaxDegreeOfParallelism = 1 };
    private List<Motif> _queries = null!;
    private List<Motif> _targets = null!;
    private List<Motif> _jaspar = null!;
    private List<Motif> _jasparQueries = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(17);
        _queries = RandomMotifs(random, BenchmarkScale.Batch(50), "Q");
        _targets = RandomMotifs(random, BenchmarkScale.Smoke ? 60 : 500, "T");
        _jaspar = [.. MemeMotifFormat.Read(Jaspar2022Path())];
        _jasparQueries = _jaspar.Take(BenchmarkScale.Batch(_jaspar.Count)).ToList();
    }

    [Benchmark]
    public int RandomQueriesAgainstRandomDatabase() => new TomtomComparer(s_options).Compare(_queries, _targets).Count;

    [Benchmark]
    public int Jaspar2022AllAgainstAll() => new TomtomComparer(s_options with { MaxDegreeOfParallelism = null }).Compare(_jasparQueries, _jaspar).Count;

    private static List<Motif> RandomMotifs(Random random, int count, string prefix)
    {
        var motifs = new List<Motif>(count);
        for (var m = 0; m < count; m++)
        {
            var width = random.Next(6, 21);
            var counts = new double[4, width];
            for (var w = 0; w < width; w++)
            {
                for (var a = 0; a < 4; a++)
                {
                    counts[a, w] = Math.Pow(random.NextDouble(), 3);
                }
            }

            motifs.Add(new Motif($"{prefix}{m}", PositionProbabilityMatrix.FromCounts(counts, pseudocount: 0.01)) { Sites = 20 });
        }

        return motifs;
    }

    private static string Jaspar2022Path()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Genomics.sln")))
                {
                    return Path.Combine(folder.FullName, "..", "shared", "data", "parallel_tomtom", "JASPAR2022_CORE_vertebrates_non-redundant_v2.meme");
                }
            }
        }

        throw new DirectoryNotFoundException("Genomics.sln not found above the benchmark folder; cannot locate the shared data.");
    }
}

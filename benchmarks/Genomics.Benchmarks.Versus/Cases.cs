using Genomics.Interpret.Evaluation;
using System.Globalization;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Scanning;
using Genomics.Interpret.Seqlets;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Versus;

/// <summary>The cases, named as in docs/benchmarks.md's before/after table.</summary>
public static class Cases
{
    /// <summary>Case name → set-up.</summary>
    public static IReadOnlyDictionary<string, Func<IWork>> All { get; } = new Dictionary<string, Func<IWork>>(StringComparer.Ordinal)
    {
        ["deeplift-basset-1kb"] = () => new DeepLiftWork(1000, 8, 20),
        ["ism-naive-basset-600"] = () => new IsmWork(600, EvaluationAlgorithm.Full),
        ["ism-naive-basset-1kb"] = () => new IsmWork(1000, EvaluationAlgorithm.Full),
        ["ism-fast-basset-1kb"] = () => new IsmWork(1000, EvaluationAlgorithm.LocalEdits),
        ["ism-auto-deepallele-atac"] = () => new PairedIsmWork(),
        ["tomtom-random-50x500"] = () => new TomtomWork(jaspar: false),
        ["tomtom-jaspar-841x841"] = () => new TomtomWork(jaspar: true),
        ["scan-jaspar50-672kb"] = () => new ScanWork(),
        ["seqlets-recursive-500x1kb"] = () => new RecursiveSeqletWork(),
    };

    internal static string F(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

    internal static void DumpTensor(TextWriter writer, Tensor tensor)
    {
        using var flat = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().flatten();
        foreach (var v in flat.data<double>())
        {
            writer.WriteLine(F(v));
        }
    }

    internal static Tensor RandomOneHot(int count, int length, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var indices = randint(0, 4, [count, length], generator: generator);
        using var oneHot = nn.functional.one_hot(indices, 4);
        return oneHot.permute(0, 2, 1).to_type(ScalarType.Float32).contiguous();
    }

    internal static string SharedData(params string[] parts)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine([folder.FullName, "shared", "data", .. parts]);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"shared/data/{string.Join('/', parts)} not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>DeepLIFT-SHAP on the published Basset preset: N sequences × K dinucleotide-shuffled references, output 0.</summary>
internal sealed class DeepLiftWork : IWork
{
    private readonly BassetModel _model;
    private readonly Tensor _inputs;
    private readonly DeepLiftShap _engine;
    private AttributionResult? _last;

    public DeepLiftWork(int length, int count, int references)
    {
        using (new TorchSeedScope(1))
        {
            _model = new BassetModel(BassetOptions.Published with { InputLength = length });
        }

        _inputs = Cases.RandomOneHot(count, length, 5);
        _engine = new DeepLiftShap(new DeepLiftShapOptions { References = references, Seed = 1 });
    }

    public void Run()
    {
        _last?.Dispose();
        _last = _engine.Attribute(_model, _inputs, AttributionTarget.Output(0));
    }

    public void Dump(TextWriter writer) => Cases.DumpTensor(writer, _last!.Scores);

    public void Dispose()
    {
        _last?.Dispose();
        _inputs.Dispose();
        _model.Dispose();
    }
}

/// <summary>Saturation ISM of the 60 central positions (180 substitutions, all 164 outputs) of one sequence through published Basset.</summary>
internal sealed class IsmWork : IWork
{
    private readonly BassetModel _model;
    private readonly Tensor _inputs;
    private readonly InSilicoMutagenesis _engine;
    private IsmResult? _last;

    public IsmWork(int length, EvaluationAlgorithm algorithm)
    {
        using (new TorchSeedScope(1))
        {
            _model = new BassetModel(BassetOptions.Published with { InputLength = length });
        }

        _inputs = Cases.RandomOneHot(1, length, 3);
        var start = (length - 60) / 2;
        _engine = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = start, End = start + 60, Algorithm = algorithm });
    }

    public void Run()
    {
        _last?.Dispose();
        _last = _engine.Run(_model, _inputs, new ComputeContext { BatchSize = 256 });
    }

    public void Dump(TextWriter writer) => Cases.DumpTensor(writer, _last!.Deltas);

    public void Dispose()
    {
        _last?.Dispose();
        _inputs.Dispose();
        _model.Dispose();
    }
}

/// <summary>
/// Saturation ISM of the 20 central positions (60 substitutions, all 3 outputs) of the first allele of one pair through
/// DeepAllele's paired model at the ATAC preset (330 bp, 512 first kernels, four residual blocks), second allele fixed,
/// with EvaluationAlgorithm.Auto: fast ISM where the paired model describes its trunk, naive ISM before.
/// </summary>
internal sealed class PairedIsmWork : IWork
{
    private readonly PairedAlleleModel _model;
    private readonly Tensor _first;
    private readonly Tensor _second;
    private readonly PairedAlleleView _view;
    private readonly InSilicoMutagenesis _engine;
    private IsmResult? _last;

    public PairedIsmWork()
    {
        using (new TorchSeedScope(1))
        {
            _model = new PairedAlleleModel(PairedAlleleOptions.Atac);
        }

        _first = Cases.RandomOneHot(1, 330, 3);
        _second = Cases.RandomOneHot(1, 330, 4);
        _view = new PairedAlleleView(_model, PairedAlleleMode.VaryFirst, _second);
        _engine = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = 155, End = 175, Algorithm = EvaluationAlgorithm.Auto });
    }

    public void Run()
    {
        _last?.Dispose();
        _last = _engine.Run(_view, _first, new ComputeContext { BatchSize = 256 });
    }

    public void Dump(TextWriter writer) => Cases.DumpTensor(writer, _last!.Deltas);

    public void Dispose()
    {
        _last?.Dispose();
        _view.Dispose();
        _first.Dispose();
        _second.Dispose();
        _model.Dispose();
    }
}

/// <summary>TOMTOM-equivalent on one core: 50 random queries × 500 random motifs, or JASPAR 2022 vertebrates all against all.</summary>
internal sealed class TomtomWork : IWork
{
    private readonly List<Motif> _queries;
    private readonly List<Motif> _targets;
    private readonly TomtomOptions _options = new() { MinOverlap = 5, MaxDegreeOfParallelism = 1 };
    private IReadOnlyList<MotifMatch>? _last;

    public TomtomWork(bool jaspar)
    {
        if (jaspar)
        {
            _queries = [.. MemeMotifFormat.Read(Cases.SharedData("parallel_tomtom", "JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"))];
            _targets = _queries;
        }
        else
        {
            var random = new Random(17);
            _queries = RandomMotifs(random, 50, "Q");
            _targets = RandomMotifs(random, 500, "T");
        }
    }

    public void Run() => _last = new TomtomComparer(_options).Compare(_queries, _targets);

    public void Dump(TextWriter writer)
    {
        foreach (var m in _last!)
        {
            writer.WriteLine($"{m.QueryId}\t{m.TargetId}\t{m.Offset}\t{m.Orientation}\t{Cases.F(m.PValue)}\t{Cases.F(m.EValue)}\t{Cases.F(m.QValue)}");
        }
    }

    public void Dispose()
    {
    }

    // The same generator as TomtomBenchmarks.RandomMotifs: this driver references only the library projects, so that it
    // also builds against older commits (benchmarks/versus.sh), and keeps its own copy.
    internal static List<Motif> RandomMotifs(Random random, int count, string prefix)
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
}

/// <summary>FIMO-style scanning of the first 50 JASPAR 2022 motifs over 672 random sequences of 1 kb (672 kb), both strands, p ≤ 1e-4.</summary>
internal sealed class ScanWork : IWork
{
    private readonly List<MotifScanner> _scanners;
    private readonly List<string> _sequences;
    private List<MotifHit>? _last;

    public ScanWork()
    {
        _scanners = MemeMotifFormat.Read(Cases.SharedData("parallel_tomtom", "JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"))
            .Take(50).Select(m => new MotifScanner(m)).ToList();
        var random = new Random(11);
        _sequences = Enumerable.Range(0, 672).Select(_ => new string(Enumerable.Range(0, 1000).Select(_ => "ACGT"[random.Next(4)]).ToArray())).ToList();
    }

    public void Run()
    {
        var hits = new List<MotifHit>();
        foreach (var scanner in _scanners)
        {
            hits.AddRange(scanner.Scan(_sequences));
        }

        _last = hits;
    }

    public void Dump(TextWriter writer)
    {
        foreach (var h in _last!)
        {
            writer.WriteLine(h.ToString());
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>Recursive seqlet calling on 500 × 1 kb of attribution-like scores (noise with planted positive bumps).</summary>
internal sealed class RecursiveSeqletWork : IWork
{
    private readonly double[,] _scores;
    private IReadOnlyList<Seqlet>? _last;

    public RecursiveSeqletWork()
    {
        var random = new Random(23);
        _scores = new double[500, 1000];
        for (var i = 0; i < 500; i++)
        {
            for (var j = 0; j < 1000; j++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                _scores[i, j] = 0.05 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }

            for (var b = 0; b < 3; b++)
            {
                var start = random.Next(0, 980);
                var width = random.Next(6, 16);
                for (var j = start; j < start + width; j++)
                {
                    _scores[i, j] += 0.3 + 0.2 * random.NextDouble();
                }
            }
        }
    }

    public void Run() => _last = RecursiveSeqletCaller.Call(_scores);

    public void Dump(TextWriter writer)
    {
        foreach (var s in _last!)
        {
            writer.WriteLine($"{s.Example}\t{s.Start}\t{s.End}\t{s.Strand}\t{Cases.F(s.Score)}");
        }
    }

    public void Dispose()
    {
    }
}

using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using TorchSharp;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// Saturation ISM of DeepAllele's paired model at the ATAC preset (330 bp, 512 first kernels, four residual blocks):
/// naive batched ISM against fast ISM on the first allele of one pair, the second allele fixed. The 20 central
/// positions are mutated (60 substitutions per operation). Smoke runs use a tiny model and one position.
/// </summary>
[MemoryDiagnoser]
public class PairedAlleleMutagenesisBenchmarks
{
    private PairedAlleleModel _model = null!;
    private PairedAlleleView _view = null!;
    private torch.Tensor _first = null!;
    private torch.Tensor _second = null!;
    private ComputeContext _context = null!;
    private InSilicoMutagenesisOptions _options = null!;

    /// <summary>Full forward passes (naive ISM) or local edits (fast ISM).</summary>
    [Params(EvaluationAlgorithm.Full, EvaluationAlgorithm.LocalEdits)]
    public EvaluationAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = BenchmarkScale.Smoke
            ? new PairedAlleleOptions { Length = 40, FirstFilters = 8, FirstKernelSize = 5, Filters = 8, KernelSize = 3, PoolSize = 3, ResidualBlocks = 2, HiddenSize = 8, HiddenLayers = 1 }
            : PairedAlleleOptions.Atac;
        using (new TorchSeedScope(1))
        {
            _model = new PairedAlleleModel(options);
        }

        _first = RandomOneHot(options.Length, 3);
        _second = RandomOneHot(options.Length, 4);
        _view = new PairedAlleleView(_model, PairedAlleleMode.VaryFirst, _second);
        var window = BenchmarkScale.Smoke ? 1 : 20;
        var start = (options.Length - window) / 2;
        _options = new InSilicoMutagenesisOptions { Start = start, End = start + window, Algorithm = Algorithm };
        _context = new ComputeContext { BatchSize = 256 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _view.Dispose();
        _first.Dispose();
        _second.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public long SaturationMutagenesis()
    {
        using var result = new InSilicoMutagenesis(_options).Run(_view, _first, _context);
        return result.Substitutions;
    }

    private static torch.Tensor RandomOneHot(int length, ulong seed)
    {
        using var generator = new torch.Generator(seed);
        using var indices = torch.randint(0, 4, [1, length], generator: generator);
        using var oneHot = torch.nn.functional.one_hot(indices, 4);
        return oneHot.permute(0, 2, 1).to_type(torch.ScalarType.Float32).contiguous();
    }
}

using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using TorchSharp;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// Saturation ISM of the published Basset network (Kelley et al. 2016) at 600 bp and 1 kb: naive batched ISM against fast
/// ISM (target: fast at least 10× faster at 1 kb). One sequence; the 60 central positions are mutated (180
/// substitutions per operation): both algorithms cost the same per substitution wherever it lies (fast ISM adds one
/// reference pass per sequence, which whole-sequence ISM amortises better), so the ratio is a lower bound for
/// whole-sequence ISM while a measurement stays within minutes.
/// </summary>
[MemoryDiagnoser]
public class InSilicoMutagenesisBenchmarks
{
    private BassetModel _model = null!;
    private torch.Tensor _sequences = null!;
    private ComputeContext _context = null!;
    private InSilicoMutagenesisOptions _options = null!;

    /// <summary>Sequence length.</summary>
    [Params(600, 1000)]
    public int Length { get; set; }

    /// <summary>Full forward passes (naive ISM) or local edits (fast ISM).</summary>
    [Params(EvaluationAlgorithm.Full, EvaluationAlgorithm.LocalEdits)]
    public EvaluationAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(1))
        {
            _model = new BassetModel(BassetOptions.Published with { InputLength = Length });
        }

        using var generator = new torch.Generator(3);
        using var indices = torch.randint(0, 4, [1, Length], generator: generator);
        using var oneHot = torch.nn.functional.one_hot(indices, 4);
        _sequences = oneHot.permute(0, 2, 1).to_type(torch.ScalarType.Float32).contiguous();
        var window = BenchmarkScale.Smoke ? 1 : 60;
        var start = (Length - window) / 2;
        _options = new InSilicoMutagenesisOptions { Start = start, End = start + window, Algorithm = Algorithm };
        _context = new ComputeContext { BatchSize = 256 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sequences.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public long SaturationMutagenesis()
    {
        using var result = new InSilicoMutagenesis(_options).Run(_model, _sequences, _context);
        return result.Substitutions;
    }
}

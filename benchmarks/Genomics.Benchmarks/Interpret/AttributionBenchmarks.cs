using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// Attributions on the published Basset preset at 600 bp and 1 kb: input-gradient saliency and DeepLIFT-SHAP with 20
/// dinucleotide-shuffled references per sequence (40 forward/backward rows per sequence), for 8 sequences.
/// </summary>
[MemoryDiagnoser]
public class AttributionBenchmarks
{
    private BassetModel _model = null!;
    private Tensor _inputs = null!;
    private Saliency _saliency = null!;
    private DeepLiftShap _deepLift = null!;

    /// <summary>Sequence length.</summary>
    [Params(600, 1000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(1))
        {
            _model = new BassetModel(BassetOptions.Published with { InputLength = Length });
            var indices = torch.randint(0, 4, [BenchmarkScale.Batch(8), Length]);
            _inputs = nn.functional.one_hot(indices, 4).permute(0, 2, 1).to_type(ScalarType.Float32).contiguous();
            indices.Dispose();
        }

        _saliency = new Saliency();
        _deepLift = new DeepLiftShap(new DeepLiftShapOptions { References = BenchmarkScale.Batch(20), Seed = 1 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inputs.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public long SaliencyGradient()
    {
        using var result = _saliency.Attribute(_model, _inputs, AttributionTarget.Output(0));
        return result.Examples;
    }

    [Benchmark]
    public long DeepLiftShap20()
    {
        using var result = _deepLift.Attribute(_model, _inputs, AttributionTarget.Output(0));
        return result.Examples;
    }
}

using BenchmarkDotNet.Attributes;
using Genomics.Interpret.References;
using TorchSharp;

namespace Genomics.Benchmarks.Interpret;

/// <summary>DeepLIFT-SHAP references: 20 dinucleotide shuffles of each of 1,000 sequences of 1 kb (target: under 1 s on one core).</summary>
[MemoryDiagnoser]
public class DinucleotideShuffleBenchmarks
{
    private torch.Tensor _sequences = null!;
    private readonly DinucleotideShuffle _shuffle = new();

    /// <summary>References per sequence (K).</summary>
    [Params(20)]
    public int ReferenceCount { get; set; }

    /// <summary>Sequence length.</summary>
    [Params(1000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var generator = new torch.Generator(7);
        using var indices = torch.randint(0, 4, [BenchmarkScale.Batch(1000), Length], generator: generator);
        using var oneHot = torch.nn.functional.one_hot(indices, 4);
        _sequences = oneHot.permute(0, 2, 1).to_type(torch.ScalarType.Float32).contiguous();
    }

    [GlobalCleanup]
    public void Cleanup() => _sequences.Dispose();

    [Benchmark]
    public long Generate()
    {
        using var references = _shuffle.Generate(_sequences, ReferenceCount, 42);
        return references.shape[1];
    }
}

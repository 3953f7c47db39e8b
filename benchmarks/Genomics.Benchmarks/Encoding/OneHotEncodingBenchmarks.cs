using BenchmarkDotNet.Attributes;
using Genomics.Models.Encoding;
using TorchSharp;

namespace Genomics.Benchmarks.Encoding;

/// <summary>One-hot encoding of N sequences of length L into an (N, 4, L) tensor, and reverse complement.</summary>
[MemoryDiagnoser]
public class OneHotEncodingBenchmarks
{
    private string[] _sequences = [];
    private torch.Tensor _encoded = null!;

    /// <summary>Sequences per call.</summary>
    [Params(1000)]
    public int Count { get; set; }

    /// <summary>Sequence length.</summary>
    [Params(600, 1000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _sequences = Enumerable.Range(0, Count)
            .Select(_ => string.Create(Length, random, static (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = "ACGT"[r.Next(4)];
                }
            }))
            .ToArray();
        _encoded = OneHotEncoder.Encode(_sequences);
    }

    [GlobalCleanup]
    public void Cleanup() => _encoded.Dispose();

    [Benchmark]
    public long Encode()
    {
        using var x = OneHotEncoder.Encode(_sequences);
        return x.shape[0];
    }

    [Benchmark]
    public long EncodeBytes() => OneHotEncoder.EncodeToBytes(_sequences).LongLength;

    [Benchmark]
    public long ReverseComplement()
    {
        using var x = OneHotEncoder.ReverseComplement(_encoded);
        return x.shape[2];
    }
}

using BenchmarkDotNet.Attributes;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Compute;

/// <summary>Batched prediction over 1,024 genes: the overhead of batching, casting and moving results.</summary>
[MemoryDiagnoser]
public class BatchedPredictorBenchmarks
{
    private DeepChromeModel _model = null!;
    private Tensor _inputs = null!;

    /// <summary>Examples per batch.</summary>
    [Params(32, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(1))
        {
            _model = new DeepChromeModel();
            _inputs = (torch.rand(1024, 5, 100) * 20).to_type(ScalarType.Float32);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inputs.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public long Predict()
    {
        using var outputs = new BatchedPredictor(ComputeContext.Default with { BatchSize = BatchSize }).Predict(_model, _inputs);
        return outputs.shape[0];
    }
}

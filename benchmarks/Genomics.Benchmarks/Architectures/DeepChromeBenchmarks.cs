using BenchmarkDotNet.Attributes;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Architectures;

/// <summary>DeepChrome (published preset) forward and forward+backward throughput.</summary>
[MemoryDiagnoser]
public class DeepChromeBenchmarks
{
    private DeepChromeModel _model = null!;
    private Tensor _inputs = null!;
    private Tensor _labels = null!;
    private optim.Optimizer _optimizer = null!;

    /// <summary>Genes per batch.</summary>
    [Params(1, 64)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(1))
        {
            _model = new DeepChromeModel();
            _inputs = torch.rand(BatchSize, 5, 100) * 20;
            _labels = torch.randint(0, 2, [BatchSize], ScalarType.Int64);
        }

        _optimizer = optim.SGD(_model.parameters(), 1e-3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _inputs.Dispose();
        _labels.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public float Forward()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _model.eval();
        return _model.Evaluate(_inputs)[0, 0].item<float>();
    }

    [Benchmark]
    public float ForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        _model.train();
        _optimizer.zero_grad();
        var loss = TrainingLoss.CrossEntropy().Compute(_model.Evaluate(_inputs), _labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }
}

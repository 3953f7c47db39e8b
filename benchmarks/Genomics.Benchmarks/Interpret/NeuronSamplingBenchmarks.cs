using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Neurons;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// NeuronMotif sampling: 20 generations of the genetic algorithm for all 5 neurons of conv2 (RF 12) of the NeuronMotif
/// demo-2 architecture (seeded random weights), population 1,000 per neuron, one batched model call per pass.
/// </summary>
[MemoryDiagnoser]
public class NeuronSamplingBenchmarks
{
    private NeuronMotifDemoModel _model = null!;
    private NeuronNetwork _network = null!;

    /// <summary>Model batch size.</summary>
    [Params(1024)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(3))
        {
            _model = new NeuronMotifDemoModel(NeuronMotifDemoOptions.Demo2);
        }

        _model.eval();
        _network = NeuronNetwork.FromModel(_model, new ComputeContext { BatchSize = BenchmarkScale.Batch(BatchSize) });
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark]
    public int SampleConv2()
    {
        var generations = BenchmarkScale.Smoke ? 1 : 20;
        var options = new NeuronSamplingOptions { PopulationSize = BenchmarkScale.Smoke ? 10 : 1000, MaxGenerations = generations, Patience = generations, Seed = 1 };
        return new NeuronSampler(_network, options).Sample("conv2").Sum(s => s.Sequences.Count);
    }
}

using BenchmarkDotNet.Attributes;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Architectures;

/// <summary>
/// Forward and forward+backward+optimiser-step throughput of every architecture's published preset at a realistic
/// batch size (the original training batch size, or 64 where the original trained one example at a time).
/// </summary>
[MemoryDiagnoser]
public class ArchitectureBenchmarks
{
    private ISequenceModel _model = null!;
    private Tensor _inputs = null!;
    private optim.Optimizer _optimizer = null!;

    /// <summary>The architecture (published preset).</summary>
    [Params(Architecture.DeepChrome, Architecture.AttentiveChrome, Architecture.DeepDifE, Architecture.Basset, Architecture.DeepCba, Architecture.CnnGruMeanRibosomeLoad, Architecture.CnnGruHalfLife, Architecture.PairedAlleleAtac)]
    public Architecture Model { get; set; }

    /// <summary>The architectures benchmarked.</summary>
    public enum Architecture
    {
        DeepChrome,
        AttentiveChrome,
        DeepDifE,
        Basset,
        DeepCba,
        CnnGruMeanRibosomeLoad,
        CnnGruHalfLife,
        PairedAlleleAtac,
    }

    /// <summary>Examples per batch for the chosen architecture.</summary>
    public int BatchSize => BenchmarkScale.Batch(Model switch
    {
        Architecture.AttentiveChrome => 16,
        Architecture.DeepDifE => 100,
        Architecture.DeepCba => 64,
        Architecture.Basset => 128,
        Architecture.PairedAlleleAtac => 32,
        _ => 64,
    });

    [GlobalSetup]
    public void Setup()
    {
        using (new TorchSeedScope(1))
        {
            _model = Model switch
            {
                Architecture.DeepChrome => new DeepChromeModel(),
                Architecture.AttentiveChrome => new AttentiveChromeModel(),
                Architecture.Basset => new BassetModel(),
                Architecture.DeepCba => new DeepCbaModel(),
                Architecture.DeepDifE => new DeepDifEModel(),
                Architecture.CnnGruMeanRibosomeLoad => new CnnGruModel(CnnGruOptions.MeanRibosomeLoad),
                Architecture.CnnGruHalfLife => new CnnGruModel(CnnGruOptions.HalfLife),
                Architecture.PairedAlleleAtac => new PairedAlleleModel(PairedAlleleOptions.Atac),
                _ => throw new InvalidOperationException(),
            };
            var spec = _model.Input;
            var length = spec.Length ?? 1000;
            _inputs = spec.Kind == InputKind.OneHot
                ? OneHot(BatchSize, spec.Channels, length)
                : torch.rand(BatchSize, spec.Channels, length) * 20;
        }

        _optimizer = optim.Adam(_model.Module.parameters(), 1e-4);
    }

    /// <summary>Random one-hot DNA in every group of four channels (extra channels, e.g. CNN-GRU's frame tracks, stay zero).</summary>
    private static Tensor OneHot(int n, int channels, int length)
    {
        var x = torch.zeros(n, channels, length);
        for (var start = 0; start + 4 <= channels; start += 4)
        {
            x[.., start..(start + 4), ..] = nn.functional.one_hot(torch.randint(0, 4, [n, length]), 4).permute(0, 2, 1).to_type(ScalarType.Float32);
        }

        return x;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _inputs.Dispose();
        _model.Module.Dispose();
    }

    [Benchmark]
    public float Forward()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _model.Module.eval();
        return _model.Evaluate(_inputs).sum().item<float>();
    }

    [Benchmark]
    public float ForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        _model.Module.train();
        _optimizer.zero_grad();
        var loss = _model.Evaluate(_inputs).square().mean();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }
}

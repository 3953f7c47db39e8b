using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>DeepAllele's ConvBlock: Conv1d ('same' padding) → ReLU → BatchNorm1d, registered as "0", "1", "2" like its nn.Sequential.</summary>
internal sealed class AlleleConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv1dLayer _conv;
    private readonly Activation _relu;
    private readonly BatchNorm1d _norm;
    private readonly int _kernelSize;

    public AlleleConvBlock(int inputChannels, int outputChannels, int kernelSize)
        : base("conv_block")
    {
        _conv = Conv1dLayer.Same(inputChannels, outputChannels, kernelSize);
        _relu = new Activation(ActivationKind.Relu);
        _norm = nn.BatchNorm1d(outputChannels);
        _kernelSize = kernelSize;
        register_module("0", _conv);
        register_module("1", _relu);
        register_module("2", _norm);
    }

    /// <summary>Submodules are registered by index in the constructor; field names must not become state-dict keys.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>Appends the block as trunk stages: the 'same' convolution, then ReLU and batch normalisation as one element-wise stage.</summary>
    public void AddStages(List<TrunkStage> stages, string path)
    {
        stages.Add(TrunkStage.ForSameConvolution($"{path}.0", _conv, _kernelSize));
        stages.Add(TrunkStage.Pointwise($"{path}.1+{path}.2", t => _norm.call(_relu.call(t))));
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return _norm.call(_relu.call(_conv.call(input))).MoveToOuterDisposeScope();
    }
}

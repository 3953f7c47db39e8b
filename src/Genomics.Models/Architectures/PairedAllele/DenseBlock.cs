using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>Linear → optional ReLU → optional Dropout, registered as "0", "1", "2" like DeepAllele's nn.Sequential heads.</summary>
internal sealed class DenseBlock : nn.Module<Tensor, Tensor>
{
    private readonly Linear _linear;
    private readonly Activation? _relu;
    private readonly Dropout? _dropout;

    public DenseBlock(long inputSize, long outputSize, bool relu, double? dropout)
        : base("dense")
    {
        _linear = nn.Linear(inputSize, outputSize);
        register_module("0", _linear);
        if (relu)
        {
            _relu = new Activation(ActivationKind.Relu);
            register_module("1", _relu);
        }

        if (dropout is double p)
        {
            _dropout = nn.Dropout(p);
            register_module("2", _dropout);
        }
    }

    /// <summary>Submodules are registered by index in the constructor; field names must not become state-dict keys.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = _linear.call(input);
        if (_relu is not null)
        {
            x = _relu.call(x);
        }

        if (_dropout is not null)
        {
            x = _dropout.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}

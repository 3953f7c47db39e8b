using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>x + f(x), with f registered as "_module" like DeepAllele's <c>Residual</c>.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _inner;

    public ResidualBlock(nn.Module<Tensor, Tensor> inner)
        : base("residual")
    {
        _inner = inner;
        register_module("_module", inner);
    }

    /// <summary>The branch f.</summary>
    public nn.Module<Tensor, Tensor> Inner => _inner;

    /// <summary>Submodules are registered by index in the constructor; field names must not become state-dict keys.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return (input + _inner.call(input)).MoveToOuterDisposeScope();
    }
}

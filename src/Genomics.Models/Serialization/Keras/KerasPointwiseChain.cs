using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// Position-wise Keras layers (batch normalisation, activations) that follow a convolution or dense layer in an order
/// the blocks' fixed slots (normalisation, then activation) cannot express, e.g. <c>Conv1D(activation='relu')</c>
/// followed by <c>BatchNormalization</c>. Runs its modules in Keras order, each through <c>call</c> (so forward hooks
/// fire and DeepLIFT's rules apply to the activations); every module acts on each position alone.
/// </summary>
internal sealed class KerasPointwiseChain : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _modules;

    public KerasPointwiseChain(string name, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> modules)
        : base(name)
    {
        _modules = modules.Select(m => m.Module).ToArray();
        foreach (var (moduleName, module) in modules)
        {
            register_module(moduleName, module);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input;
        foreach (var module in _modules)
        {
            x = module.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}

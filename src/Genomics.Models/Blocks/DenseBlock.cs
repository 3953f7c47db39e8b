using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>
/// One block of a dense head, in this order: a linear layer, optional normalisation, optional activation, optional
/// dropout; each module carries its own path (<see cref="NamedModule{TModule}"/>). A model's output layer is a block
/// with the linear layer alone.
/// </summary>
/// <remarks>Layers: every module but the dropout, with the linear layer's units as channels and no receptive field (positions are mixed).</remarks>
public sealed class DenseBlock
{
    /// <summary>Creates a block.</summary>
    /// <param name="linear">The linear layer (on the library's matrix-product tiles, <see cref="DenseLayer"/>) and its path.</param>
    /// <param name="normalization">Normalisation after the linear layer (e.g. BatchNorm1d), or null.</param>
    /// <param name="activation">The nonlinearity, or null.</param>
    /// <param name="dropout">Dropout after the nonlinearity, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="linear"/> is null.</exception>
    public DenseBlock(
        NamedModule<DenseLayer> linear,
        NamedModule<nn.Module<Tensor, Tensor>>? normalization = null,
        NamedModule<Activation>? activation = null,
        NamedModule<Dropout>? dropout = null)
    {
        ArgumentNullException.ThrowIfNull(linear);
        Linear = linear;
        Normalization = normalization;
        Activation = activation;
        Dropout = dropout;
    }

    /// <summary>The linear layer.</summary>
    public NamedModule<DenseLayer> Linear { get; }

    /// <summary>The normalisation, or null.</summary>
    public NamedModule<nn.Module<Tensor, Tensor>>? Normalization { get; }

    /// <summary>The nonlinearity, or null.</summary>
    public NamedModule<Activation>? Activation { get; }

    /// <summary>The dropout, or null.</summary>
    public NamedModule<Dropout>? Dropout { get; }

    /// <summary>The output units (rows of the linear layer's weight).</summary>
    public int Units => checked((int)Linear.Module.OutFeatures);

    /// <summary>The block's modules with their paths, in forward order.</summary>
    public IEnumerable<(string Name, nn.Module Module)> Modules =>
        NamedModule.Present(Linear.Entry, Normalization?.Entry, Activation?.Entry, Dropout?.Entry);

    /// <summary>Runs the block through each module's <c>call</c> (so forward hooks fire); for inference the normalisation
    /// and activation overwrite the linear layer's output in one pass, as in <see cref="ConvolutionBlock.Forward"/>.</summary>
    /// <param name="input">(N, F).</param>
    /// <returns>(N, <see cref="Units"/>); intermediate tensors belong to the caller's dispose scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = InferencePointwise.Run(Linear.Module, Normalization?.Module, Activation?.Module, input);
        return NamedModule.CallInOrder(NamedModule.Present(Dropout?.Entry), x);
    }

    /// <summary>Lists the block's layers (all but the dropout).</summary>
    /// <param name="layers">Receives the layer descriptions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> is null.</exception>
    public void DescribeLayers(ICollection<LayerInfo> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var units = Units;
        layers.Add(new LayerInfo(Linear.Name, LayerKind.Linear, units, null, null));
        if (Normalization is { } norm)
        {
            layers.Add(new LayerInfo(norm.Name, LayerKind.Normalization, units, null, null));
        }

        if (Activation is { } activation)
        {
            layers.Add(new LayerInfo(activation.Name, LayerKind.Activation, units, null, null));
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.CnnGru;

public sealed partial class CnnGruModel
{
    /// <summary>Finds a neuron layer by name (<c>conv1</c> … <c>conv{B+1}</c>).</summary>
    /// <param name="name">The neuron-layer name.</param>
    /// <returns>The layer description.</returns>
    /// <exception cref="ArgumentException">No neuron layer has that name; the message lists the names.</exception>
    public CnnGruNeuronLayer NeuronLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _neuronLayers.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No neuron layer '{name}'. Neuron layers: {string.Join(", ", _neuronLayers.Select(l => l.Name))}.", nameof(name));
    }

    /// <summary>
    /// Computes the activations of one neuron layer the way CombMotif's interpretation does (zengxc-thu/combmotif): without
    /// padding in any convolution, with missing trailing input channels zero-filled, and up to the layer's convolution
    /// output (before dropout, pooling and the next LayerNorm).
    /// </summary>
    /// <param name="input">Inputs (N, C′, L′), float32, with 1 ≤ C′ ≤ C (channels C′ … C−1 are taken as zeros, e.g. a
    /// 4-channel sequence for the 6-channel half-life model) and L′ at least the layer's receptive field.</param>
    /// <param name="neuronLayer">The neuron-layer name, <c>conv1</c> … <c>conv{B+1}</c>.</param>
    /// <returns>
    /// Pre-activation convolution outputs (N, F, L″), float32; an input exactly one receptive field long gives L″ = 1.
    /// </returns>
    /// <remarks>
    /// Runs the stored weights functionally: no stochastic shift and no dropout (evaluation semantics whatever the
    /// module's mode); LayerNorm and ReLU modules are invoked through <c>call</c>. Gradients flow to the input.
    /// </remarks>
    /// <exception cref="ArgumentException">The input is not (N, C′, L′) with the limits above, or the layer name is unknown.</exception>
    public Tensor EvaluateNeurons(Tensor input, string neuronLayer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layer = NeuronLayer(neuronLayer);
        var depth = _neuronLayers.ToList().IndexOf(layer);
        if (input.dim() != 3 || input.shape[0] == 0 || input.shape[1] < 1 || input.shape[1] > Options.Channels)
        {
            throw new ArgumentException($"Expected a non-empty (N, C, L) tensor with 1 to {Options.Channels} channels but got shape [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (input.shape[2] < layer.ReceptiveField)
        {
            throw new ArgumentException($"Layer {layer.Name} needs inputs of at least {layer.ReceptiveField} positions (its receptive field) but got {input.shape[2]}.", nameof(input));
        }

        using var scope = torch.NewDisposeScope();
        var x = input;
        if (input.shape[1] < Options.Channels)
        {
            var missing = torch.zeros([input.shape[0], Options.Channels - input.shape[1], input.shape[2]], input.dtype, input.device);
            x = torch.cat([input, missing], 1);
        }

        x = nn.functional.conv1d(x, conv1.Weight, null);
        for (var i = 0; i < depth; i++)
        {
            if (i > 0)
            {
                x = pool_layers[i - 1].call(x);
            }

            x = relu_layers[i].call(ln_layers[i].call(x));
            x = nn.functional.conv1d(x, conv_layers[i].Weight, conv_layers[i].Bias);
        }

        return x.MoveToOuterDisposeScope();
    }
}

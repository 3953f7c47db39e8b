namespace Genomics.Interpret.Neurons;

/// <summary>
/// A convolution whose channels are treated as neurons: each channel's pre-activation output at one position is one
/// neuron's value for one receptive-field window of the input.
/// </summary>
/// <param name="Name">The convolution's module path (the neuron layer's name).</param>
/// <param name="ModulePath">The module whose output is read: the convolution, or the batch normalisation that directly follows it.</param>
/// <param name="Channels">The number of neurons.</param>
/// <param name="ReceptiveField">The input positions one output position sees (the window length).</param>
/// <param name="Stride">The input positions between neighbouring output positions.</param>
/// <param name="Depth">The 1-based position of the layer among the model's neuron layers (conv1 = 1).</param>
public sealed record NeuronLayer(string Name, string ModulePath, int Channels, int ReceptiveField, int Stride, int Depth);

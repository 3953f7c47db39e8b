namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// A convolution whose channels are treated as neurons for interpretation (as CombMotif defines them): <c>conv1</c> is the first
/// convolution, <c>convK</c> (K ≥ 2) the convolution of block K−1, taken after the convolution and before dropout,
/// pooling and the next LayerNorm.
/// </summary>
/// <param name="Name">The neuron-layer name, <c>conv1</c>, <c>conv2</c>, ….</param>
/// <param name="ModulePath">The module path as in <c>named_modules()</c> (<c>conv1</c>, <c>conv_layers.0</c>, …), usable with activation capture.</param>
/// <param name="Channels">The number of neurons (channels).</param>
/// <param name="ReceptiveField">The input positions one output position sees; an input this long yields one value per neuron without padding.</param>
public sealed record CnnGruNeuronLayer(string Name, string ModulePath, int Channels, int ReceptiveField);

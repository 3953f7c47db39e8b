using Genomics.Models.Blocks;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// What a <see cref="KerasSequenceModel"/> was imported from: the file, the Keras model class and version, the input
/// shape in Keras layout and the Keras layers in forward order.
/// </summary>
/// <param name="SourcePath">The Keras file the architecture came from.</param>
/// <param name="ModelClass">The Keras model class: <c>Sequential</c>, <c>Model</c> or <c>Functional</c>.</param>
/// <param name="KerasVersion">The file's <c>keras_version</c> attribute, or null.</param>
/// <param name="InputShape">The Keras input shape without the batch axis (null entries where Keras left them open).</param>
/// <param name="Layers">The Keras layers as <c>Class 'name'</c>, in forward order, InputLayer excluded.</param>
/// <param name="OmittedLayers">Layers that have no module because they do nothing at inference (dropout outside a block's dropout slot, linear activations, reshapes that only move singleton axes).</param>
public sealed record KerasModelDescription(
    string SourcePath,
    string ModelClass,
    string? KerasVersion,
    IReadOnlyList<int?> InputShape,
    IReadOnlyList<string> Layers,
    IReadOnlyList<string> OmittedLayers);

/// <summary>
/// A Keras sequential CNN (a <c>Sequential</c> model or a functional <c>Model</c> that is a single chain) imported as a
/// block model (<see cref="BlockSequenceModel{TOptions}"/>): convolution blocks, a flattening and dense blocks with the
/// Keras weights. Being a block model, it gets fast in-silico mutagenesis and local-edit DeepASMM. Built by
/// <see cref="KerasModel.Load(string)"/>.
/// </summary>
/// <remarks>
/// Module paths are the Keras layer names, so <see cref="Abstractions.ISequenceModel.Layers"/> lists the Keras layers
/// by name. Input: one-hot DNA (N, 4, L), whatever the Keras input layout was; output: (N, T) pre-activation values,
/// the Keras model's final sigmoid or softmax recorded in <see cref="Abstractions.SequenceOutputSpec.Activation"/>.
/// </remarks>
public sealed class KerasSequenceModel : BlockSequenceModel<KerasModelDescription>
{
    internal KerasSequenceModel(KerasModelDescription description, BlockArchitecture architecture)
        : base("KerasSequenceModel", description, _ => architecture)
    {
    }
}

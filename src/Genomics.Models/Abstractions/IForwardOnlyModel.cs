namespace Genomics.Models.Abstractions;

/// <summary>
/// Marks a model (or its <see cref="ISequenceModel.Module"/>) that runs forward passes only: it has no autograd graph,
/// so it cannot be differentiated or trained.
/// </summary>
/// <remarks>
/// Engines that need gradients (saliency, DeepLIFT-SHAP, the trainer) refuse such a model with
/// <see cref="ForwardOnlyModelException"/> (<see cref="ForwardOnlyModelException.ThrowIfForwardOnly"/>). They check the
/// model and its module, so a view that returns the inner model's module (<see cref="Adapters.TargetSelection"/>,
/// <see cref="Adapters.ReverseComplementAverage"/>) is refused as well. The forward-only engines (prediction, in-silico
/// mutagenesis, DeepASMM, variant effects, perturbation experiments) accept it.
/// </remarks>
public interface IForwardOnlyModel
{
    /// <summary>What the model is, for error messages, e.g. "an ONNX model (model.onnx) run by ONNX Runtime".</summary>
    string ForwardOnlyDescription { get; }
}

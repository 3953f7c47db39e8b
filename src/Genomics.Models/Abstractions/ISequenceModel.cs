using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// The contract every interpretation engine depends on: a model from (N, C, L) float32 inputs to (N, T) float32
/// pre-activation outputs, with its input and output specifications and its layers.
/// </summary>
/// <remarks>
/// Implementations run their forward pass through TorchSharp's <c>call</c> so that forward hooks (activation capture)
/// fire. <see cref="Module"/> gives engines access to eval/train mode, device moves and parameters.
/// </remarks>
public interface ISequenceModel
{
    /// <summary>The expected input.</summary>
    SequenceInputSpec Input { get; }

    /// <summary>The produced output.</summary>
    SequenceOutputSpec Output { get; }

    /// <summary>The layers engines may inspect (convolutions, pools, activations ...), in forward order.</summary>
    IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The underlying TorchSharp module.</summary>
    nn.Module Module { get; }

    /// <summary>Runs the model.</summary>
    /// <param name="input">Inputs (N, C, L), float32, on the module's device.</param>
    /// <returns>Outputs (N, T), float32, pre-activation. A new tensor; the input is not modified or disposed.</returns>
    Tensor Evaluate(Tensor input);
}

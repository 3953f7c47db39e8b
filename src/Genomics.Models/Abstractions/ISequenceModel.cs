using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// The contract every interpretation engine depends on: a model from (N, C, L) float32 inputs to (N, T) float32
/// pre-activation outputs, with its input and output specifications and its layers.
/// </summary>
/// <remarks>
/// <para>Implementations run their forward pass through TorchSharp's <c>call</c> so that forward hooks (activation capture)
/// fire. <see cref="Module"/> gives engines access to eval/train mode, device moves and parameters.</para>
/// <para><b>Thread safety.</b> A model's mode, device, parameters and hooks are shared by every thread that uses it.
/// The library's engines (prediction, saliency, DeepLIFT-SHAP, ISM, variant effects, perturbations, neurons) set that
/// state only through <see cref="Compute.ModelStateScope"/>, whose per-module gate (keyed on <see cref="Module"/>)
/// makes concurrent engine calls on one model safe: evaluations share evaluation mode and give the results they give
/// one after another, activation capture takes turns, and the model's mode and device are restored when the last call
/// leaves. Training (<see cref="Training.Trainer"/>) and evaluation of the same model at the same time are refused with
/// <see cref="Compute.ModelBusyException"/>. Calling <see cref="Evaluate"/> directly from several threads is safe only
/// while the model is in evaluation mode and nothing changes it; calls on different models never block each other.
/// Wrappers that return an inner model's <see cref="Module"/> share its gate.</para>
/// <para><b>Disposal.</b> Disposing a model releases the native memory of its parameters and buffers, so
/// <c>using var model = ModelCatalog.Load(path);</c> frees it at the end of the scope. The views over another model
/// (<see cref="Adapters.TargetSelection"/>, <see cref="Adapters.ReverseComplementAverage"/>,
/// <see cref="Adapters.PairedAlleleView"/>) release only what they hold themselves and never the model they wrap, which
/// stays its creator's to dispose.</para>
/// </remarks>
public interface ISequenceModel : IDisposable
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

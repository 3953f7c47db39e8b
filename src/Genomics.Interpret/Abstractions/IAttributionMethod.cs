using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>
/// An attribution method: scores every input channel at every position by its contribution to a model output.
/// Method-specific settings are given to the method's constructor (e.g. <c>SaliencyOptions</c>).
/// </summary>
/// <remarks>
/// <para><b>Thread safety.</b> The library's attribution methods may be called from several threads at once, on one model or on several: each of their calls holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>. Implementations outside the library should run their model calls through <see cref="Genomics.Models.Compute.BatchedPredictor"/> or a <see cref="Genomics.Models.Compute.ModelStateScope"/> to keep this contract.</para>
/// </remarks>
public interface IAttributionMethod
{
    /// <summary>A short name for reports (e.g. "saliency", "deeplift-shap", "ism").</summary>
    string Name { get; }

    /// <summary>Computes attributions.</summary>
    /// <param name="model">The model; its device and training mode are restored afterwards.</param>
    /// <param name="sequences">Inputs (N, C, L) on the CPU, matching <see cref="ISequenceModel.Input"/>; not modified.</param>
    /// <param name="target">The output to explain.</param>
    /// <param name="context">Device, batch size, seed and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives (stage, examples done, N); optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The attributions, on the CPU; the caller disposes the result.</returns>
    /// <exception cref="ArgumentException">The inputs or target do not fit the model, or the model is not supported by the method.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    AttributionResult Attribute(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default);
}

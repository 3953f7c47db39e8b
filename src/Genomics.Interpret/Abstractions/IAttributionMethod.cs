using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>
/// An attribution method: scores every input channel at every position by its contribution to a model output.
/// Method-specific settings are given to the method's constructor (e.g. <c>SaliencyOptions</c>).
/// </summary>
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

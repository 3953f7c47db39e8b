using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret;

/// <summary>
/// One-liners for the common attributions, in the spirit of tangermeme's functions:
/// <c>Attributions.DeepLiftShap(model, x, target: 0, references: 20)</c>,
/// <c>Attributions.Saliency(model, x, target: 0)</c>, <c>Attributions.SaturationMutagenesis(model, x, target: 0)</c>.
/// </summary>
/// <remarks>
/// <para>Each is a thin wrapper over its engine (<see cref="DeepLift.DeepLiftShap"/>, <see cref="Gradients.Saliency"/>,
/// <see cref="InSilicoMutagenesis"/>) and returns exactly what the engine returns for the same settings; use the engines
/// with their options records for everything the one-liners leave at the defaults.</para>
/// <para>A target given as an <see cref="int"/> is <see cref="AttributionTarget.Output"/> of that index. The optional
/// <c>context</c> (device, batch size, seed, logging; <see cref="ComputeContext.Default"/> when null),
/// <c>progress</c> and <c>cancellationToken</c> go to the engine unchanged. The caller owns the returned result and
/// disposes it.</para>
/// </remarks>
public static class Attributions
{
    /// <summary>DeepLIFT-SHAP: DeepLIFT averaged over <paramref name="references"/> references per example
    /// (dinucleotide shuffles for one-hot inputs, zeros for tracks), with hypothetical scores for one-hot inputs.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">The inputs (N, C, L).</param>
    /// <param name="target">The output index attributed.</param>
    /// <param name="references">K, references per example; at least 1. Default 20.</param>
    /// <param name="context">Device, batch size, reference seed and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new DeepLiftShap(new DeepLiftShapOptions { References = references }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="references"/> is below 1, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model.</exception>
    public static AttributionResult DeepLiftShap(ISequenceModel model, Tensor sequences, int target, int references = 20, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DeepLiftShap(model, sequences, AttributionTarget.Output(target), references, context, progress, cancellationToken);

    /// <summary>DeepLIFT-SHAP of any target (a sum of outputs, per-example outputs, a named output).</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">The inputs (N, C, L).</param>
    /// <param name="target">What is attributed.</param>
    /// <param name="references">K, references per example; at least 1. Default 20.</param>
    /// <param name="context">Device, batch size, reference seed and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new DeepLiftShap(new DeepLiftShapOptions { References = references }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="references"/> is below 1, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model.</exception>
    public static AttributionResult DeepLiftShap(ISequenceModel model, Tensor sequences, AttributionTarget target, int references = 20, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new DeepLift.DeepLiftShap(new DeepLiftShapOptions { References = references }).Attribute(model, sequences, target, context, progress, cancellationToken);

    /// <summary>Gradient attributions: the input gradient (default), gradient × input or integrated gradients.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">The inputs (N, C, L).</param>
    /// <param name="target">The output index attributed.</param>
    /// <param name="method">Which gradient attribution; default <see cref="SaliencyMethod.Gradient"/>.</param>
    /// <param name="context">Device, batch size, seed and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new Saliency(new SaliencyOptions { Method = method }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is unknown, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model.</exception>
    public static AttributionResult Saliency(ISequenceModel model, Tensor sequences, int target, SaliencyMethod method = SaliencyMethod.Gradient, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Saliency(model, sequences, AttributionTarget.Output(target), method, context, progress, cancellationToken);

    /// <summary>Gradient attributions of any target.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">The inputs (N, C, L).</param>
    /// <param name="target">What is attributed.</param>
    /// <param name="method">Which gradient attribution; default <see cref="SaliencyMethod.Gradient"/>.</param>
    /// <param name="context">Device, batch size, seed and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new Saliency(new SaliencyOptions { Method = method }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is unknown, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model.</exception>
    public static AttributionResult Saliency(ISequenceModel model, Tensor sequences, AttributionTarget target, SaliencyMethod method = SaliencyMethod.Gradient, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new Gradients.Saliency(new SaliencyOptions { Method = method }).Attribute(model, sequences, target, context, progress, cancellationToken);

    /// <summary>Saturation (in-silico) mutagenesis of one-hot inputs: every single-base substitution in the window,
    /// scored as the change of the target output; mean-centred per position, with the raw changes as hypothetical scores.</summary>
    /// <param name="model">The model (one-hot input).</param>
    /// <param name="sequences">One-hot inputs (N, 4, L).</param>
    /// <param name="target">The output index attributed.</param>
    /// <param name="start">First position mutated (inclusive); null for 0.</param>
    /// <param name="end">End of the mutated window (exclusive); null for the sequence length.</param>
    /// <param name="context">Device, batch size and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = start, End = end }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The window lies outside the sequence, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model, or the model does not take one-hot input.</exception>
    public static AttributionResult SaturationMutagenesis(ISequenceModel model, Tensor sequences, int target, int? start = null, int? end = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SaturationMutagenesis(model, sequences, AttributionTarget.Output(target), start, end, context, progress, cancellationToken);

    /// <summary>Saturation (in-silico) mutagenesis of any target.</summary>
    /// <param name="model">The model (one-hot input).</param>
    /// <param name="sequences">One-hot inputs (N, 4, L).</param>
    /// <param name="target">What is attributed.</param>
    /// <param name="start">First position mutated (inclusive); null for 0.</param>
    /// <param name="end">End of the mutated window (exclusive); null for the sequence length.</param>
    /// <param name="context">Device, batch size and logging; defaults when null.</param>
    /// <param name="progress">Receives batch progress.</param>
    /// <param name="cancellationToken">Cancels the run between batches.</param>
    /// <returns>The same result as <c>new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = start, End = end }).Attribute(...)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The window lies outside the sequence, or the target is out of range.</exception>
    /// <exception cref="ArgumentException">The inputs do not fit the model, or the model does not take one-hot input.</exception>
    public static AttributionResult SaturationMutagenesis(ISequenceModel model, Tensor sequences, AttributionTarget target, int? start = null, int? end = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = start, End = end }).Attribute(model, sequences, target, context, progress, cancellationToken);
}

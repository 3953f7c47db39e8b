using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// A model whose forward pass is an ordered list of position-local stages (convolutions, pools, batch normalisation,
/// activations) followed by a head that sees the whole final feature map: <c>Evaluate(x) = EvaluateHead(stageₖ(…stage₁(x)))</c>
/// in evaluation mode.
/// </summary>
/// <remarks>
/// Engines use it to recompute only what a local edit of the input changes (fast in-silico mutagenesis). Implemented by
/// Basset, DeepDifE and the NeuronMotif demo models; models with reverse-complement concatenation, residual
/// connections, recurrent layers or separate branches do not implement it.
/// </remarks>
public interface IConvolutionalTrunk
{
    /// <summary>The trunk's stages in forward order.</summary>
    IReadOnlyList<TrunkStage> TrunkStages { get; }

    /// <summary>Runs the head (flatten, dense layers) on the trunk's final feature map.</summary>
    /// <param name="features">The output of the last stage, (N, C, L').</param>
    /// <returns>Model outputs (N, T), pre-activation, as <see cref="ISequenceModel.Evaluate"/> returns them.</returns>
    Tensor EvaluateHead(Tensor features);
}

using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// A model whose forward pass is an ordered list of position-local stages (convolutions, pools, batch normalisation,
/// activations, residual blocks of such stages) followed by a head that sees the whole final feature map:
/// <c>Evaluate(x) = EvaluateHead(stageₖ(…stage₁(InputLayout.Prepare(x))))</c> in evaluation mode.
/// </summary>
/// <remarks>
/// Engines use it to recompute only what a local edit of the input changes (fast in-silico mutagenesis, DeepASMM).
/// Implemented by every <see cref="Blocks.BlockSequenceModel{TOptions}"/>, which derives the stages from its blocks
/// (Basset, DeepDifE, the NeuronMotif demo models), and by hand by DeepAllele's single-allele model and the
/// <see cref="Adapters.PairedAlleleView"/> of DeepAllele's paired model (residual blocks, reverse-complement
/// concatenation, two allele lanes); models with recurrent layers, attention or separate branches do not implement it.
/// </remarks>
public interface IConvolutionalTrunk
{
    /// <summary>The trunk's stages in forward order, run on every lane of the trunk input.</summary>
    IReadOnlyList<TrunkStage> TrunkStages { get; }

    /// <summary>How the model input becomes the trunk input; <see cref="TrunkInputLayout.Identity"/> unless overridden.</summary>
    TrunkInputLayout InputLayout => TrunkInputLayout.Identity;

    /// <summary>Runs the head (flatten, dense layers) on the trunk's final feature map.</summary>
    /// <param name="features">The output of the last stage, (N · lanes, C, L'), lane-minor.</param>
    /// <returns>Model outputs (N, T), pre-activation, as <see cref="ISequenceModel.Evaluate"/> returns them.</returns>
    Tensor EvaluateHead(Tensor features);
}

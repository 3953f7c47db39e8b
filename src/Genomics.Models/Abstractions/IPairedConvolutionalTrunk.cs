using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// A paired model (<see cref="IPairedSequenceModel"/>) whose two sides run through one shared convolutional trunk of
/// position-local stages and meet only in the head: <c>Evaluate(a, b) = EvaluateHead(trunk(SideLayout.Prepare(a)),
/// trunk(SideLayout.Prepare(b)))</c> in evaluation mode.
/// </summary>
/// <remarks>
/// <see cref="Adapters.PairedAlleleView"/> turns it into an <see cref="IConvolutionalTrunk"/> with one lane per side, so
/// local-edit engines (fast ISM) work on the varying side. Implemented by DeepAllele's paired model.
/// </remarks>
public interface IPairedConvolutionalTrunk
{
    /// <summary>The shared trunk's stages in forward order.</summary>
    IReadOnlyList<TrunkStage> TrunkStages { get; }

    /// <summary>How one side's input (N, C, L) becomes its trunk input; a single-lane layout.</summary>
    TrunkInputLayout SideLayout { get; }

    /// <summary>Runs the head on both sides' final feature maps.</summary>
    /// <param name="first">The first side's trunk output (N, C', L').</param>
    /// <param name="second">The second side's trunk output (N, C', L').</param>
    /// <returns>Model outputs (N, T), as <see cref="IPairedSequenceModel.Evaluate"/> returns them.</returns>
    Tensor EvaluateHead(Tensor first, Tensor second);
}

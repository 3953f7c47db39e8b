namespace Genomics.Interpret.Asmm;

/// <summary>How <see cref="DeepAsmm"/> evaluates the perturbed inputs.</summary>
public enum DeepAsmmAlgorithm
{
    /// <summary>Local-edit evaluation when the model describes its trunk (<see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/>), the batched full forward pass otherwise (logged).</summary>
    Auto,

    /// <summary>Run the whole model on every perturbed input, in batches.</summary>
    Naive,

    /// <summary>
    /// Compute each background sample's (and the all-zero input's) trunk activations once and recompute every trunk stage
    /// only inside the reach of the erased or placed motif; the model must implement
    /// <see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/> (otherwise an argument error).
    /// </summary>
    Fast,
}

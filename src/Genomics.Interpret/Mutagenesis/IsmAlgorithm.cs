namespace Genomics.Interpret.Mutagenesis;

/// <summary>How <see cref="InSilicoMutagenesis"/> evaluates the substituted sequences.</summary>
public enum IsmAlgorithm
{
    /// <summary>Fast ISM when the model describes its trunk (<see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/>), naive otherwise (logged).</summary>
    Auto,

    /// <summary>Run the whole model on every substituted sequence, in batches.</summary>
    Naive,

    /// <summary>
    /// Recompute each trunk stage only inside the substitution's reach, reusing the reference activations elsewhere;
    /// the model must implement <see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/> (otherwise an argument error).
    /// </summary>
    Fast,
}

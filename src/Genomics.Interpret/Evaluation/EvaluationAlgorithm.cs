namespace Genomics.Interpret.Evaluation;

/// <summary>
/// How an engine that evaluates a model on local edits of reference inputs (in-silico mutagenesis, DeepASMM, paired
/// allele mutagenesis) runs the edited inputs. Both algorithms give the same outputs up to float32 rounding.
/// </summary>
/// <remarks>
/// The command line also accepts the earlier names of the values: <c>Naive</c> for <see cref="Full"/> and <c>Fast</c>
/// for <see cref="LocalEdits"/>.
/// </remarks>
public enum EvaluationAlgorithm
{
    /// <summary>
    /// <see cref="LocalEdits"/> when the model describes its convolutional trunk
    /// (<see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/>), <see cref="Full"/> otherwise (logged).
    /// </summary>
    Auto,

    /// <summary>Run the whole model on every edited input, in batches (formerly "naive").</summary>
    Full,

    /// <summary>
    /// Compute each reference input's trunk activations once and recompute every trunk stage only inside the reach of
    /// the edited columns (formerly "fast"; the idea of fastISM, Nair et al. 2022); the model must implement
    /// <see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/> (otherwise an argument error).
    /// </summary>
    LocalEdits,
}

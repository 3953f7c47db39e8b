using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>Inputs and targets for the <see cref="Trainer"/>, both on the CPU; the caller keeps ownership.</summary>
/// <param name="Inputs">Inputs (N, C, L), any numeric dtype (cast to float32 per batch).</param>
/// <param name="Targets">Targets with N rows in the layout the loss expects: (N, T) values, or (N) class indices for cross-entropy.</param>
public sealed record TrainingSet(Tensor Inputs, Tensor Targets)
{
    /// <summary>The number of examples N.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>Checks that inputs and targets have the same number of rows.</summary>
    /// <param name="parameterName">The caller's parameter name.</param>
    /// <exception cref="ArgumentException">The counts differ or the set is empty.</exception>
    public void Validate(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(Inputs, parameterName);
        ArgumentNullException.ThrowIfNull(Targets, parameterName);
        if (Inputs.shape[0] == 0)
        {
            throw new ArgumentException("The set is empty.", parameterName);
        }

        if (Targets.shape[0] != Inputs.shape[0])
        {
            throw new ArgumentException($"{Inputs.shape[0]} inputs but {Targets.shape[0]} targets.", parameterName);
        }
    }
}

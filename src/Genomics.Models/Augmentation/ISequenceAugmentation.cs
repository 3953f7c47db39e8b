using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// One random transformation of a batch of one-hot DNA sequences, used for batch-time data augmentation
/// (<see cref="EvoAugPolicy"/>). Implementations are immutable and draw every random number from the generator they
/// are given, so the same generator state gives the same result.
/// </summary>
/// <remarks>
/// Input and output are (N, C = 4, L) float32 CPU tensors in A, C, G, T channel order; the input is never modified and
/// the output is a new tensor with N rows and length L + <see cref="AddedLength"/>.
/// </remarks>
public interface ISequenceAugmentation
{
    /// <summary>Gets a short name for logs and tests (e.g. "insertion").</summary>
    string Name { get; }

    /// <summary>Gets how many positions the augmentation adds to every sequence (0 when it keeps the length).</summary>
    int AddedLength { get; }

    /// <summary>Applies the augmentation.</summary>
    /// <param name="batch">One-hot sequences (N, 4, L), float32, on the CPU; not modified.</param>
    /// <param name="random">The source of every random draw.</param>
    /// <returns>A new tensor (N, 4, L + <see cref="AddedLength"/>), float32, on the CPU; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The batch is not a non-empty (N, 4, L) float32 CPU tensor, or is too short for the augmentation.</exception>
    Tensor Apply(Tensor batch, Random random);
}

using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>One batch produced by a <see cref="PhyloAugBatchGenerator"/>; owns its tensors.</summary>
public sealed class PhyloAugBatch : IDisposable
{
    internal PhyloAugBatch(Tensor inputs, Tensor targets, IReadOnlyList<PhyloAugChoice> choices)
    {
        Inputs = inputs;
        Targets = targets;
        Choices = choices;
    }

    /// <summary>Gets the augmented inputs (N, 4, L), float32, on the CPU.</summary>
    public Tensor Inputs { get; }

    /// <summary>Gets the targets of the batch rows (N rows of the training set's targets).</summary>
    public Tensor Targets { get; }

    /// <summary>Gets what was done with each row (training-set row, substituted ortholog, strand).</summary>
    public IReadOnlyList<PhyloAugChoice> Choices { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}

using Genomics.Models.Abstractions;

namespace Genomics.Models.Blocks;

/// <summary>
/// The one description of a block model (<see cref="BlockSequenceModel{TOptions}"/>): its input and output, the
/// convolution blocks of its trunk, how the trunk's last feature map is flattened, and the dense blocks of its head.
/// </summary>
public sealed class BlockArchitecture
{
    /// <summary>Creates a description.</summary>
    /// <param name="input">The expected input (N, C, L).</param>
    /// <param name="output">The produced output (N, T).</param>
    /// <param name="trunk">The convolution blocks in forward order; at least one.</param>
    /// <param name="flattening">How the trunk's output (N, C, L') becomes the head's input.</param>
    /// <param name="head">The dense blocks in forward order, the output layer last; empty when the flattened trunk output is the model output.</param>
    /// <exception cref="ArgumentNullException">An argument or a block is null.</exception>
    /// <exception cref="ArgumentException">The trunk is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flattening"/> is not a defined value.</exception>
    public BlockArchitecture(SequenceInputSpec input, SequenceOutputSpec output, IReadOnlyList<ConvolutionBlock> trunk, FeatureFlattening flattening, IReadOnlyList<DenseBlock> head)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(trunk);
        ArgumentNullException.ThrowIfNull(head);
        if (trunk.Count == 0)
        {
            throw new ArgumentException("A block model needs at least one convolution block.", nameof(trunk));
        }

        if (!Enum.IsDefined(flattening))
        {
            throw new ArgumentOutOfRangeException(nameof(flattening), flattening, "Unknown flattening.");
        }

        Input = input;
        Output = output;
        Trunk = trunk.Select(b => b ?? throw new ArgumentNullException(nameof(trunk), "A trunk block is null.")).ToArray();
        Flattening = flattening;
        Head = head.Select(b => b ?? throw new ArgumentNullException(nameof(head), "A head block is null.")).ToArray();
    }

    /// <summary>The expected input.</summary>
    public SequenceInputSpec Input { get; }

    /// <summary>The produced output.</summary>
    public SequenceOutputSpec Output { get; }

    /// <summary>The trunk's convolution blocks in forward order.</summary>
    public IReadOnlyList<ConvolutionBlock> Trunk { get; }

    /// <summary>How the trunk's output is flattened.</summary>
    public FeatureFlattening Flattening { get; }

    /// <summary>The head's dense blocks in forward order.</summary>
    public IReadOnlyList<DenseBlock> Head { get; }

    /// <summary>Every module with its path: the trunk's, then the head's, each block in forward order.</summary>
    public IEnumerable<(string Name, TorchSharp.torch.nn.Module Module)> Modules =>
        Trunk.SelectMany(b => b.Modules).Concat(Head.SelectMany(b => b.Modules));
}

namespace Genomics.Models.Architectures.NeuronMotifDemo;

/// <summary>
/// Hyper-parameters of <see cref="NeuronMotifDemoModel"/>: the input length and a stack of convolution blocks.
/// <see cref="Demo1"/> and <see cref="Demo2"/> are the two toy models of NeuronMotif (Wei et al., PNAS 2023;
/// wzthu/NeuronMotif <c>demos/demo1</c>, <c>demos/demo2</c>). The defaults equal <see cref="Demo2"/>.
/// </summary>
public sealed record NeuronMotifDemoOptions
{
    /// <summary>Demo 1: 8-nt input; Conv 3×5 → ReLU → max-pool 2; Conv 1×2 → sigmoid (one output).</summary>
    public static NeuronMotifDemoOptions Demo1 { get; } = new()
    {
        InputLength = 8,
        ConvLayers = [new(3, 5, PoolSize: 2), new(1, 2)],
    };

    /// <summary>
    /// Demo 2: 82-nt input; Conv 5×7, 5×3, 6×3, 6×3, each → BatchNorm → ReLU → max-pool 2; Conv 1×3 → BatchNorm →
    /// sigmoid (one output).
    /// </summary>
    public static NeuronMotifDemoOptions Demo2 { get; } = new();

    /// <summary>Input length L in nucleotides. Default 82.</summary>
    public int InputLength { get; init; } = 82;

    /// <summary>
    /// The convolution blocks in order. Every block but the last ends with a ReLU; the last block's output is the
    /// model's logit (its sigmoid is the output activation). Default: the five blocks of <see cref="Demo2"/>.
    /// </summary>
    public IReadOnlyList<NeuronMotifConvLayer> ConvLayers { get; init; } =
    [
        new(5, 7, BatchNorm: true, PoolSize: 2),
        new(5, 3, BatchNorm: true, PoolSize: 2),
        new(6, 3, BatchNorm: true, PoolSize: 2),
        new(6, 3, BatchNorm: true, PoolSize: 2),
        new(1, 3, BatchNorm: true),
    ];

    /// <summary>Batch-normalisation epsilon (Keras' default 1e-3, not PyTorch's 1e-5). Default 1e-3; positive.</summary>
    public double BatchNormEpsilon { get; init; } = 1e-3;

    /// <summary>Batch-normalisation momentum in PyTorch's convention (1 − Keras momentum 0.99). Default 0.01; in (0, 1].</summary>
    public double BatchNormMomentum { get; init; } = 0.01;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range, or the blocks shrink the input to nothing.</exception>
    public NeuronMotifDemoOptions Validate()
    {
        if (InputLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InputLength), InputLength, "InputLength must be at least 1.");
        }

        if (ConvLayers is null || ConvLayers.Count == 0 || ConvLayers.Any(l => l is null || l.Filters < 1 || l.KernelSize < 1 || l.PoolSize < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConvLayers), "At least one block is required; filters, kernel size and pool size must all be at least 1.");
        }

        if (OutputLength() < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ConvLayers), $"The blocks shrink an input of length {InputLength} to nothing.");
        }

        if (!(BatchNormEpsilon > 0) || !double.IsFinite(BatchNormEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormEpsilon), BatchNormEpsilon, "BatchNormEpsilon must be positive and finite.");
        }

        if (BatchNormMomentum is <= 0 or > 1 || double.IsNaN(BatchNormMomentum))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormMomentum), BatchNormMomentum, "BatchNormMomentum must be in (0, 1].");
        }

        return this;
    }

    /// <summary>The length after the last block (0 or less when the blocks do not fit the input).</summary>
    /// <returns>1 for both demos.</returns>
    public int OutputLength()
    {
        var length = InputLength;
        foreach (var layer in ConvLayers)
        {
            length -= layer.KernelSize - 1;
            if (length < layer.PoolSize)
            {
                return 0;
            }

            length /= layer.PoolSize;
        }

        return length;
    }
}

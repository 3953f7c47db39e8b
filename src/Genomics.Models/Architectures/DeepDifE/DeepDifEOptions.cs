namespace Genomics.Models.Architectures.DeepDifE;

/// <summary>
/// Hyper-parameters of <see cref="DeepDifEModel"/>; <see cref="Published"/> is the configuration of the published
/// ABA model (Opdebeeck et al., bioRxiv 2025; VIB-PSB/DeepDifE <c>get_tf_model</c>).
/// </summary>
public sealed record DeepDifEOptions
{
    /// <summary>
    /// The published configuration: 620-nt input (600-nt promoter + 20 nt of augmentation padding), 64 filters of
    /// width 12, max-pool 6, two extra stride-6 convolutions with 64 and 32 filters, dense 256 and 128, dropout 0.25.
    /// </summary>
    public static DeepDifEOptions Published { get; } = new();

    /// <summary>Input length L in nucleotides. Default 620 (the PhyloAug recipe trains without padding at 600).</summary>
    public int InputLength { get; init; } = 620;

    /// <summary>Width of the first convolution (the builder's <c>kernel_size</c>). Default 12; the search space is 8–24.</summary>
    public int KernelLength { get; init; } = 12;

    /// <summary>Number of convolutions, the first included (the builder's <c>number_of_convolutions</c>). Default 3; at least 1.</summary>
    public int ConvLayers { get; init; } = 3;

    /// <summary>
    /// Filters of the first convolution (the builder's <c>number_of_filters</c>). Default 64. The i-th extra
    /// convolution (i = 1, 2, …) has <c>FirstFilters / 2^(i−1)</c> filters (see <see cref="ExtraConvFilters"/>).
    /// </summary>
    public int FirstFilters { get; init; } = 64;

    /// <summary>Max-pool window and stride after the first convolution (floor mode). Default 6.</summary>
    public int PoolSize { get; init; } = 6;

    /// <summary>Width of every extra convolution. Default 6.</summary>
    public int ExtraConvKernelSize { get; init; } = 6;

    /// <summary>Stride of every extra convolution, which pads like Keras <c>'same'</c>. Default 6.</summary>
    public int ExtraConvStride { get; init; } = 6;

    /// <summary>Units of the first hidden dense layer. Default 256.</summary>
    public int FirstDenseUnits { get; init; } = 256;

    /// <summary>Units of the second hidden dense layer (the original uses half the first). Default 128.</summary>
    public int SecondDenseUnits { get; init; } = 128;

    /// <summary>Dropout probability after the pool, after each extra convolution and after the first dense layer, in [0, 1). Default 0.25.</summary>
    public double Dropout { get; init; } = 0.25;

    /// <summary>
    /// L2 penalty coefficient on the kernels of every convolution and hidden dense layer (not the output layer, not
    /// biases). Default 1e-6. A TRAINING option: the model itself never applies it. The original adds
    /// <c>KernelL2 · Σ w²</c> to the loss; coupled Adam weight decay of <c>2 · KernelL2</c> gives the same gradient
    /// (it also decays biases and the output layer, a negligible difference at this size).
    /// </summary>
    public double KernelL2 { get; init; } = 1e-6;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range, or the layers shrink the input to nothing.</exception>
    public DeepDifEOptions Validate()
    {
        RequirePositive(KernelLength, nameof(KernelLength));
        RequirePositive(ConvLayers, nameof(ConvLayers));
        RequirePositive(FirstFilters, nameof(FirstFilters));
        RequirePositive(PoolSize, nameof(PoolSize));
        RequirePositive(ExtraConvKernelSize, nameof(ExtraConvKernelSize));
        RequirePositive(ExtraConvStride, nameof(ExtraConvStride));
        RequirePositive(FirstDenseUnits, nameof(FirstDenseUnits));
        RequirePositive(SecondDenseUnits, nameof(SecondDenseUnits));
        if (InputLength < KernelLength + PoolSize - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InputLength), InputLength, $"InputLength must be at least KernelLength + PoolSize − 1 = {KernelLength + PoolSize - 1} so that one pooled position remains.");
        }

        if (ConvLayers > 1 && (ConvLayers - 2 >= 31 || FirstFilters >> (ConvLayers - 2) < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConvLayers), ConvLayers, $"With FirstFilters = {FirstFilters} the last extra convolution would have no filter (FirstFilters / 2^(ConvLayers − 2) must be at least 1).");
        }

        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        if (KernelL2 < 0 || !double.IsFinite(KernelL2))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelL2), KernelL2, "KernelL2 must be finite and non-negative.");
        }

        return this;
    }

    /// <summary>Filters of the i-th extra convolution: <c>FirstFilters / 2^(i−1)</c> (integer division, as Keras truncates).</summary>
    /// <param name="index">The extra convolution, 1 to <see cref="ConvLayers"/> − 1.</param>
    /// <returns>The number of filters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public int ExtraConvFilters(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, ConvLayers - 1);
        return FirstFilters >> (index - 1);
    }

    /// <summary>Keras <c>'same'</c> padding of an extra convolution for a given input length.</summary>
    /// <param name="length">The input length n, at least 1.</param>
    /// <returns>
    /// The zeros added on the left and right and the output length: output <c>ceil(n / s)</c>, total padding
    /// <c>max((output − 1)·s + k − n, 0)</c>, left <c>total / 2</c> (rounded down), the extra element on the right.
    /// </returns>
    public (int Left, int Right, int Output) ExtraConvPadding(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var output = (length + ExtraConvStride - 1) / ExtraConvStride;
        var total = Math.Max((output - 1) * ExtraConvStride + ExtraConvKernelSize - length, 0);
        return (total / 2, total - total / 2, output);
    }

    /// <summary>The length after the first convolution and the pool.</summary>
    /// <returns>(InputLength − KernelLength + 1) / PoolSize, rounded down.</returns>
    public int PooledLength() => (InputLength - KernelLength + 1) / PoolSize;

    /// <summary>The number of features the first dense layer sees: final length × filters of the last convolution.</summary>
    /// <returns>96 for the published configuration (3 positions × 32 filters).</returns>
    public int FlattenedFeatures()
    {
        var length = PooledLength();
        for (var i = 1; i < ConvLayers; i++)
        {
            length = ExtraConvPadding(length).Output;
        }

        return length * (ConvLayers == 1 ? FirstFilters : ExtraConvFilters(ConvLayers - 1));
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}

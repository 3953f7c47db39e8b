namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// Hyper-parameters of <see cref="CnnGruModel"/>, the Saluki-style CNN + GRU that CombMotif (Zeng et al., Bioinformatics
/// 2024) trains and interprets. <see cref="HalfLife"/> and <see cref="MeanRibosomeLoad"/> are its two published configurations.
/// </summary>
/// <remarks>
/// Two behaviours of the original code are kept or changed on purpose (zengxc-thu/combmotif, Saluki):
/// <list type="bullet">
/// <item><see cref="Direction"/> defaults to CombMotif's forward GRU read to its last step, for weight compatibility;
/// <see cref="GruDirection.Backward"/> gives the original Keras Saluki <c>go_backwards</c> reading.</item>
/// <item><see cref="BatchNormMomentum"/> defaults to the intended PyTorch momentum 0.1 (Saluki's Keras momentum 0.9);
/// CombMotif passes 0.90 straight to PyTorch, which makes the running statistics follow almost only the last batch —
/// set <see cref="CombMotifBatchNormMomentum"/> to reproduce its training exactly. The momentum only affects training.</item>
/// </list>
/// </remarks>
public sealed record CnnGruOptions
{
    /// <summary>The BatchNorm momentum CombMotif's code passes to PyTorch (0.90), to reproduce its training exactly.</summary>
    public const double CombMotifBatchNormMomentum = 0.9;

    /// <summary>
    /// The mRNA half-life predictor: 6 × 12,288 input (A, C, G, T, coding frame, splice sites), no padding, 6 blocks,
    /// 64 filters of width 5, dropout 0.2, stochastic shift up to 3; 155,521 parameters.
    /// </summary>
    public static CnnGruOptions HalfLife { get; } = new();

    /// <summary>
    /// The 5′ UTR mean-ribosome-load predictor: 4 × 50 one-hot input, 'same' padding 2, 3 blocks, otherwise as
    /// <see cref="HalfLife"/>; 92,865 parameters.
    /// </summary>
    public static CnnGruOptions MeanRibosomeLoad { get; } = new()
    {
        ChannelNames = ["A", "C", "G", "T"],
        Length = 50,
        Padding = 2,
        Blocks = 3,
        TargetNames = ["mean_ribosome_load"],
    };

    /// <summary>
    /// Input channel names, in order. Exactly A, C, G, T makes a one-hot input; anything else (the half-life model's
    /// extra tracks) makes a track input. Default A, C, G, T, coding_frame, splice_site.
    /// </summary>
    public IReadOnlyList<string> ChannelNames { get; init; } = ["A", "C", "G", "T", "coding_frame", "splice_site"];

    /// <summary>Input length L, ≥ 1; it must leave at least one GRU step. Default 12,288.</summary>
    public int Length { get; init; } = 12_288;

    /// <summary>Filters of every convolution and GRU hidden size, ≥ 1. Default 64.</summary>
    public int Filters { get; init; } = 64;

    /// <summary>Width of every convolution, ≥ 1. Default 5.</summary>
    public int KernelSize { get; init; } = 5;

    /// <summary>Zero padding on each side of every convolution (the first and the block convolutions), in [0, <see cref="KernelSize"/>). Default 0; 2 is 'same' for width 5.</summary>
    public int Padding { get; init; }

    /// <summary>Number of blocks LayerNorm → ReLU → Conv → Dropout → MaxPool 2, ≥ 0. Default 6.</summary>
    public int Blocks { get; init; } = 6;

    /// <summary>LayerNorm variance floor, &gt; 0. Default 0.007.</summary>
    public double LayerNormEpsilon { get; init; } = 0.007;

    /// <summary>Dropout probability after every block convolution and after the penultimate dense layer, in [0, 1). Default 0.2 (as trained; CombMotif's class default is 0.1).</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>Largest training-time right shift of the input, ≥ 0 (0 disables it). Default 3.</summary>
    public int AugmentShift { get; init; } = 3;

    /// <summary>How the GRU reads the sequence. Default <see cref="GruDirection.Forward"/> (CombMotif).</summary>
    public GruDirection Direction { get; init; } = GruDirection.Forward;

    /// <summary>PyTorch BatchNorm momentum (weight of the new batch in the running statistics), in (0, 1]. Default 0.1; CombMotif used <see cref="CombMotifBatchNormMomentum"/>.</summary>
    public double BatchNormMomentum { get; init; } = 0.1;

    /// <summary>BatchNorm variance floor, &gt; 0. Default 1e-5 (PyTorch's default, as in CombMotif).</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;

    /// <summary>Names of the regression targets T. Default half_life.</summary>
    public IReadOnlyList<string> TargetNames { get; init; } = ["half_life"];

    /// <summary>The number of input channels C.</summary>
    public int Channels => ChannelNames.Count;

    /// <summary>The number of GRU steps: the length after the first convolution and every block (convolution, then max-pool 2).</summary>
    public int GruSteps => LengthAfter(Blocks);

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public CnnGruOptions Validate()
    {
        if (ChannelNames is null || ChannelNames.Count == 0 || ChannelNames.Any(string.IsNullOrWhiteSpace) || ChannelNames.Distinct(StringComparer.Ordinal).Count() != ChannelNames.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelNames), "At least one channel is required; names must be non-blank and unique.");
        }

        if (TargetNames is null || TargetNames.Count == 0 || TargetNames.Any(string.IsNullOrWhiteSpace) || TargetNames.Distinct(StringComparer.Ordinal).Count() != TargetNames.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(TargetNames), "At least one target is required; names must be non-blank and unique.");
        }

        RequireAtLeast(Filters, 1, nameof(Filters));
        RequireAtLeast(KernelSize, 1, nameof(KernelSize));
        RequireAtLeast(Blocks, 0, nameof(Blocks));
        RequireAtLeast(AugmentShift, 0, nameof(AugmentShift));
        if (Padding < 0 || Padding >= KernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, $"Padding must be in [0, KernelSize = {KernelSize}).");
        }

        if (Length < 1 || GruSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), Length, $"Length must leave at least one GRU step after the first convolution and {Blocks} blocks of convolution (width {KernelSize}, padding {Padding}) and max-pool 2.");
        }

        RequirePositive(LayerNormEpsilon, nameof(LayerNormEpsilon));
        RequirePositive(BatchNormEpsilon, nameof(BatchNormEpsilon));
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        if (!(BatchNormMomentum > 0 && BatchNormMomentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormMomentum), BatchNormMomentum, "The momentum must be in (0, 1].");
        }

        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentOutOfRangeException(nameof(Direction), Direction, "Unknown GRU direction.");
        }

        return this;
    }

    /// <summary>The length after the first convolution and <paramref name="blocks"/> blocks; 0 or less when the input is too short.</summary>
    /// <param name="blocks">Blocks applied, in [0, <see cref="Blocks"/>].</param>
    /// <returns>The length, or a value below 1 when a layer would receive too short an input.</returns>
    internal int LengthAfter(int blocks)
    {
        var length = ConvolutionOutput(Length);
        for (var b = 0; b < blocks && length >= 1; b++)
        {
            length = ConvolutionOutput(length) / 2;
        }

        return length;
    }

    private int ConvolutionOutput(int length) => length + (2 * Padding) - KernelSize + 1;

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }
}

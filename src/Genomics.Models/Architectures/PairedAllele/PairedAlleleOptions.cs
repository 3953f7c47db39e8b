using Genomics.Models.Layers;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>
/// Hyper-parameters of <see cref="PairedAlleleModel"/> and <see cref="SingleAlleleModel"/>, DeepAllele's residual CNN
/// (Tu, Sasse, Chowdhary et al., bioRxiv 2025). <see cref="Atac"/>, <see cref="Chip"/> and <see cref="Rna"/> are the
/// configurations of the paper (Muquesting/DeepAllele-public).
/// </summary>
/// <remarks>
/// Every length below counts positions of the concatenation of an allele with its reverse complement (2L). DeepAllele's
/// ATAC training script defaults to 256 first-layer kernels and hidden units; the presets follow the paper's table (512).
/// </remarks>
public sealed record PairedAlleleOptions
{
    /// <summary>ATAC-seq: L 330, K0 512 width 15, F 256 width 5, average-pool 4, D 4, H 512, 2 hidden layers; flatten 3 × 256 = 768.</summary>
    public static PairedAlleleOptions Atac { get; } = new();

    /// <summary>ChIP-seq: as <see cref="Atac"/> with L 551, pool 2, D 6; flatten 18 × 256 = 4,608.</summary>
    public static PairedAlleleOptions Chip { get; } = new() { Length = 551, PoolSize = 2, ResidualBlocks = 6 };

    /// <summary>Length L of each allele, ≥ 1. Default 330.</summary>
    public int Length { get; init; } = 330;

    /// <summary>Kernels K0 of the first convolution (the motif detectors), ≥ 1. Default 512.</summary>
    public int FirstFilters { get; init; } = 512;

    /// <summary>Width k0 of the first convolution, ≥ 1. Default 15.</summary>
    public int FirstKernelSize { get; init; } = 15;

    /// <summary>Filters F of the second and the residual convolutions, ≥ 1. Default 256.</summary>
    public int Filters { get; init; } = 256;

    /// <summary>Width k of the second and the residual convolutions, ≥ 1. Default 5.</summary>
    public int KernelSize { get; init; } = 5;

    /// <summary>Pooling window and stride p, ≥ 1 (ceil mode: a partial last window is pooled over the positions present). Default 4.</summary>
    public int PoolSize { get; init; } = 4;

    /// <summary>Number D of residual blocks, each followed by a pooling, ≥ 0. Default 4.</summary>
    public int ResidualBlocks { get; init; } = 4;

    /// <summary>Hidden size H of fc0 and the count head, ≥ 1 (the ratio head uses 2H). Default 512.</summary>
    public int HiddenSize { get; init; } = 512;

    /// <summary>Hidden layers h of each head, ≥ 0. Default 2.</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Dropout after every hidden layer of the heads, in [0, 1). Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>Pooling after each residual block. Default <see cref="PoolKind.Average"/> (DeepAllele's setting; its attention and softmax pools are not ported).</summary>
    public PoolKind Pooling { get; init; } = PoolKind.Average;

    /// <summary>How the ratio is predicted; ignored by <see cref="SingleAlleleModel"/>. Default <see cref="PairedAlleleHeads.RatioHead"/>.</summary>
    public PairedAlleleHeads Heads { get; init; } = PairedAlleleHeads.RatioHead;

    /// <summary>The length 2L of an allele concatenated with its reverse complement.</summary>
    public int ConcatenatedLength => 2 * Length;

    /// <summary>The length L_D after the D poolings (ceil mode).</summary>
    public int PooledLength
    {
        get
        {
            var length = ConcatenatedLength;
            for (var d = 0; d < ResidualBlocks; d++)
            {
                length = (length + PoolSize - 1) / PoolSize;
            }

            return length;
        }
    }

    /// <summary>The input size F · L_D of fc0.</summary>
    public long FlattenSize => (long)Filters * PooledLength;

    /// <summary>RNA-seq: first convolution width 10, later widths 3, pool 5, D 4, with a data-dependent allele length.</summary>
    /// <param name="length">The allele length L, ≥ 1 (the paper's data use ≥ 5,000; 5,000 gives 10,000 → 16 positions and flatten 4,096).</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is too short for four poolings of 5.</exception>
    public static PairedAlleleOptions Rna(int length) =>
        new PairedAlleleOptions { Length = length, FirstKernelSize = 10, KernelSize = 3, PoolSize = 5, ResidualBlocks = 4 }.Validate();

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public PairedAlleleOptions Validate()
    {
        RequireAtLeast(Length, 1, nameof(Length));
        RequireAtLeast(FirstFilters, 1, nameof(FirstFilters));
        RequireAtLeast(FirstKernelSize, 1, nameof(FirstKernelSize));
        RequireAtLeast(Filters, 1, nameof(Filters));
        RequireAtLeast(KernelSize, 1, nameof(KernelSize));
        RequireAtLeast(PoolSize, 1, nameof(PoolSize));
        RequireAtLeast(ResidualBlocks, 0, nameof(ResidualBlocks));
        RequireAtLeast(HiddenSize, 1, nameof(HiddenSize));
        RequireAtLeast(HiddenLayers, 0, nameof(HiddenLayers));
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        if (!Enum.IsDefined(Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, "Unknown pooling.");
        }

        if (!Enum.IsDefined(Heads))
        {
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, "Unknown head layout.");
        }

        var length = ConcatenatedLength;
        for (var d = 0; d < ResidualBlocks; d++)
        {
            if (length < PoolSize)
            {
                throw new ArgumentOutOfRangeException(nameof(Length), Length, $"Length is too short: pooling {d + 1} of {ResidualBlocks} would see {length} positions, fewer than PoolSize = {PoolSize}.");
            }

            length = (length + PoolSize - 1) / PoolSize;
        }

        if (FlattenSize > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), Length, $"The flattened size {FlattenSize} is too large; use more poolings or fewer filters.");
        }

        return this;
    }

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }
}

using System.Text.Json.Serialization;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// Hyper-parameters of <see cref="DeepCbaModel"/>. <see cref="Published"/> is the maize promoter-proximal-interaction
/// (PPI) model of DeepCBA (Wang et al., Plant Communications 2024; Jie-Lii/DeepCBA
/// <c>DeepCBA/Code/model_code/maize/ppi/maize_ppi_model.py</c>); <see cref="Small"/> is a scaled-down variant for
/// quick experiments and tests.
/// </summary>
public sealed record DeepCbaOptions
{
    /// <summary>
    /// The published maize PPI configuration: two 3000-nt regions; blocks of 64, 128, 64 filters (two convolutions of
    /// width 8 each), max-pools of 8, dropout 0.3; reshape to 3 steps; bidirectional LSTM of 128 per direction; dense 64.
    /// </summary>
    public static DeepCbaOptions Published { get; } = new();

    /// <summary>
    /// A small variant with the same structure for fast training: two 600-nt regions, blocks of 16, 32, 16 filters,
    /// 2 LSTM steps of 16 features, LSTM 16 per direction, dense 16 (input (N, 4, 1200)).
    /// </summary>
    public static DeepCbaOptions Small { get; } = new()
    {
        RegionLength = 600,
        BlockFilters = [16, 32, 16],
        LstmSteps = 2,
        LstmHidden = 16,
        DenseUnits = 16,
    };

    /// <summary>Length of each of the two regions; the input holds region A then region B, length 2 × this. Default 3000.</summary>
    public int RegionLength { get; init; } = 3000;

    /// <summary>
    /// Filters of each convolution block (two convolutions each, then a pool and dropout). The first convolution of the
    /// first block is 'valid', all others are 'same'. Default 64, 128, 64.
    /// </summary>
    public IReadOnlyList<int> BlockFilters { get; init; } = [64, 128, 64];

    /// <summary>Width of every convolution. Default 8.</summary>
    public int KernelSize { get; init; } = 8;

    /// <summary>Window and stride of every max-pool ('same' padding, output ⌈L / PoolSize⌉). Default 8.</summary>
    public int PoolSize { get; init; } = 8;

    /// <summary>Dropout probability after every pool and before the dense layer, in [0, 1). Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>
    /// Time steps of the LSTM input: the (positions × channels, channels-last) output of the last block is reshaped
    /// row-major to (LstmSteps, positions × channels / LstmSteps). Must divide positions × channels. Default 3 (6 × 64 → 3 × 128).
    /// </summary>
    public int LstmSteps { get; init; } = 3;

    /// <summary>Hidden units per direction of the bidirectional LSTM. Default 128.</summary>
    public int LstmHidden { get; init; } = 128;

    /// <summary>Units of the dense ReLU layer before the output. Default 64.</summary>
    public int DenseUnits { get; init; } = 64;

    /// <summary>Batch-normalisation epsilon. Default 1e-3 (Keras default).</summary>
    public double BatchNormEpsilon { get; init; } = 1e-3;

    /// <summary>Batch-normalisation momentum in PyTorch's convention, in (0, 1]. Default 0.01 (Keras momentum 0.99).</summary>
    public double BatchNormMomentum { get; init; } = 0.01;

    /// <summary>Name of the single regression output. Default "expression".</summary>
    public string TargetName { get; init; } = "expression";

    /// <summary>The model's input length L = 2 × <see cref="RegionLength"/>.</summary>
    [JsonIgnore]
    public int InputLength => 2 * RegionLength;

    /// <summary>Per-region length after each block (Published: 375, 47, 6); the first convolution removes KernelSize − 1 positions.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> BlockLengths
    {
        get
        {
            var lengths = new List<int>();
            var length = RegionLength - KernelSize + 1;
            var stride = Math.Max(PoolSize, 1);
            for (var i = 0; i < (BlockFilters?.Count ?? 0); i++)
            {
                length = (length + stride - 1) / stride;
                lengths.Add(length);
            }

            return lengths;
        }
    }

    /// <summary>Features per LSTM step (Published: 6 × 64 / 3 = 128).</summary>
    [JsonIgnore]
    public int LstmInputSize => LstmSteps < 1 || BlockLengths.Count == 0 ? 0 : BlockLengths[^1] * BlockFilters[^1] / LstmSteps;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public DeepCbaOptions Validate()
    {
        if (KernelSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize, "KernelSize must be at least 1.");
        }

        if (RegionLength < KernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(RegionLength), RegionLength, $"RegionLength must be at least KernelSize = {KernelSize}.");
        }

        if (BlockFilters is null || BlockFilters.Count == 0 || BlockFilters.Any(f => f < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BlockFilters), "Give at least one block, each with at least 1 filter.");
        }

        if (PoolSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PoolSize), PoolSize, "PoolSize must be at least 1.");
        }

        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        var features = BlockLengths[^1] * BlockFilters[^1];
        if (LstmSteps < 1 || features % LstmSteps != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LstmSteps), LstmSteps, $"LstmSteps must divide the {BlockLengths[^1]} positions × {BlockFilters[^1]} channels = {features} features of the last block.");
        }

        if (LstmHidden < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LstmHidden), LstmHidden, "LstmHidden must be at least 1.");
        }

        if (DenseUnits < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DenseUnits), DenseUnits, "DenseUnits must be at least 1.");
        }

        if (!(BatchNormEpsilon > 0) || !double.IsFinite(BatchNormEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormEpsilon), BatchNormEpsilon, "BatchNormEpsilon must be positive and finite.");
        }

        if (!(BatchNormMomentum > 0 && BatchNormMomentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormMomentum), BatchNormMomentum, "BatchNormMomentum must be in (0, 1].");
        }

        if (string.IsNullOrWhiteSpace(TargetName))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetName), "TargetName must not be blank.");
        }

        return this;
    }
}

namespace Genomics.Models.Architectures.AttentiveChrome;

/// <summary>
/// Hyper-parameters of <see cref="AttentiveChromeModel"/>; <see cref="Published"/> is the configuration of Singh et al.
/// (NeurIPS 2017) as released in the PyTorch (v2) code.
/// </summary>
public sealed record AttentiveChromeOptions
{
    /// <summary>
    /// The published configuration: 5 marks × 100 bins, bin-level LSTM with 32 hidden units per direction, mark-level
    /// LSTM with 16 per direction, every parameter initialised from U(−0.1, 0.1).
    /// </summary>
    public static AttentiveChromeOptions Published { get; } = new();

    /// <summary>Names of the histone-mark tracks, in channel order. Default: H3K27me3, H3K36me3, H3K4me1, H3K4me3, H3K9me3.</summary>
    public IReadOnlyList<string> MarkNames { get; init; } = IO.HistoneTableOptions.DefaultMarkNames;

    /// <summary>Bins per gene (input length L), at least 1. Default 100.</summary>
    public int Bins { get; init; } = 100;

    /// <summary>Hidden units per direction of each mark's bin-level LSTM, at least 1. Default 32 (representation width 64).</summary>
    public int BinHiddenSize { get; init; } = 32;

    /// <summary>Hidden units per direction of the mark-level LSTM, at least 1. Default 16 (representation width 32).</summary>
    public int MarkHiddenSize { get; init; } = 16;

    /// <summary>Every parameter is drawn from U(−<c>InitRange</c>, <c>InitRange</c>) at construction; positive and finite. Default 0.1.</summary>
    public double InitRange { get; init; } = 0.1;

    /// <summary>Width of a mark representation m_j (both directions of the bin-level LSTM).</summary>
    public int BinRepresentationSize => 2 * BinHiddenSize;

    /// <summary>Width of the gene representation v (both directions of the mark-level LSTM).</summary>
    public int MarkRepresentationSize => 2 * MarkHiddenSize;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public AttentiveChromeOptions Validate()
    {
        if (MarkNames is null || MarkNames.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MarkNames), "At least one mark is required.");
        }

        if (Bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Bins), Bins, "Bins must be at least 1.");
        }

        if (BinHiddenSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BinHiddenSize), BinHiddenSize, "BinHiddenSize must be at least 1.");
        }

        if (MarkHiddenSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MarkHiddenSize), MarkHiddenSize, "MarkHiddenSize must be at least 1.");
        }

        if (!(InitRange > 0) || !double.IsFinite(InitRange))
        {
            throw new ArgumentOutOfRangeException(nameof(InitRange), InitRange, "InitRange must be positive and finite.");
        }

        return this;
    }
}

namespace Genomics.Models.Architectures.DeepChrome;

/// <summary>Hyper-parameters of <see cref="DeepChromeModel"/>; <see cref="Published"/> is the configuration of Singh et al. (2016).</summary>
public sealed record DeepChromeOptions
{
    /// <summary>The published configuration: 5 marks × 100 bins, 50 filters of width 10, max-pool 5, hidden 625 and 125, dropout 0.5, 2 classes.</summary>
    public static DeepChromeOptions Published { get; } = new();

    /// <summary>Names of the histone-mark tracks, in channel order. Default: H3K27me3, H3K36me3, H3K4me1, H3K4me3, H3K9me3.</summary>
    public IReadOnlyList<string> MarkNames { get; init; } = IO.HistoneTableOptions.DefaultMarkNames;

    /// <summary>Bins per gene (input length L). Default 100.</summary>
    public int Bins { get; init; } = 100;

    /// <summary>Convolution filters. Default 50.</summary>
    public int Filters { get; init; } = 50;

    /// <summary>Convolution width in bins. Default 10.</summary>
    public int KernelSize { get; init; } = 10;

    /// <summary>Max-pool window and stride. Default 5.</summary>
    public int PoolSize { get; init; } = 5;

    /// <summary>Widths of the hidden fully connected layers. Default 625, 125.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [625, 125];

    /// <summary>Dropout probability before the first fully connected layer, in [0, 1). Default 0.5.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public DeepChromeOptions Validate()
    {
        if (MarkNames is null || MarkNames.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MarkNames), "At least one mark is required.");
        }

        if (Bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Bins), Bins, "Bins must be at least 1.");
        }

        if (Filters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Filters), Filters, "Filters must be at least 1.");
        }

        if (KernelSize < 1 || KernelSize > Bins)
        {
            throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize, $"KernelSize must be in [1, Bins = {Bins}].");
        }

        if (PoolSize < 1 || PoolSize > Bins - KernelSize + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PoolSize), PoolSize, "PoolSize must be at least 1 and fit the convolution output.");
        }

        if (HiddenSizes is null || HiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSizes), "Hidden sizes must all be at least 1.");
        }

        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        return this;
    }

    /// <summary>The pooled length the first fully connected layer sees per filter.</summary>
    public int PooledLength => (Bins - KernelSize + 1) / PoolSize;
}

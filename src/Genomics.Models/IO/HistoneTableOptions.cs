namespace Genomics.Models.IO;

/// <summary>Options for <see cref="HistoneTableReader"/>: the expected table layout.</summary>
public sealed record HistoneTableOptions
{
    /// <summary>The default number of bins per gene: 100 (100-bp bins covering ±5 kb around the TSS).</summary>
    public const int DefaultBinCount = 100;

    // Declared before Default, which reads it during static initialisation.
    /// <summary>Gets the mark names of the DeepChrome/AttentiveChrome tables, in column order: H3K27me3, H3K36me3, H3K4me1, H3K4me3, H3K9me3.</summary>
    public static IReadOnlyList<string> DefaultMarkNames { get; } = Array.AsReadOnly(["H3K27me3", "H3K36me3", "H3K4me1", "H3K4me3", "H3K9me3"]);

    /// <summary>Gets the default options: 100 bins and the five marks of the DeepChrome/AttentiveChrome tables.</summary>
    public static HistoneTableOptions Default { get; } = new();

    /// <summary>Gets the number of consecutive rows (bins, numbered 1 to BinCount) per gene; 1 or more. Default 100.</summary>
    public int BinCount { get; init; } = DefaultBinCount;

    /// <summary>
    /// Gets the names of the mark columns, in the order they appear between the bin id and the label; at least one,
    /// unique, non-empty. Their count fixes the expected column count (count + 3). Default <see cref="DefaultMarkNames"/>.
    /// </summary>
    public IReadOnlyList<string> MarkNames { get; init; } = DefaultMarkNames;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BinCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><see cref="MarkNames"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="MarkNames"/> is empty, or has an empty or repeated name.</exception>
    public void Validate()
    {
        if (BinCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BinCount), BinCount, "The bin count must be 1 or more.");
        }

        ArgumentNullException.ThrowIfNull(MarkNames, nameof(MarkNames));
        if (MarkNames.Count == 0)
        {
            throw new ArgumentException("At least one mark name is required.", nameof(MarkNames));
        }

        if (MarkNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Mark names must not be empty.", nameof(MarkNames));
        }

        if (MarkNames.Distinct(StringComparer.Ordinal).Count() != MarkNames.Count)
        {
            throw new ArgumentException($"Mark names must be unique: {string.Join(", ", MarkNames)}.", nameof(MarkNames));
        }
    }
}

using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>
/// Binned histone-mark signals per gene with a class label: the input of DeepChrome and AttentiveChrome.
/// </summary>
/// <remarks>
/// Signals are held in one float array in (N, C, L) order: gene n, mark c, bin l is at (n × C + c) × L + l, where
/// N = <see cref="Count"/>, C = <see cref="MarkCount"/>, L = <see cref="BinCount"/>. Values are the raw counts of
/// the table (no normalisation).
/// </remarks>
public sealed class HistoneDataset
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="geneIds">Gene ids, one per gene (kept as strings, so zero padding survives).</param>
    /// <param name="labels">Class labels, one per gene.</param>
    /// <param name="markNames">Mark (channel) names, C of them.</param>
    /// <param name="binCount">Bins per gene L; 1 or more.</param>
    /// <param name="tracks">N × C × L values in (N, C, L) order; the array is used as is, not copied.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The counts disagree: labels or tracks do not match the number of genes, marks and bins.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> is less than 1.</exception>
    public HistoneDataset(IReadOnlyList<string> geneIds, int[] labels, IReadOnlyList<string> markNames, int binCount, float[] tracks)
    {
        ArgumentNullException.ThrowIfNull(geneIds);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(markNames);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (labels.Length != geneIds.Count)
        {
            throw new ArgumentException($"There are {labels.Length} labels for {geneIds.Count} genes.", nameof(labels));
        }

        if (markNames.Count == 0)
        {
            throw new ArgumentException("At least one mark is required.", nameof(markNames));
        }

        if (tracks.LongLength != (long)geneIds.Count * markNames.Count * binCount)
        {
            throw new ArgumentException(
                $"Expected {geneIds.Count} × {markNames.Count} × {binCount} track values but got {tracks.Length}.", nameof(tracks));
        }

        GeneIds = [.. geneIds];
        Labels = labels;
        MarkNames = [.. markNames];
        BinCount = binCount;
        Tracks = tracks;
    }

    /// <summary>Gets the gene ids in file order.</summary>
    public IReadOnlyList<string> GeneIds { get; }

    /// <summary>Gets the class label of each gene (1 = high expression, 0 = low in the DeepChrome tables). Shared, not copied: do not modify.</summary>
    public int[] Labels { get; }

    /// <summary>Gets the mark (channel) names in channel order.</summary>
    public IReadOnlyList<string> MarkNames { get; }

    /// <summary>Gets the number of bins per gene, L.</summary>
    public int BinCount { get; }

    /// <summary>Gets the number of marks, C.</summary>
    public int MarkCount => MarkNames.Count;

    /// <summary>Gets the number of genes, N.</summary>
    public int Count => GeneIds.Count;

    /// <summary>Gets all signal values in (N, C, L) order. Shared, not copied: do not modify.</summary>
    public float[] Tracks { get; }

    /// <summary>Gets one signal value.</summary>
    /// <param name="gene">Gene index, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="mark">Mark index, 0 to <see cref="MarkCount"/> - 1.</param>
    /// <param name="bin">0-based bin index, 0 to <see cref="BinCount"/> - 1 (the table's BinID minus one).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public float GetValue(int gene, int mark, int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gene);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gene, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(mark);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(mark, MarkCount);
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, BinCount);
        return Tracks[(((gene * MarkCount) + mark) * BinCount) + bin];
    }

    /// <summary>Copies the signals into a tensor.</summary>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Shape (N, C, L), dtype float32.</remarks>
    public Tensor ToTensor() => tensor(Tracks, [Count, MarkCount, BinCount]);

    /// <summary>Copies the labels into a tensor.</summary>
    /// <param name="dtype">Element type; default int64 (class indices for cross-entropy). Use float32 for a binary cross-entropy target.</param>
    /// <returns>A new CPU tensor; the caller owns it.</returns>
    /// <remarks>Shape (N), dtype <paramref name="dtype"/>.</remarks>
    public Tensor LabelsTensor(ScalarType dtype = ScalarType.Int64)
    {
        var labels = tensor(Array.ConvertAll(Labels, l => (long)l), [Count]);
        if (dtype == ScalarType.Int64)
        {
            return labels;
        }

        using (labels)
        {
            return labels.to_type(dtype);
        }
    }
}

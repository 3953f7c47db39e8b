namespace Genomics.Interpret.MotifComparison;

/// <summary>How two motif columns (4-vectors of probabilities) are scored against each other; higher is more similar.</summary>
public enum ColumnSimilarity
{
    /// <summary>Pearson correlation of the two columns (MEME tomtom's <c>-dist pearson</c>); 0 when a column is uniform.</summary>
    Pearson,

    /// <summary>Negative Euclidean distance between the two columns (tomtom's <c>-dist ed</c>).</summary>
    NegativeEuclidean,
}

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.Seqlets;

/// <summary>Names proposed for one seqlet cluster.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Query">The motif compared: the cluster matrix as a PPM, flanks stripped.</param>
/// <param name="Matches">Matches with q below the naming threshold, best first (at most <see cref="SeqletClusterNaming.MaxNames"/>).</param>
public sealed record NamedSeqletCluster(SeqletCluster Cluster, Motif Query, IReadOnlyList<MotifMatch> Matches)
{
    /// <summary>Target names (or ids) of the matches joined with '/', or null when nothing matched.</summary>
    public string? Name => Matches.Count == 0 ? null : string.Join('/', Matches.Select(m => m.TargetName ?? m.TargetId));
}

/// <summary>
/// DeepAllele's naming step: each cluster matrix becomes a PPM (standardised over all entries, exponentiated,
/// normalised per column, flank columns stripped), is compared with a motif database with the TOMTOM-equivalent
/// (Pearson, q ≤ 0.5), and up to four targets with q &lt; 0.05 name it.
/// </summary>
public static class SeqletClusterNaming
{
    /// <summary>Most names reported per cluster.</summary>
    public const int MaxNames = 4;

    /// <summary>q-value below which a match names a cluster.</summary>
    public const double NamingQValue = 0.05;

    /// <summary>
    /// Cluster matrix → PPM: z = (x − mean)/sd over all entries, p ∝ exp(z) per column; leading and trailing columns whose
    /// largest probability minus 0.25 is below <paramref name="flankThreshold"/> are stripped (at least one column is kept).
    /// </summary>
    /// <param name="matrix">Cluster matrix (4, W).</param>
    /// <param name="flankThreshold">Flank-stripping threshold (DeepAllele: 0.1).</param>
    public static PositionProbabilityMatrix ToProbabilities(double[,] matrix, double flankThreshold = 0.1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != 4 || matrix.GetLength(1) == 0)
        {
            throw new ArgumentException("The matrix must be 4 × W with W ≥ 1.", nameof(matrix));
        }

        var w = matrix.GetLength(1);
        var values = matrix.Cast<double>().ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var ppm = new double[4, w];
        for (var c = 0; c < w; c++)
        {
            double total = 0;
            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] = Math.Exp(sd > 0 ? (matrix[b, c] - mean) / sd : 0);
                total += ppm[b, c];
            }

            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] /= total;
            }
        }

        bool Informative(int c) => Enumerable.Range(0, 4).Max(b => ppm[b, c]) - 0.25 >= flankThreshold;
        var first = Enumerable.Range(0, w).FirstOrDefault(Informative, 0);
        var last = Enumerable.Range(0, w).Reverse().FirstOrDefault(Informative, w - 1);
        if (last < first)
        {
            (first, last) = (0, w - 1);
        }

        return new PositionProbabilityMatrix(ppm).Slice(first, last - first + 1);
    }

    /// <summary>Names every cluster against <paramref name="database"/>.</summary>
    /// <param name="clusters">Clusters from <see cref="SeqletClustering.Cluster"/>.</param>
    /// <param name="database">Target motifs (e.g. JASPAR 2020 vertebrates with TF names).</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    public static IReadOnlyList<NamedSeqletCluster> Name(IReadOnlyList<SeqletCluster> clusters, IReadOnlyList<Motif> database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(database);
        var queries = clusters.Select((c, i) => new Motif($"cluster_{i}", ToProbabilities(c.Matrix))).ToList();
        if (queries.Count == 0 || database.Count == 0)
        {
            return [.. clusters.Select((c, i) => new NamedSeqletCluster(c, queries[i], []))];
        }

        var comparer = new TomtomComparer(new TomtomOptions { ColumnSimilarity = ColumnSimilarity.Pearson, ThresholdOn = SignificanceMeasure.QValue, Threshold = 0.5 });
        var matches = comparer.Compare(queries, database, cancellationToken: cancellationToken);
        return [.. clusters.Select((c, i) => new NamedSeqletCluster(c, queries[i],
            [.. matches.Where(m => m.QueryId == queries[i].Id && m.QValue < NamingQValue).OrderBy(m => m.QValue).ThenBy(m => m.PValue).Take(MaxNames)]))];
    }
}

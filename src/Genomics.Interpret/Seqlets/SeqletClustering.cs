using System.Runtime.InteropServices;
using Genomics.Interpret.Statistics;
using Genomics.Models.Numerics;

namespace Genomics.Interpret.Seqlets;

/// <summary>Options of <see cref="SeqletClustering"/> (DeepAllele's defaults).</summary>
public sealed record SeqletClusteringOptions
{
    /// <summary>Fewest overlapping columns of a compared offset (default 4).</summary>
    public int MinOverlap { get; init; } = 4;

    /// <summary>Value that pads non-overlapping columns (default 0.25).</summary>
    public double Padding { get; init; } = 0.25;

    /// <summary>Also compare against the reverse complement (default true).</summary>
    public bool ReverseComplement { get; init; } = true;

    /// <summary>Complete-linkage distance (p-value) threshold (default 0.05).</summary>
    public double DistanceThreshold { get; init; } = 0.05;

    /// <summary>Fewest members of a kept cluster (default 20).</summary>
    public int MinMembers { get; init; } = 20;

    /// <summary>Above this many seqlets, a random subset of this size is clustered and the rest assigned (default 15,000).</summary>
    public int MaxClustered { get; init; } = 15_000;

    /// <summary>The seed of the subset choice when <see cref="Seed"/> is null (1).</summary>
    public const long DefaultSeed = 1;

    /// <summary>Seed of the subset choice; null uses <see cref="DefaultSeed"/>. These options are the only source of the seed, since the caller takes no context; engines that take one fall back to its seed first (<see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>).</summary>
    public long? Seed { get; init; }

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public SeqletClusteringOptions Validate()
    {
        if (MinOverlap < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinOverlap), MinOverlap, "At least 2 overlapping columns are needed for a correlation.");
        }

        if (!double.IsFinite(Padding))
        {
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "The padding must be finite.");
        }

        if (!(DistanceThreshold > 0 && DistanceThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DistanceThreshold), DistanceThreshold, "The threshold must be in (0, 1].");
        }

        if (MinMembers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinMembers), MinMembers, "At least one member.");
        }

        if (MaxClustered < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClustered), MaxClustered, "Cluster at least 2 seqlets.");
        }

        return this;
    }
}

/// <summary>Best alignment of two seqlet matrices: Pearson r, p-value, offset (second's column c ↔ first's column c + offset) and strand.</summary>
/// <param name="Correlation">Pearson correlation of the flattened, padded matrices.</param>
/// <param name="PValue">Two-sided Student-t p-value of <paramref name="Correlation"/> (the clustering distance).</param>
/// <param name="Offset">Relative offset.</param>
/// <param name="Reverse">Whether the second matrix was reverse-complemented.</param>
public readonly record struct SeqletAlignment(double Correlation, double PValue, int Offset, bool Reverse);

/// <summary>A cluster of seqlet matrices combined on one frame.</summary>
/// <param name="Members">Indices of the member matrices.</param>
/// <param name="Matrix">Mean of the aligned member matrices (4, W) over the columns each covers.</param>
/// <param name="Offsets">Offset of each member in the cluster frame (member column c ↔ frame column c + offset).</param>
/// <param name="Reverse">Whether each member is reverse-complemented in the frame.</param>
public sealed record SeqletCluster(IReadOnlyList<int> Members, double[,] Matrix, IReadOnlyList<int> Offsets, IReadOnlyList<bool> Reverse);

/// <summary>
/// DeepAllele's seqlet clustering: pairwise best-offset Pearson correlation of seqlet matrices (non-overlapping
/// columns padded), r turned into a Student-t p-value used as distance, complete-linkage agglomerative clustering at a
/// p-value threshold (every pair in a cluster correlated at p ≤ threshold), clusters combined on one frame.
/// </summary>
public static class SeqletClustering
{
    /// <summary>Best alignment of <paramref name="second"/> (and its reverse complement) against <paramref name="first"/>.</summary>
    /// <param name="first">Matrix (4, W1).</param>
    /// <param name="second">Matrix (4, W2).</param>
    /// <param name="options">Overlap, padding, strands.</param>
    public static SeqletAlignment Align(double[,] first, double[,] second, SeqletClusteringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        options ??= new SeqletClusteringOptions();
        options.Validate();
        RequireMatrix(first, nameof(first));
        RequireMatrix(second, nameof(second));
        int w1 = first.GetLength(1), w2 = second.GetLength(1);
        var best = new SeqletAlignment(double.NegativeInfinity, 1, 0, false);
        var strands = options.ReverseComplement ? 2 : 1;
        for (var s = 0; s < strands; s++)
        {
            var y = s == 0 ? second : AlphabetMatrix.ReverseComplement(second);
            for (var offset = -(w2 - options.MinOverlap); offset <= w1 - options.MinOverlap; offset++)
            {
                var overlap = Math.Min(w2, w1 - offset) - Math.Max(0, -offset);
                if (overlap < options.MinOverlap)
                {
                    continue;
                }

                // Union of the two spans; columns outside either matrix are padded.
                var from = Math.Min(0, offset);
                var to = Math.Max(w1, offset + w2);
                var a = new List<double>();
                var b = new List<double>();
                for (var c = from; c < to; c++)
                {
                    for (var k = 0; k < 4; k++)
                    {
                        a.Add(c >= 0 && c < w1 ? first[k, c] : options.Padding);
                        b.Add(c - offset >= 0 && c - offset < w2 ? y[k, c - offset] : options.Padding);
                    }
                }

                var r = Correlation.Pearson(CollectionsMarshal.AsSpan(a), CollectionsMarshal.AsSpan(b), zeroVarianceResult: 0);
                if (r > best.Correlation + 1e-12)
                {
                    best = new SeqletAlignment(r, PValue(r, a.Count), offset, s == 1);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Two-sided p-value of a Pearson correlation: t = r·sqrt(n−2)/sqrt(1−r²) against Student's t with n − 1 degrees of
    /// freedom (DeepAllele's choice; the textbook test uses n − 2).
    /// </summary>
    /// <param name="r">Correlation.</param>
    /// <param name="n">Number of compared values (≥ 3).</param>
    public static double PValue(double r, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 3);
        if (double.IsNaN(r))
        {
            return 1;
        }

        if (Math.Abs(r) >= 1)
        {
            return 0;
        }

        var t = r * Math.Sqrt(n - 2) / Math.Sqrt(1 - r * r);
        var df = n - 1.0;
        return StudentT.TwoSidedPValue(t, df);
    }

    /// <summary>Clusters seqlet matrices and combines each kept cluster into one matrix.</summary>
    /// <param name="matrices">Seqlet matrices (4, W), widths may differ.</param>
    /// <param name="options">Options (DeepAllele defaults when null).</param>
    /// <param name="cancellationToken">Checked per row of the distance matrix.</param>
    /// <returns>Clusters with at least <see cref="SeqletClusteringOptions.MinMembers"/> members, largest first.</returns>
    public static IReadOnlyList<SeqletCluster> Cluster(IReadOnlyList<double[,]> matrices, SeqletClusteringOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        options ??= new SeqletClusteringOptions();
        options.Validate();
        for (var i = 0; i < matrices.Count; i++)
        {
            RequireMatrix(matrices[i], nameof(matrices));
        }

        var n = matrices.Count;
        if (n == 0)
        {
            return [];
        }

        var all = Enumerable.Range(0, n).ToArray();
        var clustered = all;
        if (n > options.MaxClustered)
        {
            var random = new Random(unchecked((int)(options.Seed ?? SeqletClusteringOptions.DefaultSeed)));
            var shuffled = (int[])all.Clone();
            random.Shuffle(shuffled);
            clustered = [.. shuffled.Take(options.MaxClustered).Order()];
        }

        var m = clustered.Length;
        var distance = new double[m, m];
        var alignment = new SeqletAlignment[m, m];
        for (var i = 0; i < m; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var j = i + 1; j < m; j++)
            {
                var a = Align(matrices[clustered[i]], matrices[clustered[j]], options);
                alignment[i, j] = a;
                distance[i, j] = distance[j, i] = a.PValue;
            }
        }

        var groups = CompleteLinkage(distance, options.DistanceThreshold);
        var members = groups.Select(g => g.Select(i => clustered[i]).ToList()).ToList();
        if (m < n)
        {
            // Assign the rest to the first cluster whose every member is within the threshold (the linkage criterion).
            var inSubset = clustered.ToHashSet();
            foreach (var x in all.Where(x => !inSubset.Contains(x)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = members.FindIndex(g => g.All(y => Align(matrices[y], matrices[x], options).PValue <= options.DistanceThreshold));
                if (target >= 0)
                {
                    members[target].Add(x);
                }
            }
        }

        return [.. members.Where(g => g.Count >= options.MinMembers)
            .OrderByDescending(g => g.Count).ThenBy(g => g.Min())
            .Select(g => Combine(matrices, g, options))];
    }

    /// <summary>
    /// Groups cluster motifs whose correlation distance (1 − best-offset Pearson r of their matrices) is below
    /// <paramref name="maxDistance"/>, by complete linkage: DeepAllele's tree of cluster motifs cut at 0.2.
    /// </summary>
    /// <param name="clusters">Clusters from <see cref="Cluster"/>.</param>
    /// <param name="maxDistance">Largest correlation distance inside a group (default 0.2).</param>
    /// <param name="options">Overlap, padding and strands of the alignment.</param>
    /// <returns>Groups of cluster indices, in order of their smallest member.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> GroupSimilarClusters(IReadOnlyList<SeqletCluster> clusters, double maxDistance = 0.2, SeqletClusteringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        if (!(maxDistance is >= 0 and <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, "A correlation distance lies in [0, 2].");
        }

        var n = clusters.Count;
        var distance = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                distance[i, j] = distance[j, i] = 1 - Align(clusters[i].Matrix, clusters[j].Matrix, options).Correlation;
            }
        }

        // Strictly below the threshold, as DeepAllele joins motifs "whose correlation distance < 0.2".
        return CompleteLinkage(distance, Math.BitDecrement(maxDistance));
    }

    /// <summary>Complete-linkage agglomerative clustering of a distance matrix: merge while the largest pairwise distance stays ≤ threshold.</summary>
    /// <param name="distance">Symmetric distances.</param>
    /// <param name="threshold">Largest allowed within-cluster distance.</param>
    /// <returns>Clusters (indices), in order of their smallest member.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> CompleteLinkage(double[,] distance, double threshold)
    {
        ArgumentNullException.ThrowIfNull(distance);
        var n = distance.GetLength(0);
        if (distance.GetLength(1) != n)
        {
            throw new ArgumentException("The distance matrix must be square.", nameof(distance));
        }

        var clusters = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var d = new double[n, n];
        Array.Copy(distance, d, distance.Length);
        var active = Enumerable.Repeat(true, n).ToArray();
        while (true)
        {
            var best = (A: -1, B: -1, D: double.PositiveInfinity);
            for (var a = 0; a < n; a++)
            {
                if (!active[a])
                {
                    continue;
                }

                for (var b = a + 1; b < n; b++)
                {
                    if (active[b] && d[a, b] < best.D)
                    {
                        best = (a, b, d[a, b]);
                    }
                }
            }

            if (best.A < 0 || best.D > threshold)
            {
                break;
            }

            clusters[best.A].AddRange(clusters[best.B]);
            active[best.B] = false;
            for (var c = 0; c < n; c++)
            {
                if (active[c] && c != best.A)
                {
                    d[best.A, c] = d[c, best.A] = Math.Max(d[best.A, c], d[best.B, c]);
                }
            }
        }

        return [.. Enumerable.Range(0, n).Where(i => active[i]).Select(i => (IReadOnlyList<int>)[.. clusters[i].Order()]).OrderBy(c => c[0])];
    }

    private static SeqletCluster Combine(IReadOnlyList<double[,]> matrices, List<int> members, SeqletClusteringOptions options)
    {
        // Reference = the widest member (first among equals); others aligned to it.
        var ordered = members.Order().ToList();
        var reference = ordered.OrderByDescending(i => matrices[i].GetLength(1)).First();
        var placements = ordered.Select(i => i == reference ? new SeqletAlignment(1, 0, 0, false) : Align(matrices[reference], matrices[i], options)).ToList();
        var from = placements.Select((p, k) => p.Offset).Min();
        from = Math.Min(0, from);
        var to = placements.Select((p, k) => p.Offset + matrices[ordered[k]].GetLength(1)).Max();
        var width = to - from;
        var sum = new double[4, width];
        var count = new int[width];
        for (var k = 0; k < ordered.Count; k++)
        {
            var m = placements[k].Reverse ? AlphabetMatrix.ReverseComplement(matrices[ordered[k]]) : matrices[ordered[k]];
            for (var c = 0; c < m.GetLength(1); c++)
            {
                var col = c + placements[k].Offset - from;
                count[col]++;
                for (var b = 0; b < 4; b++)
                {
                    sum[b, col] += m[b, c];
                }
            }
        }

        for (var c = 0; c < width; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                sum[b, c] /= Math.Max(count[c], 1);
            }
        }

        return new SeqletCluster(ordered, sum, [.. placements.Select(p => p.Offset - from)], [.. placements.Select(p => p.Reverse)]);
    }

    private static void RequireMatrix(double[,] m, string paramName)
    {
        if (m is null || m.GetLength(0) != 4 || m.GetLength(1) == 0)
        {
            throw new ArgumentException("Seqlet matrices must be 4 × W with W ≥ 1.", paramName);
        }

        foreach (var v in m)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Seqlet matrices must be finite.", paramName);
            }
        }
    }
}

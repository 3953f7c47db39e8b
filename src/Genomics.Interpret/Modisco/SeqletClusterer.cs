using Genomics.Models.Numerics;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// tfmodisco-lite's seqlet clustering: coarse gapped-k-mer neighbours, fine continuous-Jaccard similarities, the
/// coarse/fine correlation filter, density-adapted affinities and Leiden; and the unaligned sub-clustering of a pattern.
/// </summary>
internal static class SeqletClusterer
{
    /// <summary>One clustering round over placements of <paramref name="width"/> columns.</summary>
    /// <returns>The clusters (placements in input order within each) and how many placements the correlation filter removed.</returns>
    public static (List<List<Placement>> Clusters, int RemovedByCorrelation) Cluster(
        AttributionData data, List<Placement> input, int width, ModiscoOptions options, bool correlationFilter, CancellationToken ct)
    {
        var placements = input.Where(p => data.Extract(data.OneHot, p, 0, width) is not null).ToList();
        var n = placements.Count;
        if (n == 0)
        {
            return ([], 0);
        }

        var features = new float[n][];
        var featuresRc = new float[n][];
        var coarseForward = new (int[] Keys, double[] Values)[n];
        var coarseReverse = new (int[] Keys, double[] Values)[n];
        for (var i = 0; i < n; i++)
        {
            var hyp = data.Extract(data.Hypothetical, placements[i], 0, width)!;
            var contrib = data.Extract(data.Contributions, placements[i], 0, width)!;
            var oneHot = data.Extract(data.OneHot, placements[i], 0, width)!;
            var (hypRc, contribRc, oneHotRc) = (AlphabetMatrix.ReverseComplement(hyp), AlphabetMatrix.ReverseComplement(contrib), AlphabetMatrix.ReverseComplement(oneHot));
            features[i] = Similarity.Features(hyp, contrib);
            featuresRc[i] = Similarity.Features(hypRc, contribRc);
            coarseForward[i] = Similarity.Sparse(Similarity.GappedKmerEmbedding(contrib, oneHot));
            coarseReverse[i] = Similarity.Sparse(Similarity.GappedKmerEmbedding(contribRc, oneHotRc));
        }

        // Nearest neighbours (the seqlet itself included, as tfmodisco-lite keeps it) by coarse similarity, then fine similarity to each.
        var k = Math.Min(options.NearestNeighbours + 1, n);
        var minOverlap = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * width));
        var neighbours = new int[n][];
        var coarse = new double[n][];
        var fine = new double[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var scores = new double[n];
            for (var j = 0; j < n; j++)
            {
                scores[j] = Math.Max(Similarity.Dot(coarseForward[i], coarseForward[j]), Similarity.Dot(coarseForward[i], coarseReverse[j]));
            }

            var order = Enumerable.Range(0, n).OrderByDescending(j => j == i ? double.PositiveInfinity : scores[j]).ThenBy(j => j).Take(k).ToArray();
            neighbours[i] = order;
            coarse[i] = [.. order.Select(j => scores[j])];
            fine[i] = [.. order.Select(j => j == i ? 1.0 : Similarity.BestPadded(features[i], features[j], featuresRc[j], width, minOverlap))];
        });

        var keep = new bool[n];
        for (var i = 0; i < n; i++)
        {
            keep[i] = !correlationFilter || PassesCorrelation(coarse[i], fine[i], options.CorrelationThreshold);
        }

        var kept = Enumerable.Range(0, n).Where(i => keep[i]).ToArray();
        var removed = n - kept.Length;
        if (kept.Length == 0)
        {
            return ([], removed);
        }

        var index = new int[n];
        Array.Fill(index, -1);
        for (var t = 0; t < kept.Length; t++)
        {
            index[kept[t]] = t;
        }

        var rows = new List<(int J, double S)>[kept.Length];
        for (var t = 0; t < kept.Length; t++)
        {
            var i = kept[t];
            rows[t] = [.. neighbours[i].Select((j, u) => (J: index[j], S: fine[i][u])).Where(p => p.J >= 0)];
        }

        var graph = DensityAdapted(rows, options.Perplexity);
        var membership = graph.TotalWeight > 0
            ? Leiden.FindPartition(graph, options.LeidenRuns, LeidenSeed(options), cancellationToken: ct).Membership
            : new int[kept.Length];
        return ([.. membership.Select((c, t) => (c, t)).GroupBy(p => p.c).OrderBy(g => g.Key).Select(g => g.Select(p => placements[kept[p.t]]).ToList())], removed);
    }

    /// <summary>
    /// tfmodisco-lite's sub-clustering of a pattern's aligned seqlets: unaligned continuous Jaccard of the seqlets'
    /// features, each seqlet's ⌊3 × perplexity⌋ + 1 nearest, t-SNE conditional probabilities at that perplexity,
    /// symmetrised, then Leiden. Returns the sub-clusters, largest first.
    /// </summary>
    public static List<List<Placement>> Subcluster(AttributionData data, List<Placement> members, int width, double perplexity, ModiscoOptions options, CancellationToken ct)
    {
        var n = members.Count;
        if (n < 3)
        {
            return [members];
        }

        var features = members.Select(p => Similarity.Features(data.Extract(data.Hypothetical, p, 0, width)!, data.Extract(data.Contributions, p, 0, width)!)).ToArray();
        var k = Math.Min(n - 1, (int)(3 * perplexity + 1));
        var neighbours = new int[n][];
        var distances = new double[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var sims = new double[n];
            for (var j = 0; j < n; j++)
            {
                sims[j] = j == i ? double.NegativeInfinity : Similarity.Jaccard(features[i], features[j]);
            }

            neighbours[i] = [.. Enumerable.Range(0, n).OrderByDescending(j => sims[j]).ThenBy(j => j).Take(k)];
            distances[i] = [.. neighbours[i].Select(j => Distance(sims[j]))];
        });

        var weights = new Dictionary<(int, int), double>();
        for (var i = 0; i < n; i++)
        {
            var (beta, _) = Perplexity(distances[i], perplexity, plusOne: false);
            var p = distances[i].Select(d => Math.Exp(-beta * d)).ToArray();
            var sum = Math.Max(p.Sum(), 1e-8);
            for (var t = 0; t < k; t++)
            {
                var j = neighbours[i][t];
                var key = i < j ? (i, j) : (j, i);
                weights[key] = weights.GetValueOrDefault(key) + p[t] / sum;
            }
        }

        var graph = new WeightedGraph(n);
        foreach (var ((a, b), w) in weights.OrderBy(e => e.Key))
        {
            graph.AddEdge(a, b, w);
        }

        var membership = graph.TotalWeight > 0 ? Leiden.FindPartition(graph, options.LeidenRuns, LeidenSeed(options), cancellationToken: ct).Membership : new int[n];
        return [.. membership.Select((c, i) => (c, i)).GroupBy(p => p.c).Select(g => g.Select(p => members[p.i]).ToList())
            .OrderByDescending(g => g.Count)];
    }

    internal static int LeidenSeed(ModiscoOptions options) => unchecked((int)(options.Seed ?? ModiscoOptions.DefaultSeed));

    /// <summary>tfmodisco-lite's similarity-to-distance map: max(log(1 / (0.5 max(s, 1e-7)) − 1), 0).</summary>
    private static double Distance(double similarity) => Math.Max(Math.Log(1 / (0.5 * Math.Max(similarity, 1e-7)) - 1), 0);

    /// <summary>Spearman correlation of a seqlet's coarse and fine similarities over the neighbours with non-zero fine similarity, above the threshold.</summary>
    private static bool PassesCorrelation(double[] coarse, double[] fine, double threshold)
    {
        var mask = Enumerable.Range(0, fine.Length).Where(t => Math.Abs(fine[t]) > 0).ToArray();
        if (mask.Length < 3)
        {
            return true;
        }

        var rho = Correlation.Pearson(Ranks([.. mask.Select(t => fine[t])]), Ranks([.. mask.Select(t => coarse[t])]), zeroVarianceResult: double.NaN);
        return rho > threshold;
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var a = 0; a < order.Length;)
        {
            var b = a;
            while (b + 1 < order.Length && values[order[b + 1]] == values[order[a]])
            {
                b++;
            }

            for (var t = a; t <= b; t++)
            {
                ranks[order[t]] = (a + b) / 2.0;
            }

            a = b + 1;
        }

        return ranks;
    }

    /// <summary>
    /// tfmodisco-lite's density adaptation: similarities become distances (zeros dropped), the two directions are averaged,
    /// each row gets a precision β whose kernel exp(−β d) has the wanted perplexity, and an edge weighs
    /// √(rbf_i · rbf_j) with rbf normalised by (Σ + 1). tfmodisco-lite also puts 1 / (Σ + 1) on the diagonal; that self-loop
    /// is left out here: it outweighs every edge of a node (rbf ≤ 1 / (Σ + 1) for d ≥ 0), so modularity would keep most
    /// seqlets in clusters of their own.
    /// </summary>
    private static WeightedGraph DensityAdapted(List<(int J, double S)>[] rows, double perplexity)
    {
        var n = rows.Length;
        var sums = new Dictionary<(int, int), (double Sum, int Count)>();
        for (var i = 0; i < n; i++)
        {
            foreach (var (j, s) in rows[i])
            {
                var d = Distance(s);
                if (j == i || d == 0)
                {
                    continue;
                }

                var key = i < j ? (i, j) : (j, i);
                var (sum, count) = sums.GetValueOrDefault(key);
                sums[key] = (sum + d, count + 1);
            }
        }

        var adjacency = new List<(int J, double D)>[n];
        for (var i = 0; i < n; i++)
        {
            adjacency[i] = [];
        }

        foreach (var ((a, b), (sum, count)) in sums.OrderBy(e => e.Key))
        {
            adjacency[a].Add((b, sum / count));
            adjacency[b].Add((a, sum / count));
        }

        var betas = new double[n];
        var norms = new double[n];
        for (var i = 0; i < n; i++)
        {
            var distances = adjacency[i].Select(e => e.D).ToArray();
            (betas[i], norms[i]) = Perplexity(distances, perplexity, plusOne: true);
        }

        var graph = new WeightedGraph(n);
        foreach (var ((a, b), (sum, count)) in sums.OrderBy(e => e.Key))
        {
            var d = sum / count;
            var w = Math.Sqrt(Math.Exp(-betas[a] * d) / norms[a] * (Math.Exp(-betas[b] * d) / norms[b]));
            graph.AddEdge(a, b, w);
        }

        return graph;
    }

    /// <summary>Bisection for the precision β at which exp(−β d) has entropy log(perplexity); returns β and Σ exp(−β d) (+ 1 when <paramref name="plusOne"/>).</summary>
    internal static (double Beta, double Norm) Perplexity(double[] distances, double perplexity, bool plusOne)
    {
        if (distances.Length == 0)
        {
            return (1, plusOne ? 1 : 0);
        }

        var target = Math.Log(perplexity);
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity, beta = 1, norm = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double sum = 0, weighted = 0;
            foreach (var d in distances)
            {
                var e = Math.Exp(-beta * d);
                sum += e;
                weighted += e * d;
            }

            norm = sum + (plusOne ? 1 : 0);
            var total = Math.Max(sum, 1e-8);
            var entropy = Math.Log(total) + beta * weighted / total;
            if (Math.Abs(entropy - target) <= 1e-5)
            {
                break;
            }

            if (entropy > target)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2;
            }
        }

        return (beta, Math.Max(norm, 1e-8));
    }
}

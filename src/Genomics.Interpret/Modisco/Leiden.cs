namespace Genomics.Interpret.Modisco;

/// <summary>An undirected weighted graph for <see cref="Leiden"/>: symmetric adjacency lists, non-negative weights.</summary>
internal sealed class WeightedGraph
{
    private readonly List<(int Node, double Weight)>[] _neighbours;

    /// <summary>Creates a graph with <paramref name="nodeCount"/> nodes and no edges.</summary>
    /// <param name="nodeCount">Number of nodes (≥ 1).</param>
    public WeightedGraph(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        _neighbours = new List<(int, double)>[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            _neighbours[i] = [];
        }

        Degrees = new double[nodeCount];
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _neighbours.Length;

    /// <summary>Weighted degree of each node (a self-loop counts twice).</summary>
    public double[] Degrees { get; }

    /// <summary>Total edge weight m (each undirected edge once).</summary>
    public double TotalWeight { get; private set; }

    /// <summary>Adds an undirected edge (a self-loop when <paramref name="a"/> = <paramref name="b"/>); weights of repeated edges add up.</summary>
    /// <param name="a">First node.</param>
    /// <param name="b">Second node.</param>
    /// <param name="weight">Non-negative finite weight; zero weights are ignored.</param>
    public void AddEdge(int a, int b, double weight)
    {
        if ((uint)a >= (uint)NodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "Node index out of range.");
        }

        if ((uint)b >= (uint)NodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "Node index out of range.");
        }

        if (!(weight >= 0) || double.IsInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "Edge weights must be finite and non-negative.");
        }

        if (weight == 0)
        {
            return;
        }

        _neighbours[a].Add((b, weight));
        if (a != b)
        {
            _neighbours[b].Add((a, weight));
        }

        Degrees[a] += weight;
        Degrees[b] += weight;
        TotalWeight += weight;
    }

    internal List<(int Node, double Weight)> Neighbours(int node) => _neighbours[node];
}

/// <summary>The partition <see cref="Leiden"/> found and its modularity.</summary>
/// <param name="Membership">Community of each node, numbered 0.. by first appearance.</param>
/// <param name="Quality">Modularity Q = 1/(2m) Σ_ij (A_ij − γ k_i k_j / 2m) δ(c_i, c_j).</param>
/// <param name="Seed">Seed of the run that found it.</param>
internal sealed record LeidenPartition(int[] Membership, double Quality, int Seed)
{
    /// <summary>Number of communities.</summary>
    public int CommunityCount => Membership.Length == 0 ? 0 : Membership.Max() + 1;
}

/// <summary>
/// Leiden community detection (Traag, Waltman and van Eck 2019) maximising modularity: fast local moving of nodes,
/// refinement of each community into well-connected sub-communities, aggregation on the refined partition with the
/// unrefined partition as the starting point, repeated until stable. Several seeded runs; the best quality wins.
/// </summary>
/// <remarks>
/// The refinement step merges each well-connected singleton into the sub-community with the largest non-negative
/// quality gain (the θ → 0 limit of the randomised choice in the paper), so the only randomness is the node order,
/// drawn from the run's seed; results are deterministic for a seed.
/// </remarks>
internal static class Leiden
{
    /// <summary>Finds communities with several seeded runs and keeps the partition with the highest modularity.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="runs">Number of runs (seeds <paramref name="seed"/>, <paramref name="seed"/> + 1, …).</param>
    /// <param name="seed">Seed of the first run.</param>
    /// <param name="resolution">Resolution γ (1 = standard modularity).</param>
    /// <param name="cancellationToken">Checked between runs.</param>
    public static LeidenPartition FindPartition(WeightedGraph graph, int runs = 1, int seed = 0, double resolution = 1.0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        if (!(resolution > 0) || double.IsInfinity(resolution))
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "The resolution must be positive.");
        }

        LeidenPartition? best = null;
        for (var r = 0; r < runs; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var membership = Run(graph, seed + r, resolution);
            var quality = Modularity(graph, membership, resolution);
            if (best is null || quality > best.Quality + 1e-12)
            {
                best = new LeidenPartition(membership, quality, seed + r);
            }
        }

        return best!;
    }

    /// <summary>Modularity of a membership vector.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="membership">Community of each node.</param>
    /// <param name="resolution">Resolution γ.</param>
    public static double Modularity(WeightedGraph graph, IReadOnlyList<int> membership, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.Count != graph.NodeCount)
        {
            throw new ArgumentException($"Expected {graph.NodeCount} memberships, got {membership.Count}.", nameof(membership));
        }

        var m2 = 2 * graph.TotalWeight;
        if (m2 == 0)
        {
            return 0;
        }

        double inside = 0;
        var totals = new Dictionary<int, double>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            foreach (var (u, w) in graph.Neighbours(v))
            {
                if (membership[u] == membership[v])
                {
                    inside += u == v ? 2 * w : w;
                }
            }

            totals[membership[v]] = totals.GetValueOrDefault(membership[v]) + graph.Degrees[v];
        }

        var expected = totals.Values.Sum(t => t * t) / m2;
        return (inside - resolution * expected) / m2;
    }

    private static int[] Run(WeightedGraph original, int seed, double gamma)
    {
        var random = new Random(seed);
        var n0 = original.NodeCount;
        var flat = Enumerable.Range(0, n0).ToArray();
        var previous = double.NegativeInfinity;
        for (var outer = 0; outer < 20; outer++)
        {
            // Start each outer iteration from the current flat partition (leidenalg's "iterate until stable").
            var graph = Level.FromGraph(original);
            var partition = Renumber(flat);
            var nodeOf = Enumerable.Range(0, n0).ToArray(); // original node -> current aggregate node
            while (true)
            {
                MoveNodesFast(graph, partition, gamma, random);
                var communities = partition.Max() + 1;
                if (communities == graph.NodeCount)
                {
                    break;
                }

                var refined = Refine(graph, partition, gamma, random);
                if (refined.Max() + 1 == graph.NodeCount)
                {
                    // The refinement merged nothing: aggregate on the partition itself so every level shrinks.
                    refined = partition;
                }

                var (aggregate, map) = graph.Aggregate(refined);
                var next = new int[aggregate.NodeCount];
                for (var v = 0; v < graph.NodeCount; v++)
                {
                    next[map[v]] = partition[v];
                }

                for (var i = 0; i < n0; i++)
                {
                    nodeOf[i] = map[nodeOf[i]];
                }

                graph = aggregate;
                partition = Renumber(next);
            }

            flat = Renumber([.. nodeOf.Select(v => partition[v])]);
            var quality = Modularity(original, flat, gamma);
            if (quality <= previous + 1e-12)
            {
                break;
            }

            previous = quality;
        }

        return flat;
    }

    private static void MoveNodesFast(Level g, int[] partition, double gamma, Random random)
    {
        var n = g.NodeCount;
        var m2 = g.TotalWeight * 2;
        var total = new double[n + 1];
        var size = new int[n + 1];
        for (var v = 0; v < n; v++)
        {
            total[partition[v]] += g.Degree[v];
            size[partition[v]]++;
        }

        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var queue = new Queue<int>(order);
        var queued = Enumerable.Repeat(true, n).ToArray();
        var weightTo = new double[n + 1];
        var touched = new List<int>();
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            queued[v] = false;
            var current = partition[v];
            touched.Clear();
            foreach (var (u, w) in g.Edges[v])
            {
                if (u == v)
                {
                    continue;
                }

                var c = partition[u];
                if (weightTo[c] == 0)
                {
                    touched.Add(c);
                }

                weightTo[c] += w;
            }

            total[current] -= g.Degree[v];
            size[current]--;
            var empty = Array.IndexOf(size, 0);
            var best = current;
            var bestGain = weightTo[current] - gamma * g.Degree[v] * total[current] / m2;
            foreach (var c in touched)
            {
                var gain = weightTo[c] - gamma * g.Degree[v] * total[c] / m2;
                if (gain > bestGain + 1e-12)
                {
                    best = c;
                    bestGain = gain;
                }
            }

            if (bestGain < -1e-12 && empty >= 0)
            {
                best = empty;
            }

            total[best] += g.Degree[v];
            size[best]++;
            partition[v] = best;
            foreach (var c in touched)
            {
                weightTo[c] = 0;
            }

            weightTo[current] = 0;
            if (best != current)
            {
                foreach (var (u, _) in g.Edges[v])
                {
                    if (u != v && !queued[u] && partition[u] != best)
                    {
                        queued[u] = true;
                        queue.Enqueue(u);
                    }
                }
            }
        }

        var renumbered = Renumber(partition);
        Array.Copy(renumbered, partition, n);
    }

    private static int[] Refine(Level g, int[] partition, double gamma, Random random)
    {
        var n = g.NodeCount;
        var m2 = g.TotalWeight * 2;
        var refined = Enumerable.Range(0, n).ToArray();
        var subTotal = (double[])g.Degree.Clone();
        var singleton = Enumerable.Repeat(true, n).ToArray();
        var communityTotal = new double[n];
        for (var v = 0; v < n; v++)
        {
            communityTotal[partition[v]] += g.Degree[v];
        }

        // External weight of each refined sub-community towards the rest of its community.
        var external = new double[n];
        for (var v = 0; v < n; v++)
        {
            foreach (var (u, w) in g.Edges[v])
            {
                if (u != v && partition[u] == partition[v])
                {
                    external[v] += w;
                }
            }
        }

        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var weightTo = new Dictionary<int, double>();
        foreach (var v in order)
        {
            var c = partition[v];
            var kv = g.Degree[v];
            if (!singleton[v] || external[v] < gamma * kv * (communityTotal[c] - kv) / m2)
            {
                continue;
            }

            weightTo.Clear();
            foreach (var (u, w) in g.Edges[v])
            {
                if (u != v && partition[u] == c)
                {
                    weightTo[refined[u]] = weightTo.GetValueOrDefault(refined[u]) + w;
                }
            }

            var best = refined[v];
            var bestGain = 0.0;
            foreach (var (s, w) in weightTo.OrderBy(p => p.Key))
            {
                if (s == refined[v] || external[s] < gamma * subTotal[s] * (communityTotal[c] - subTotal[s]) / m2)
                {
                    continue;
                }

                var gain = w - gamma * kv * subTotal[s] / m2;
                if (gain > bestGain + 1e-12)
                {
                    best = s;
                    bestGain = gain;
                }
            }

            if (best == refined[v])
            {
                continue;
            }

            // v leaves its singleton and joins sub-community `best`.
            var own = refined[v];
            subTotal[own] -= kv;
            subTotal[best] += kv;
            external[best] = external[best] + external[v] - 2 * weightTo[best];
            external[own] = 0;
            refined[v] = best;
            singleton[v] = false;
            foreach (var (u, _) in g.Edges[v])
            {
                if (refined[u] == best)
                {
                    singleton[u] = false;
                }
            }
        }

        return Renumber(refined);
    }

    private static int[] Renumber(int[] membership)
    {
        var map = new Dictionary<int, int>();
        var result = new int[membership.Length];
        for (var i = 0; i < membership.Length; i++)
        {
            if (!map.TryGetValue(membership[i], out var id))
            {
                id = map.Count;
                map[membership[i]] = id;
            }

            result[i] = id;
        }

        return result;
    }

    /// <summary>One level of the aggregation hierarchy.</summary>
    private sealed class Level
    {
        public required List<(int Node, double Weight)>[] Edges { get; init; }

        public required double[] Degree { get; init; }

        public required double TotalWeight { get; init; }

        public int NodeCount => Edges.Length;

        public static Level FromGraph(WeightedGraph graph) => new()
        {
            Edges = [.. Enumerable.Range(0, graph.NodeCount).Select(v => graph.Neighbours(v).ToList())],
            Degree = (double[])graph.Degrees.Clone(),
            TotalWeight = graph.TotalWeight,
        };

        public (Level Aggregate, int[] Map) Aggregate(int[] refined)
        {
            var count = refined.Max() + 1;
            var weights = new Dictionary<(int, int), double>();
            var degree = new double[count];
            for (var v = 0; v < NodeCount; v++)
            {
                degree[refined[v]] += Degree[v];
                foreach (var (u, w) in Edges[v])
                {
                    var a = refined[v];
                    var b = refined[u];
                    if (u == v)
                    {
                        weights[(a, a)] = weights.GetValueOrDefault((a, a)) + w;
                    }
                    else if (v < u)
                    {
                        var key = a <= b ? (a, b) : (b, a);
                        weights[key] = weights.GetValueOrDefault(key) + w;
                    }
                }
            }

            var edges = new List<(int, double)>[count];
            for (var i = 0; i < count; i++)
            {
                edges[i] = [];
            }

            foreach (var ((a, b), w) in weights.OrderBy(p => p.Key))
            {
                edges[a].Add((b, w));
                if (a != b)
                {
                    edges[b].Add((a, w));
                }
            }

            return (new Level { Edges = edges, Degree = degree, TotalWeight = TotalWeight }, refined);
        }
    }
}

using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Seqlets;
using Genomics.Models.Compute;
using Genomics.Models.IO;
using Genomics.Models.Numerics;
using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// TF-MoDISco-lite motif discovery from attribution maps: seqlets → metaclusters by sign → coarse similarity (gapped
/// k-mer embeddings, nearest neighbours) → fine similarity (continuous Jaccard of aligned hypothetical contributions)
/// → perplexity-based affinities → Leiden clustering → aligned aggregation into patterns (trimmed) → optional
/// sub-clustering → merging of similar patterns → final size and information filters.
/// </summary>
/// <remarks>
/// All arrays are (N, 4, L), alphabet-major A, C, G, T. Deterministic for a seed. Pattern merging uses one similarity
/// threshold on aligned hypothetical CWMs instead of tfmodisco-lite's (probability, similarity) pairs, and
/// similarities are computed for all seqlet pairs of the coarse neighbourhood (O(n²) in the metacluster size).
/// The options are fixed at construction (and validated there); the context, progress and cancellation come with each
/// run. An instance holds no state between runs, so one may serve several threads.
/// </remarks>
public sealed class TfModisco
{
    /// <summary>Initializes the engine.</summary>
    /// <param name="options">Options (TF-MoDISco-lite defaults when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="ModiscoOptions.Validate"/>); the parameter name is the option's.</exception>
    public TfModisco(ModiscoOptions? options = null)
    {
        Options = (options ?? new ModiscoOptions()).Validate();
    }

    /// <summary>Gets the options.</summary>
    public ModiscoOptions Options { get; }

    /// <summary>Runs motif discovery on an attribution result with hypothetical scores (e.g. from DeepLIFT-SHAP).</summary>
    /// <param name="attributions">Attributions of one-hot inputs with <see cref="AttributionResult.Hypothetical"/> scores.</param>
    /// <param name="oneHot">The attributed sequences (N, 4, L), any numeric dtype.</param>
    /// <param name="context">Where the start, seqlet, metacluster and end messages go (<see cref="ComputeContext.LoggerFactory"/>); <see cref="ComputeContext.Default"/> (no logging) when null. Its seed applies where <see cref="ModiscoOptions.Seed"/> is null (<see cref="ComputeContext.SeedFor"/>).</param>
    /// <param name="progress">Receives one step per stage and metacluster.</param>
    /// <param name="cancellationToken">Checked between stages and Leiden runs.</param>
    /// <returns>The patterns.</returns>
    /// <exception cref="ArgumentException">The result has no hypothetical scores, or the shapes differ.</exception>
    public ModiscoResult Run(AttributionResult attributions, TorchSharp.torch.Tensor oneHot,
        ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        ArgumentNullException.ThrowIfNull(oneHot);
        if (attributions.Hypothetical is null)
        {
            throw new ArgumentException($"TF-MoDISco needs hypothetical scores; '{attributions.Method}' produced none (DeepLIFT-SHAP and ISM do).", nameof(attributions));
        }

        return Run(SeqletArrays.FromTensor(attributions.Scores), SeqletArrays.FromTensor(attributions.Hypothetical), SeqletArrays.FromTensor(oneHot), context, progress, cancellationToken);
    }

    /// <summary>Runs motif discovery.</summary>
    /// <param name="contributions">Actual contributions: attributions × one-hot, (N, 4, L).</param>
    /// <param name="hypothetical">Hypothetical contributions (N, 4, L); ordinary attributions may stand in, as DeepDifE does.</param>
    /// <param name="oneHot">One-hot sequences (N, 4, L).</param>
    /// <param name="context">Where the start, seqlet, metacluster and end messages go (<see cref="ComputeContext.LoggerFactory"/>); <see cref="ComputeContext.Default"/> (no logging) when null. Its seed applies where <see cref="ModiscoOptions.Seed"/> is null (<see cref="ComputeContext.SeedFor"/>).</param>
    /// <param name="progress">Receives one step per stage and metacluster; reaches its total at the end.</param>
    /// <param name="cancellationToken">Checked between stages and Leiden runs.</param>
    /// <returns>The patterns.</returns>
    /// <exception cref="ArgumentException">The shapes differ, or the arrays do not have 4 channels.</exception>
    public ModiscoResult Run(float[,,] contributions, float[,,] hypothetical, float[,,] oneHot,
        ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        SeqletArrays.RequireDnaContributions(contributions, hypothetical, oneHot);

        cancellationToken.ThrowIfCancellationRequested();
        var ctx = context ?? ComputeContext.Default;
        var logger = ctx.LoggerFactory.CreateLogger(typeof(TfModisco).FullName!);
        var seed = ctx.SeedFor(Options.Seed, ModiscoOptions.DefaultSeed);
        var options = Options with { Seed = seed };   // every later random choice reads the resolved seed
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int examples = contributions.GetLength(0), length = contributions.GetLength(2);
        ModiscoLog.Start(logger, examples, length);
        const int Total = 7;
        var done = 0;
        void Step(string stage)
        {
            done++;
            progress?.Report(new OperationProgress(stage, done, Total));
        }

        var data = new AttributionData(contributions, hypothetical, oneHot);
        var call = WindowedSeqletCaller.Call(SeqletArrays.PerPosition(contributions), options.Seqlets with { Seed = seed });
        Step("seqlets");
        ModiscoLog.Seqlets(logger, call.Seqlets.Count, call.NegativeThreshold, call.PositiveThreshold);
        if (call.Seqlets.Count == 0)
        {
            ModiscoLog.NoSeqlets(logger);
        }

        var signed = call.Seqlets.Select(s => (Seqlet: s, Total: Sum(data.Contributions, s))).ToList();
        var results = new List<ModiscoPattern>[2];
        for (var m = 0; m < 2; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sign = m == 0 ? 1 : -1;
            var members = signed.Where(s => sign > 0 ? s.Total >= 0 : s.Total < 0)
                .OrderByDescending(s => Math.Abs(s.Total)).ThenBy(s => s.Seqlet.Example).ThenBy(s => s.Seqlet.Start)
                .Take(options.MaxSeqletsPerMetacluster)
                .Select(s => s.Seqlet with { Score = s.Total })
                .ToList();
            var label = sign > 0 ? "pos_patterns" : "neg_patterns";
            results[m] = members.Count >= Math.Max(2, options.MinMetaclusterSize)
                ? Metacluster(data, members, sign, label, options, () => Step(label + ": clustering"), cancellationToken)
                : [];
            ModiscoLog.Metacluster(logger, label, members.Count, results[m].Count);
            while (done < 1 + 3 * (m + 1))
            {
                Step(label);
            }
        }

        ModiscoLog.End(logger, results[0].Count, results[1].Count, clock.Elapsed.TotalSeconds);
        return new ModiscoResult(call, results[0], results[1]);
    }

    private static List<ModiscoPattern> Metacluster(AttributionData data, List<Seqlet> seqlets, int sign, string label, ModiscoOptions options, Action step, CancellationToken ct)
    {
        var clusters = Cluster(data, seqlets.Select(s => new Placement(s.Example, s.Start, false)).ToList(), seqlets[0].Length, options.Perplexity, options, ct);
        step();
        var patterns = new List<Aggregate>();
        foreach (var cluster in clusters)
        {
            ct.ThrowIfCancellationRequested();
            var aggregate = Aggregate.Build(data, cluster, seqlets[0].Length, options);
            if (aggregate is not null)
            {
                patterns.Add(aggregate);
            }
        }

        step();
        patterns = Merge(data, patterns, options, ct);
        var kept = patterns
            .Where(p => p.Members.Count >= options.FinalMinClusterSize && p.PassesInformationFilter(options))
            .OrderByDescending(p => p.Members.Count).ThenBy(p => p.Members[0].Example).ThenBy(p => p.Members[0].Anchor)
            .ToList();
        var result = new List<ModiscoPattern>();
        for (var k = 0; k < kept.Count; k++)
        {
            var name = $"{label}.pattern_{k}";
            IReadOnlyList<ModiscoPattern> subpatterns = [];
            if (options.Subcluster && kept[k].Members.Count >= 2)
            {
                var sub = Cluster(data, kept[k].Members, kept[k].Width, options.SubclusterPerplexity, options, ct);
                if (sub.Count > 1)
                {
                    subpatterns = [.. sub.Select(c => Aggregate.FromPlacements(data, c, 0, kept[k].Width, options))
                        .OrderByDescending(a => a.Members.Count)
                        .Select((a, i) => a.ToPattern($"{name}.subpattern_{i}", sign, []))];
                }
            }

            result.Add(kept[k].ToPattern(name, sign, subpatterns));
        }

        return result;
    }

    /// <summary>Coarse neighbours, fine similarity, correlation filter, perplexity affinities and Leiden; returns clusters of placements.</summary>
    private static List<List<Placement>> Cluster(AttributionData data, List<Placement> placements, int width, double perplexity, ModiscoOptions options, CancellationToken ct)
    {
        var n = placements.Count;
        var hyp = placements.Select(p => data.Extract(data.Hypothetical, p, 0, width)!).ToArray();
        var hypRc = hyp.Select(AlphabetMatrix.ReverseComplement).ToArray();
        var contrib = placements.Select(p => data.Extract(data.Contributions, p, 0, width)!).ToArray();
        var oneHot = placements.Select(p => data.Extract(data.OneHot, p, 0, width)!).ToArray();
        var forward = contrib.Select((c, i) => Similarity.GappedKmerEmbedding(c, oneHot[i])).ToArray();
        var reverse = contrib.Select((c, i) => Similarity.GappedKmerEmbedding(AlphabetMatrix.ReverseComplement(c), AlphabetMatrix.ReverseComplement(oneHot[i]))).ToArray();
        var minOverlap = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * width));
        var k = Math.Min(options.NearestNeighbours, n - 1);

        var neighbours = new int[n][];
        var coarse = new double[n][];
        var fine = new double[n][];
        for (var i = 0; i < n; i++)
        {
            ct.ThrowIfCancellationRequested();
            var scored = Enumerable.Range(0, n).Where(j => j != i)
                .Select(j => (J: j, S: Math.Max(Similarity.Cosine(forward[i], forward[j]), Similarity.Cosine(forward[i], reverse[j]))))
                .OrderByDescending(p => p.S).ThenBy(p => p.J).Take(k).ToArray();
            neighbours[i] = [.. scored.Select(p => p.J)];
            coarse[i] = [.. scored.Select(p => p.S)];
            fine[i] = [.. neighbours[i].Select(j => Similarity.Best(hyp[i], hyp[j], hypRc[j], minOverlap).Similarity)];
        }

        var keep = Enumerable.Range(0, n).Where(i => neighbours[i].Length < 3 || !(Correlation.Pearson(coarse[i], fine[i], zeroVarianceResult: 1) < options.CorrelationThreshold)).ToArray();
        if (keep.Length == 0)
        {
            return [];
        }

        var index = new Dictionary<int, int>();
        for (var t = 0; t < keep.Length; t++)
        {
            index[keep[t]] = t;
        }

        var graph = new WeightedGraph(keep.Length);
        var rows = new Dictionary<(int, int), double>();
        foreach (var i in keep)
        {
            var js = new List<int>();
            var d = new List<double>();
            for (var t = 0; t < neighbours[i].Length; t++)
            {
                if (index.TryGetValue(neighbours[i][t], out var target))
                {
                    js.Add(target);
                    d.Add(Math.Log(1 / (0.5 * Math.Max(fine[i][t], 1e-7)) - 1));
                }
            }

            var p = PerplexityRow(d, perplexity);
            for (var t = 0; t < js.Count; t++)
            {
                var key = index[i] < js[t] ? (index[i], js[t]) : (js[t], index[i]);
                rows[key] = rows.GetValueOrDefault(key) + p[t] / 2;
            }
        }

        foreach (var ((a, b), w) in rows.OrderBy(r => r.Key))
        {
            graph.AddEdge(a, b, w);
        }

        var membership = graph.TotalWeight > 0
            ? Leiden.FindPartition(graph, options.LeidenRuns, unchecked((int)(options.Seed ?? ModiscoOptions.DefaultSeed)), cancellationToken: ct).Membership
            : new int[keep.Length];
        return [.. membership.Select((c, t) => (c, t)).GroupBy(p => p.c).OrderBy(g => g.Key).Select(g => g.Select(p => placements[keep[p.t]]).ToList())];
    }

    /// <summary>Conditional probabilities exp(−β d) / Σ with β found by bisection so that the row's perplexity matches.</summary>
    internal static double[] PerplexityRow(IReadOnlyList<double> distances, double perplexity)
    {
        var n = distances.Count;
        if (n == 0)
        {
            return [];
        }

        var target = Math.Log(Math.Min(perplexity, n));
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity, beta = 1;
        var p = new double[n];
        var dMin = distances.Min();
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double sum = 0, weighted = 0;
            for (var t = 0; t < n; t++)
            {
                p[t] = Math.Exp(-beta * (distances[t] - dMin));
                sum += p[t];
                weighted += p[t] * (distances[t] - dMin);
            }

            var entropy = Math.Log(sum) + beta * weighted / sum;
            for (var t = 0; t < n; t++)
            {
                p[t] /= sum;
            }

            if (Math.Abs(entropy - target) < 1e-5)
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

        return p;
    }

    private static List<Aggregate> Merge(AttributionData data, List<Aggregate> patterns, ModiscoOptions options, CancellationToken ct)
    {
        while (patterns.Count > 1)
        {
            ct.ThrowIfCancellationRequested();
            (int A, int B, double S) best = (-1, -1, double.NegativeInfinity);
            for (var a = 0; a < patterns.Count; a++)
            {
                for (var b = a + 1; b < patterns.Count; b++)
                {
                    var minOverlap = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * Math.Min(patterns[a].Width, patterns[b].Width)));
                    var s = Similarity.Best(patterns[a].Hypothetical, patterns[b].Hypothetical, AlphabetMatrix.ReverseComplement(patterns[b].Hypothetical), minOverlap).Similarity;
                    if (s > best.S)
                    {
                        best = (a, b, s);
                    }
                }
            }

            if (best.S < options.MergeSimilarityThreshold)
            {
                break;
            }

            var (pa, pb) = (patterns[best.A], patterns[best.B]);
            var minO = Math.Max(1, (int)Math.Ceiling(options.MinOverlap * Math.Min(pa.Width, pb.Width)));
            var alignment = Similarity.Best(pa.Hypothetical, pb.Hypothetical, AlphabetMatrix.ReverseComplement(pb.Hypothetical), minO);
            var moved = pb.Members.Select(m => Compose(m, pb.Width, alignment)).ToList();
            var merged = Aggregate.FromPlacements(data, [.. pa.Members, .. moved], 0, pa.Width, options, retrim: true);
            patterns.RemoveAt(best.B);
            patterns[best.A] = merged;
        }

        return patterns;
    }

    /// <summary>Re-expresses a member placement of pattern B in pattern A's columns, given B's alignment to A.</summary>
    private static Placement Compose(Placement member, int widthB, Alignment alignment)
    {
        if (!alignment.Reverse)
        {
            // B column c ↔ A column c + o: A column 0 is B column −o.
            return member with { Anchor = member.Reverse ? member.Anchor + alignment.Offset : member.Anchor - alignment.Offset };
        }

        // RC(B) column c ↔ A column c + o, RC(B) column c = B column widthB − 1 − c; A column 0 = B column widthB − 1 + o, read backwards.
        var bColumn = widthB - 1 + alignment.Offset;
        var position = member.Reverse ? member.Anchor - bColumn : member.Anchor + bColumn;
        return new Placement(member.Example, position, !member.Reverse);
    }

    private static double Sum(float[,,] contributions, Seqlet s)
    {
        double total = 0;
        for (var b = 0; b < 4; b++)
        {
            for (var j = s.Start; j < s.End; j++)
            {
                total += contributions[s.Example, b, j];
            }
        }

        return total;
    }
}

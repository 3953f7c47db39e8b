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
/// spurious-merge detection and merging of similar patterns → final size and information filters → sub-patterns.
/// </summary>
/// <remarks>
/// All arrays are (N, 4, L), alphabet-major A, C, G, T. Deterministic for a seed. Follows tfmodisco-lite 2.x: two clustering
/// rounds (the second re-clusters the polished seqlets of the first round's patterns), spurious-merge detection by
/// sub-clustering, merging on (cross-contamination, similarity) threshold pairs with dealbreakers, final size and
/// information filters, then sub-patterns of each final pattern. Differences: the coarse embedding is a simpler gapped
/// k-mer count, a merged pattern's seqlets move with one alignment of the two patterns rather than one alignment each,
/// and the final minimum cluster size scales with the metacluster by default (<see cref="ModiscoOptions.FinalMinClusterSize"/>).
/// The result's <see cref="ModiscoResult.Diagnostic"/> counts what each stage removed.
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
        var diagnostics = new ModiscoMetaclusterDiagnostic[2];
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
            if (members.Count >= Math.Max(2, options.MinMetaclusterSize))
            {
                (results[m], diagnostics[m]) = Metacluster(data, members, sign, label, options, () => Step(label + ": clustering"), cancellationToken);
            }
            else
            {
                results[m] = [];
                diagnostics[m] = new ModiscoMetaclusterDiagnostic(label, members.Count, options.MinMetaclusterSize, 0, 0, 0, 0, 0,
                    options.ResolveFinalMinClusterSize(members.Count), 0, 0, 0, 0, 0, 0);
            }

            ModiscoLog.Metacluster(logger, label, members.Count, results[m].Count);
            while (done < 1 + 3 * (m + 1))
            {
                Step(label);
            }
        }

        var diagnostic = new ModiscoDiagnostic(call.Seqlets.Count, diagnostics);
        ModiscoLog.End(logger, results[0].Count, results[1].Count, clock.Elapsed.TotalSeconds);
        if (diagnostic.EmptyReason is { } reason)
        {
            ModiscoLog.NoPatterns(logger, reason);
        }

        return new ModiscoResult(call, results[0], results[1]) { Diagnostic = diagnostic };
    }

    private static (List<ModiscoPattern> Patterns, ModiscoMetaclusterDiagnostic Diagnostic) Metacluster(
        AttributionData data, List<Seqlet> seqlets, int sign, string label, ModiscoOptions options, Action step, CancellationToken ct)
    {
        var finalMinClusterSize = options.ResolveFinalMinClusterSize(seqlets.Count);
        var width = seqlets[0].Length;
        var current = seqlets.Select(s => new Placement(s.Example, s.Start, false)).ToList();
        var background = Background(data, current, width);

        // Two rounds, as tfmodisco-lite runs them: the second re-clusters the polished seqlets of the first round's patterns
        // (re-assigning each seqlet by its similarity to all others), without the correlation filter.
        var patterns = new List<Aggregate>();
        int removedByCorrelation = 0, clusters = 0;
        for (var round = 0; round < 2 && current.Count > 0; round++)
        {
            ct.ThrowIfCancellationRequested();
            var (found, removed) = SeqletClusterer.Cluster(data, current, width, options, correlationFilter: round == 0, ct);
            if (round == 0)
            {
                removedByCorrelation = removed;
                clusters = found.Count;
            }

            patterns = [.. found.Select(c => Aggregate.Build(data, c, width, options, background)).OfType<Aggregate>().Where(a => Math.Sign(a.ContributionTotals.Sum()) == sign)];
            current = [.. patterns.SelectMany(p => p.Members).DistinctBy(m => (m.Example, m.Interval(0, width).Start))
                .Select(m => (P: m, Total: Math.Abs(Total(data, m, options.TrimToWindowSize + 2 * options.InitialFlankToAdd))))
                .OrderByDescending(t => t.Total).ThenBy(t => t.P.Example).ThenBy(t => t.P.Anchor).Select(t => t.P)];
            width = options.TrimToWindowSize + 2 * options.InitialFlankToAdd;
        }

        step();
        patterns = PatternMerging.DetectSpuriousMerging(data, patterns, options, background, finalMinClusterSize, ct);
        step();
        var afterMerging = patterns.Sum(p => p.Members.Count);
        var bySize = patterns.Where(p => p.Members.Count < finalMinClusterSize).ToList();
        var byInformation = patterns.Where(p => p.Members.Count >= finalMinClusterSize && !p.PassesInformationFilter(options, background)).ToList();
        var kept = patterns
            .Where(p => p.Members.Count >= finalMinClusterSize && p.PassesInformationFilter(options, background))
            .OrderByDescending(p => p.Members.Count).ThenBy(p => p.Members[0].Example).ThenBy(p => p.Members[0].Anchor)
            .ToList();
        var redundant = 0;
        if (options.RedundantPatternSimilarity is { } threshold)
        {
            (kept, redundant) = MergeRedundant(data, kept, threshold, options);
        }

        var reassigned = 0;
        if (options.ReassignSeqlets && kept.Count > 0)
        {
            (kept, reassigned) = Reassign(data, seqlets, kept, options, ct);
        }

        var result = new List<ModiscoPattern>();
        for (var k = 0; k < kept.Count; k++)
        {
            var name = $"{label}.pattern_{k}";
            IReadOnlyList<ModiscoPattern> subpatterns = [];
            if (options.Subcluster)
            {
                var sub = SeqletClusterer.Subcluster(data, kept[k].Members, kept[k].Width, options.SubclusterPerplexity, options, ct);
                if (sub.Count > 1)
                {
                    subpatterns = [.. sub.Select((c, i) => Aggregate.FromPlacements(data, c, 0, kept[k].Width, options).ToPattern($"{name}.subpattern_{i}", sign, []))];
                }
            }

            result.Add(kept[k].ToPattern(name, sign, subpatterns));
        }

        var inPatterns = kept.Sum(p => p.Members.Count);
        var diagnostic = new ModiscoMetaclusterDiagnostic(label, seqlets.Count, options.MinMetaclusterSize, removedByCorrelation, clusters,
            Math.Max(0, seqlets.Count - removedByCorrelation - afterMerging), patterns.Count, afterMerging, finalMinClusterSize,
            bySize.Count, bySize.Sum(p => p.Members.Count), byInformation.Count, byInformation.Sum(p => p.Members.Count), kept.Count, inPatterns)
        {
            Reassigned = reassigned,
            MergedAsRedundant = redundant,
        };
        return (result, diagnostic);
    }

    /// <summary>
    /// Folds each final pattern, smallest first, into the larger final pattern it resembles most when their CWM similarity
    /// (the merging aligner's, averaged over both directions) reaches <paramref name="threshold"/>: its seqlets move into the
    /// larger pattern's frame at that alignment. Returns the patterns, largest first, and how many were folded.
    /// </summary>
    private static (List<Aggregate> Patterns, int Folded) MergeRedundant(AttributionData data, List<Aggregate> patterns, double threshold, ModiscoOptions options)
    {
        var list = patterns.OrderByDescending(p => p.Members.Count).ToList();
        var folded = 0;
        for (var small = list.Count - 1; small > 0; small--)
        {
            (int Index, double Similarity) best = (-1, double.NegativeInfinity);
            for (var large = 0; large < small; large++)
            {
                var similarity = 0.5 * (Similarity.BestCosine(list[large].Cwm, list[small].Cwm, options.MinOverlap).Similarity
                    + Similarity.BestCosine(list[small].Cwm, list[large].Cwm, options.MinOverlap).Similarity);
                if (similarity > best.Similarity)
                {
                    best = (large, similarity);
                }
            }

            if (best.Similarity < threshold)
            {
                continue;
            }

            var (parent, child) = (list[best.Index], list[small]);
            var alignment = Similarity.BestCosine(parent.Cwm, child.Cwm, options.MinOverlap);
            list[best.Index] = Aggregate.FromPlacements(data, [.. parent.Members, .. child.Members.Select(m => PatternMerging.Compose(m, child.Width, alignment))], 0, parent.Width, options);
            list.RemoveAt(small);
            folded++;
        }

        return ([.. list.OrderByDescending(p => p.Members.Count).ThenBy(p => p.Members[0].Example).ThenBy(p => p.Members[0].Anchor)], folded);
    }

    /// <summary>
    /// Offers every seqlet of the metacluster that no final pattern covers (no member overlaps it by half a pattern width) to the final
    /// patterns: at each shift that keeps the pattern inside the seqlet, on both strands, the continuous Jaccard of the
    /// window's hypothetical contributions with the pattern's hypothetical CWM; the seqlet joins the pattern where that
    /// reaches the pattern's own 10th-percentile member similarity by the widest margin. Returns the patterns and how many
    /// seqlets joined.
    /// </summary>
    private static (List<Aggregate> Patterns, int Added) Reassign(AttributionData data, List<Seqlet> seqlets, List<Aggregate> patterns, ModiscoOptions options, CancellationToken ct)
    {
        // A seqlet is covered when a member of some pattern overlaps it by half the pattern's width or more.
        var intervals = new Dictionary<int, List<(int Start, int End)>>();
        foreach (var p in patterns)
        {
            foreach (var m in p.Members)
            {
                if (!intervals.TryGetValue(m.Example, out var list))
                {
                    intervals[m.Example] = list = [];
                }

                list.Add(m.Interval(0, p.Width));
            }
        }

        var candidates = seqlets.Where(s => !intervals.TryGetValue(s.Example, out var list)
            || !list.Any(iv => Math.Min(iv.End, s.End) - Math.Max(iv.Start, s.Start) >= (iv.End - iv.Start) / 2)).ToList();
        if (candidates.Count == 0)
        {
            return (patterns, 0);
        }

        var norms = patterns.Select(p => Similarity.L1(p.Hypothetical)).ToArray();
        double Score(int k, double[,] window) => Similarity.ContinuousJaccard(patterns[k].Hypothetical, window, 0, norms[k], Similarity.L1(window));
        var thresholds = patterns.Select((p, k) =>
        {
            var own = p.Members.Select(m => data.Extract(data.Hypothetical, m, 0, p.Width)).OfType<double[,]>().Select(w => Score(k, w)).Order().ToArray();
            return own.Length == 0 ? double.PositiveInfinity : own[(int)(0.1 * (own.Length - 1))];
        }).ToArray();
        var added = patterns.Select(_ => new List<Placement>()).ToArray();
        foreach (var seqlet in candidates)
        {
            ct.ThrowIfCancellationRequested();
            (int K, Placement P, double Margin) best = (-1, default, 0);
            for (var k = 0; k < patterns.Count; k++)
            {
                var w = patterns[k].Width;
                for (var shift = 0; shift + w <= seqlet.Length; shift++)
                {
                    foreach (var reverse in new[] { false, true })
                    {
                        var placement = reverse ? new Placement(seqlet.Example, seqlet.Start + shift + w - 1, true) : new Placement(seqlet.Example, seqlet.Start + shift, false);
                        if (data.Extract(data.Hypothetical, placement, 0, w) is not { } window)
                        {
                            continue;
                        }

                        var margin = Score(k, window) - thresholds[k];
                        if (margin >= best.Margin && (best.K < 0 || margin > best.Margin))
                        {
                            best = (k, placement, margin);
                        }
                    }
                }
            }

            if (best.K >= 0)
            {
                added[best.K].Add(best.P);
            }
        }

        var total = 0;
        var result = new List<Aggregate>();
        for (var k = 0; k < patterns.Count; k++)
        {
            if (added[k].Count == 0)
            {
                result.Add(patterns[k]);
                continue;
            }

            var grown = Aggregate.FromPlacements(data, [.. patterns[k].Members, .. added[k]], 0, patterns[k].Width, options);
            total += grown.Members.Count - patterns[k].Members.Count;
            result.Add(grown);
        }

        return ([.. result.OrderByDescending(p => p.Members.Count).ThenBy(p => p.Members[0].Example).ThenBy(p => p.Members[0].Anchor)], total);
    }

    /// <summary>Base composition of the metacluster's seqlets (tfmodisco-lite's background for information content).</summary>
    private static double[] Background(AttributionData data, List<Placement> placements, int width)
    {
        var counts = new double[4];
        foreach (var p in placements)
        {
            if (data.Extract(data.OneHot, p, 0, width) is { } m)
            {
                for (var b = 0; b < 4; b++)
                {
                    for (var c = 0; c < width; c++)
                    {
                        counts[b] += m[b, c];
                    }
                }
            }
        }

        var total = counts.Sum();
        return total > 0 ? [.. counts.Select(c => Math.Max(c / total, 1e-6))] : [0.25, 0.25, 0.25, 0.25];
    }

    private static double Total(AttributionData data, Placement p, int width)
    {
        var m = data.Extract(data.Contributions, p, 0, width);
        double t = 0;
        if (m is not null)
        {
            foreach (var v in m)
            {
                t += v;
            }
        }

        return t;
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

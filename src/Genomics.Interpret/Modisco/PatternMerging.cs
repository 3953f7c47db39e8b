namespace Genomics.Interpret.Modisco;

/// <summary>
/// tfmodisco-lite's merging of similar patterns (SimilarPatternsCollapser) and its check for spurious merges (split large
/// patterns by sub-clustering, then merge the parts back where they belong).
/// </summary>
internal static class PatternMerging
{
    /// <summary>Splits each pattern larger than max(final minimum size, sub-cluster perplexity) into its sub-clusters, merges each pattern's parts among themselves, then merges everything.</summary>
    public static List<Aggregate> DetectSpuriousMerging(AttributionData data, List<Aggregate> patterns, ModiscoOptions options, double[] background, int finalMinClusterSize, CancellationToken ct)
    {
        var minInSubcluster = Math.Max(finalMinClusterSize, options.SubclusterPerplexity);
        var parts = new List<Aggregate>();
        foreach (var pattern in patterns)
        {
            ct.ThrowIfCancellationRequested();
            if (pattern.Members.Count > minInSubcluster)
            {
                var subclusters = SeqletClusterer.Subcluster(data, pattern.Members, pattern.Width, options.SubclusterPerplexity, options, ct)
                    .Select(c => Aggregate.FromPlacements(data, c, 0, pattern.Width, options)).Where(a => a.Members.Count > 0).ToList();
                parts.AddRange(Collapse(data, subclusters, options, background, ct));
            }
            else
            {
                parts.Add(pattern);
            }
        }

        return Collapse(data, parts, options, background, ct);
    }

    /// <summary>
    /// Merges patterns until no pair qualifies: pairs in order of decreasing similarity merge when some
    /// <see cref="ModiscoOptions.MergeThresholds"/> pair is met and no two patterns of the resulting group meet a
    /// <see cref="ModiscoOptions.DealbreakerThresholds"/> pair; the smaller pattern's seqlets join the larger at their
    /// alignment, and the result is re-polished. Largest first.
    /// </summary>
    public static List<Aggregate> Collapse(AttributionData data, List<Aggregate> input, ModiscoOptions options, double[] background, CancellationToken ct)
    {
        var patterns = input.OrderByDescending(p => p.Members.Count).ToList();
        var alignments = new Dictionary<(Aggregate Parent, Aggregate Child), Alignment>();
        var contamination = new Dictionary<(Aggregate Parent, Aggregate Child), double>();
        var minMergeSimilarity = options.MergeThresholds.Count == 0 ? double.PositiveInfinity : options.MergeThresholds.Min(t => t.Similarity);
        var maxDealbreakerSimilarity = options.DealbreakerThresholds.Count == 0 ? double.NegativeInfinity : options.DealbreakerThresholds.Max(t => t.Similarity);

        Alignment Align(Aggregate parent, Aggregate child)
        {
            if (!alignments.TryGetValue((parent, child), out var a))
            {
                a = Similarity.BestCosine(parent.Cwm, child.Cwm, options.MinOverlap);
                alignments[(parent, child)] = a;
            }

            return a;
        }

        double Contamination(Aggregate parent, Aggregate child)
        {
            if (!contamination.TryGetValue((parent, child), out var c))
            {
                c = 2 * (1 - Math.Max(Auroc(data, parent, child, Align(parent, child), options.MergingMaxSeqletsSubsample), 0.5));
                contamination[(parent, child)] = c;
            }

            return c;
        }

        while (patterns.Count > 1)
        {
            ct.ThrowIfCancellationRequested();
            var n = patterns.Count;
            var similarity = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    similarity[i, j] = similarity[j, i] = 0.5 * (Align(patterns[i], patterns[j]).Similarity + Align(patterns[j], patterns[i]).Similarity);
                }
            }

            var partners = Enumerable.Range(0, n).Select(i => new HashSet<int> { i }).ToArray();
            var merges = new List<(int I, int J)>();
            var pairs = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(i + 1, n - i - 1).Select(j => (I: i, J: j)))
                .OrderByDescending(p => similarity[p.I, p.J]).ThenBy(p => p.I).ThenBy(p => p.J);
            foreach (var (i, j) in pairs)
            {
                var sim = similarity[i, j];
                if (sim < minMergeSimilarity)
                {
                    break;
                }

                var cross = Math.Min(Contamination(patterns[i], patterns[j]), Contamination(patterns[j], patterns[i]));
                if (!options.MergeThresholds.Any(t => cross >= t.CrossContamination && sim >= t.Similarity))
                {
                    continue;
                }

                var group = new HashSet<int>(partners[i]);
                group.UnionWith(partners[j]);
                var members = group.Order().ToArray();
                var vetoed = false;
                for (var a = 0; a < members.Length && !vetoed; a++)
                {
                    for (var b = a + 1; b < members.Length && !vetoed; b++)
                    {
                        var simHere = similarity[members[a], members[b]];
                        if (simHere > maxDealbreakerSimilarity)
                        {
                            continue;
                        }

                        var crossHere = 0.5 * (Contamination(patterns[members[a]], patterns[members[b]]) + Contamination(patterns[members[b]], patterns[members[a]]));
                        vetoed = options.DealbreakerThresholds.Any(t => crossHere <= t.CrossContamination && simHere <= t.Similarity);
                    }
                }

                if (!vetoed)
                {
                    merges.Add((i, j));
                    foreach (var m in group)
                    {
                        partners[m] = group;
                    }
                }
            }

            if (merges.Count == 0)
            {
                break;
            }

            var current = patterns.ToArray();
            foreach (var (i, j) in merges)
            {
                var (a, b) = (current[i], current[j]);
                if (ReferenceEquals(a, b))
                {
                    continue;
                }

                var (parent, child) = a.Members.Count < b.Members.Count ? (b, a) : (a, b);
                var alignment = Similarity.BestCosine(parent.Cwm, child.Cwm, options.MinOverlap);
                var moved = child.Members.Select(m => Compose(m, child.Width, alignment));
                var merged = Aggregate.Polish(data, [.. parent.Members, .. moved], parent.Width, options, background);
                if (merged is null)
                {
                    continue;
                }

                for (var k = 0; k < current.Length; k++)
                {
                    if (ReferenceEquals(current[k], parent) || ReferenceEquals(current[k], child))
                    {
                        current[k] = merged;
                    }
                }
            }

            var next = current.Distinct(ReferenceEqualityComparer.Instance).Cast<Aggregate>().OrderByDescending(p => p.Members.Count).ToList();
            if (next.Count == patterns.Count)
            {
                break;
            }

            patterns = next;
        }

        return patterns;
    }

    /// <summary>Re-expresses a member placement of pattern B in pattern A's columns, given B's alignment to A (B column c ↔ A column c + offset).</summary>
    public static Placement Compose(Placement member, int widthB, Alignment alignment)
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

    /// <summary>
    /// AUROC separating the parent's seqlet-to-seqlet continuous Jaccard similarities (positives, self-pairs included)
    /// from those between the parent's seqlets and the child's seqlets moved into the parent's frame (negatives); each
    /// side subsampled to at most <paramref name="maxSeqlets"/> seqlets with tfmodisco-lite's seed. 0.5 when no child
    /// seqlet fits in the parent's frame.
    /// </summary>
    private static double Auroc(AttributionData data, Aggregate parent, Aggregate child, Alignment alignment, int maxSeqlets)
    {
        var width = parent.Width;
        float[]? Features(Placement p)
        {
            var hyp = data.Extract(data.Hypothetical, p, 0, width);
            return hyp is null ? null : Similarity.Features(hyp, data.Extract(data.Contributions, p, 0, width)!);
        }

        var own = Subsample(parent.Members, maxSeqlets).Select(Features).OfType<float[]>().ToArray();
        var other = Subsample(child.Members, maxSeqlets).Select(m => Features(Compose(m, child.Width, alignment))).OfType<float[]>().ToArray();
        if (own.Length == 0 || other.Length == 0)
        {
            return 0.5;
        }

        var within = new double[own.Length * own.Length];
        var between = new double[own.Length * other.Length];
        Parallel.For(0, own.Length, i =>
        {
            for (var j = 0; j < own.Length; j++)
            {
                within[i * own.Length + j] = Similarity.Jaccard(own[i], own[j]);
            }

            for (var j = 0; j < other.Length; j++)
            {
                between[i * other.Length + j] = Similarity.Jaccard(own[i], other[j]);
            }
        });

        // Mann–Whitney: AUROC = (rank sum of positives − n₊(n₊ + 1)/2) / (n₊ n₋), ties sharing the mean rank.
        Array.Sort(within);
        Array.Sort(between);
        double rankSum = 0;
        int a = 0, b = 0;
        while (a < within.Length)
        {
            var v = within[a];
            int lessB = b;
            while (lessB < between.Length && between[lessB] < v)
            {
                lessB++;
            }

            var equalB = lessB;
            while (equalB < between.Length && between[equalB] == v)
            {
                equalB++;
            }

            var equalA = a;
            while (equalA < within.Length && within[equalA] == v)
            {
                equalA++;
            }

            // Positives a…equalA−1 tie with each other and with between[lessB…equalB−1].
            var below = a + lessB;
            var ties = (equalA - a) + (equalB - lessB);
            var meanRank = below + (ties + 1) / 2.0;
            rankSum += meanRank * (equalA - a);
            a = equalA;
            b = equalB;
        }

        double positives = within.Length, negatives = between.Length;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static IEnumerable<Placement> Subsample(List<Placement> members, int max)
    {
        if (members.Count <= max)
        {
            return members;
        }

        var random = new Random(1234);
        var order = Enumerable.Range(0, members.Count).ToArray();
        random.Shuffle(order);
        return order.Take(max).Order().Select(i => members[i]);
    }
}

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;

namespace Genomics.Interpret.Neurons;

/// <summary>A database match of one neuron motif (a mode or one of its segments).</summary>
/// <param name="Task">The neuron, e.g. <c>conv5_neuron3</c>.</param>
/// <param name="Mode">The mode's rank among the neuron's modes (0 = highest maximum activation).</param>
/// <param name="Segment">The segment compared, or null when the whole mode was.</param>
/// <param name="Query">The query motif (id <c>{task}_mode{k}</c>, with <c>_seg{start}-{end}</c> for segments).</param>
/// <param name="Match">The comparer's match.</param>
public sealed record NeuronMotifMatch(string Task, int Mode, MotifSegment? Segment, Motif Query, MotifMatch Match);

/// <summary>
/// NeuronMotif's database matching (TOMTOM, as in wzthu/NeuronMotif): the segments of every motif mode (or the whole mode when it has
/// none) are compared with a motif database by a TOMTOM-equivalent comparer.
/// </summary>
public static class NeuronMotifMatching
{
    /// <summary>
    /// CombMotif's settings: Pearson columns, minimum overlap 5, forward strand only, q ≤ 0.01. (NeuronMotif's demos
    /// compare DNA motifs on both strands; pass your own options for that.)
    /// </summary>
    public static TomtomOptions CombMotifOptions { get; } = new() { MinOverlap = 5, BothStrands = false, ThresholdOn = SignificanceMeasure.QValue, Threshold = 0.01 };

    /// <summary>The query motifs of a neuron's modes.</summary>
    /// <param name="result">A demixed neuron.</param>
    /// <param name="useSegments">Compare segments where a mode has any (default); false compares whole modes.</param>
    /// <returns>(mode rank, segment or null, motif) triples.</returns>
    public static IReadOnlyList<(int Mode, MotifSegment? Segment, Motif Motif)> Queries(NeuronMotifResult result, bool useSegments = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        var task = $"{result.Samples.Layer.Name}_neuron{result.Samples.Neuron}";
        var queries = new List<(int, MotifSegment?, Motif)>();
        for (var k = 0; k < result.Modes.Count; k++)
        {
            var mode = result.Modes[k];
            var id = $"{task}_mode{k}";
            if (useSegments && mode.Segments.Count > 0)
            {
                var motifs = mode.SegmentMotifs(id);
                for (var s = 0; s < motifs.Count; s++)
                {
                    queries.Add((k, mode.Segments[s], motifs[s]));
                }
            }
            else
            {
                queries.Add((k, null, mode.ToMotif(id)));
            }
        }

        return queries;
    }

    /// <summary>Matches the motifs of demixed neurons against a database.</summary>
    /// <param name="results">Demixed neurons.</param>
    /// <param name="database">Target motifs (DNA alphabet).</param>
    /// <param name="comparer">The comparer; a <see cref="TomtomComparer"/> with <see cref="CombMotifOptions"/> when null.</param>
    /// <param name="useSegments">Compare segments where a mode has any (default); false compares whole modes.</param>
    /// <param name="progress">Passed to the comparer.</param>
    /// <param name="cancellationToken">Passed to the comparer.</param>
    /// <returns>Every reported match, by task, mode, then ascending p-value.</returns>
    /// <exception cref="ArgumentException">The database is empty.</exception>
    public static IReadOnlyList<NeuronMotifMatch> Match(IEnumerable<NeuronMotifResult> results, IReadOnlyList<Motif> database, IMotifComparer? comparer = null, bool useSegments = true, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(database);
        if (database.Count == 0)
        {
            throw new ArgumentException("The motif database is empty.", nameof(database));
        }

        var queries = new List<(string Task, int Mode, MotifSegment? Segment, Motif Motif)>();
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            var task = $"{result.Samples.Layer.Name}_neuron{result.Samples.Neuron}";
            queries.AddRange(Queries(result, useSegments).Select(q => (task, q.Mode, q.Segment, q.Motif)));
        }

        if (queries.Count == 0)
        {
            return [];
        }

        var byId = queries.ToDictionary(q => q.Motif.Id, StringComparer.Ordinal);
        var matches = (comparer ?? new TomtomComparer(CombMotifOptions)).Compare(queries.Select(q => q.Motif).ToArray(), database, progress: progress, cancellationToken: cancellationToken);
        return matches.Select(m =>
        {
            var q = byId[m.QueryId];
            return new NeuronMotifMatch(q.Task, q.Mode, q.Segment, q.Motif, m);
        }).OrderBy(m => m.Task, StringComparer.Ordinal).ThenBy(m => m.Mode).ThenBy(m => m.Match.PValue).ToArray();
    }
}

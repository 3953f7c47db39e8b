using System.Globalization;
using System.Text;

namespace Genomics.Interpret.Modisco;

/// <summary>Where one metacluster's seqlets went, stage by stage.</summary>
/// <param name="Name">pos_patterns or neg_patterns.</param>
/// <param name="Seqlets">Seqlets of this sign (after the per-metacluster cap).</param>
/// <param name="MinMetaclusterSize">The smallest metacluster that is clustered; with fewer <see cref="Seqlets"/> nothing else ran.</param>
/// <param name="RemovedByCorrelationFilter">Seqlets whose coarse and fine similarities to their neighbours did not correlate.</param>
/// <param name="Clusters">Leiden clusters of the first round.</param>
/// <param name="LostInAggregation">Seqlets lost while clusters became patterns over both rounds (wrong-sign clusters, members
/// pushed past a sequence end by alignment or trimming).</param>
/// <param name="PatternsAfterMerging">Patterns left after merging similar patterns.</param>
/// <param name="SeqletsAfterMerging">Seqlets in those patterns.</param>
/// <param name="FinalMinClusterSize">The size filter applied (resolved when <see cref="ModiscoOptions.FinalMinClusterSize"/> is null).</param>
/// <param name="PatternsRemovedBySize">Patterns with fewer seqlets than <see cref="FinalMinClusterSize"/>.</param>
/// <param name="SeqletsRemovedBySize">Their seqlets.</param>
/// <param name="PatternsRemovedByInformation">Patterns whose best window fell short of the information-content filter.</param>
/// <param name="SeqletsRemovedByInformation">Their seqlets.</param>
/// <param name="Patterns">Final patterns.</param>
/// <param name="SeqletsInPatterns">Seqlets in the final patterns.</param>
public sealed record ModiscoMetaclusterDiagnostic(
    string Name,
    int Seqlets,
    int MinMetaclusterSize,
    int RemovedByCorrelationFilter,
    int Clusters,
    int LostInAggregation,
    int PatternsAfterMerging,
    int SeqletsAfterMerging,
    int FinalMinClusterSize,
    int PatternsRemovedBySize,
    int SeqletsRemovedBySize,
    int PatternsRemovedByInformation,
    int SeqletsRemovedByInformation,
    int Patterns,
    int SeqletsInPatterns)
{
    /// <summary>Seqlets that no final pattern covered and that joined one by similarity (<see cref="ModiscoOptions.ReassignSeqlets"/>); included in <see cref="SeqletsInPatterns"/>.</summary>
    public int Reassigned { get; init; }

    /// <summary>Final patterns folded into a larger, similar final pattern (<see cref="ModiscoOptions.RedundantPatternSimilarity"/>).</summary>
    public int MergedAsRedundant { get; init; }

    /// <summary>Whether the metacluster was large enough to be clustered.</summary>
    public bool Clustered => Seqlets >= MinMetaclusterSize && Seqlets >= 2;

    /// <summary>The first stage that left nothing, or null when patterns were found.</summary>
    public string? EmptyStage =>
        Patterns > 0 ? null
        : Seqlets == 0 ? "no seqlets of this sign"
        : !Clustered ? $"{Seqlets} seqlet(s), fewer than the minimum metacluster size {Math.Max(2, MinMetaclusterSize)}"
        : RemovedByCorrelationFilter >= Seqlets ? "the correlation filter removed every seqlet"
        : PatternsAfterMerging == 0 ? "no cluster became a pattern (clusters without contribution of this sign, or members past the sequence ends)"
        : PatternsRemovedBySize >= PatternsAfterMerging ? $"every pattern had fewer than {FinalMinClusterSize} seqlets (largest {SeqletsAfterMerging} seqlets in {PatternsAfterMerging} pattern(s); lower the minimum cluster size)"
        : "every pattern failed the information-content filter";

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {Seqlets} seqlets; correlation filter −{RemovedByCorrelationFilter}; {Clusters} clusters; aggregation −{LostInAggregation}; ") +
        string.Create(CultureInfo.InvariantCulture, $"{PatternsAfterMerging} patterns ({SeqletsAfterMerging} seqlets) after merging; size < {FinalMinClusterSize} −{PatternsRemovedBySize} patterns ({SeqletsRemovedBySize} seqlets); ") +
        string.Create(CultureInfo.InvariantCulture, $"information −{PatternsRemovedByInformation} patterns ({SeqletsRemovedByInformation} seqlets); redundant −{MergedAsRedundant} patterns; re-assigned +{Reassigned}; {Patterns} patterns ({SeqletsInPatterns} seqlets)") +
        (EmptyStage is { } stage ? $"; nothing found: {stage}" : string.Empty);
}

/// <summary>How many seqlets each stage of a <see cref="TfModisco"/> run kept or removed, and, when no pattern was found, why.</summary>
/// <param name="SeqletsCalled">Seqlets called from the attributions.</param>
/// <param name="Metaclusters">The positive then the negative metacluster.</param>
public sealed record ModiscoDiagnostic(int SeqletsCalled, IReadOnlyList<ModiscoMetaclusterDiagnostic> Metaclusters)
{
    /// <summary>Seqlets in the final patterns of both metaclusters.</summary>
    public int SeqletsInPatterns => Metaclusters.Sum(m => m.SeqletsInPatterns);

    /// <summary>Why nothing was found (the stage that left zero in each metacluster), or null when some pattern was found.</summary>
    public string? EmptyReason =>
        Metaclusters.Any(m => m.Patterns > 0) ? null
        : SeqletsCalled == 0 ? "no seqlets passed the thresholds (are the attributions all zero or flat?)"
        : string.Join("; ", Metaclusters.Select(m => $"{m.Name}: {m.EmptyStage}"));

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{SeqletsCalled} seqlets called, {SeqletsInPatterns} in patterns"));
        foreach (var m in Metaclusters)
        {
            text.Append("; ").Append(m);
        }

        if (EmptyReason is { } reason && SeqletsCalled == 0)
        {
            text.Append("; ").Append(reason);
        }

        return text.ToString();
    }
}

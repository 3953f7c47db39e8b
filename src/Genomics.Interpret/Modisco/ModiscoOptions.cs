using Genomics.Interpret.Seqlets;

namespace Genomics.Interpret.Modisco;

/// <summary>Options of <see cref="TfModisco"/>; defaults are TF-MoDISco-lite 2.x's, except where noted.</summary>
public sealed record ModiscoOptions
{
    /// <summary>Seqlet calling (window 21, flank 10, FDR 0.2, passing fraction 0.03…0.2).</summary>
    public WindowedSeqletOptions Seqlets { get; init; } = new();

    /// <summary>Smallest metacluster that is clustered (default 2, as DeepDifE runs it).</summary>
    public int MinMetaclusterSize { get; init; } = 2;

    /// <summary>Most seqlets per metacluster; the strongest are kept (default 20,000).</summary>
    public int MaxSeqletsPerMetacluster { get; init; } = 20_000;

    /// <summary>Nearest neighbours by coarse (gapped k-mer) similarity for which fine similarity is computed (default 500).</summary>
    public int NearestNeighbours { get; init; } = 500;

    /// <summary>Smallest fraction of the seqlet width two aligned seqlets must overlap (default 0.7).</summary>
    public double MinOverlap { get; init; } = 0.7;

    /// <summary>Seqlets whose coarse and fine similarities to their neighbours correlate less are dropped (default 0.15).</summary>
    public double CorrelationThreshold { get; init; } = 0.15;

    /// <summary>Perplexity of the affinity rows (default 10).</summary>
    public double Perplexity { get; init; } = 10;

    /// <summary>Leiden runs per clustering; the best modularity is kept (default 50).</summary>
    public int LeidenRuns { get; init; } = 50;

    /// <summary>Width of the most informative window a pattern is trimmed to before <see cref="InitialFlankToAdd"/> is added on
    /// each side (default 20, so patterns are 30 wide).</summary>
    public int TrimToWindowSize { get; init; } = 20;

    /// <summary>Columns added on each side of the trimmed window (default 5).</summary>
    public int InitialFlankToAdd { get; init; } = 5;

    /// <summary>Before the information window is chosen, pattern edges are trimmed to columns covered by at least
    /// min(<see cref="MinNumberToTrimTo"/>, this fraction × the best-covered column's count) seqlets (default 0.2).</summary>
    public double FractionSupportToTrimTo { get; init; } = 0.2;

    /// <summary>See <see cref="FractionSupportToTrimTo"/> (default 30).</summary>
    public int MinNumberToTrimTo { get; init; } = 30;

    /// <summary>Re-cluster each final pattern's seqlets into sub-patterns (perplexity <see cref="SubclusterPerplexity"/>; default true).</summary>
    public bool Subcluster { get; init; } = true;

    /// <summary>Perplexity of sub-clustering, which also splits large patterns before merging to undo spurious merges (default 50).</summary>
    public double SubclusterPerplexity { get; init; } = 50;

    private static readonly IReadOnlyList<(double CrossContamination, double Similarity)> s_merge = [(0.8, 0.8), (0.5, 0.85), (0.2, 0.9)];
    private static readonly IReadOnlyList<(double CrossContamination, double Similarity)> s_dealbreaker = [(0.4, 0.75), (0.2, 0.8), (0.1, 0.85), (0.0, 0.9)];

    /// <summary>
    /// Two patterns merge when, for some pair (c, s), their cross-contamination reaches c and their aligned CWM similarity
    /// reaches s (default (0.8, 0.8), (0.5, 0.85), (0.2, 0.9), tfmodisco-lite's). The similarity is the best cosine of the
    /// mean-centred CWMs over shifts (≥ <see cref="MinOverlap"/>) and both strands, averaged over both directions; the
    /// cross-contamination is 2 (1 − AUROC) of the seqlet-to-seqlet continuous Jaccard within one pattern against that
    /// between the two patterns aligned, the smaller of both directions.
    /// </summary>
    public IReadOnlyList<(double CrossContamination, double Similarity)> MergeThresholds { get; init; } = s_merge;

    /// <summary>A merge is vetoed when two patterns of the group have cross-contamination ≤ c and similarity ≤ s for some
    /// pair here (default (0.4, 0.75), (0.2, 0.8), (0.1, 0.85), (0.0, 0.9)).</summary>
    public IReadOnlyList<(double CrossContamination, double Similarity)> DealbreakerThresholds { get; init; } = s_dealbreaker;

    /// <summary>Most seqlets per pattern used to estimate cross-contamination (default 1,000).</summary>
    public int MergingMaxSeqletsSubsample { get; init; } = 1000;

    /// <summary>
    /// Final minimum number of seqlets per pattern. Null (the default) scales it with the metacluster:
    /// clamp(⌈0.02 × seqlets⌉, 5, 20), which is tfmodisco-lite's 20 from 1,000 seqlets up (<see cref="ResolveFinalMinClusterSize"/>).
    /// </summary>
    public int? FinalMinClusterSize { get; init; }

    /// <summary>
    /// After the final filters, a pattern whose CWM similarity to a larger final pattern (the merging aligner's, both
    /// directions averaged) reaches this is folded into it (default 0.75; null turns it off, as in tfmodisco-lite). The
    /// (cross-contamination, similarity) rule keeps small shifted or reverse-strand copies of a motif apart when their
    /// seqlets are few; distinct planted motifs stay below 0.4.
    /// </summary>
    public double? RedundantPatternSimilarity { get; init; } = 0.75;

    /// <summary>
    /// After the final filters, offer each seqlet that no final pattern covers to the patterns, and add it where it matches
    /// a pattern as well as the pattern's own weakest tenth of members do (default true). Not in tfmodisco-lite, whose
    /// patterns keep only the seqlets of their clusters; off reproduces that.
    /// </summary>
    public bool ReassignSeqlets { get; init; } = true;

    /// <summary>Final filter: the information content (bits against the metacluster's base composition) summed over the best
    /// window of <see cref="InformationWindow"/> columns must reach this (default 0.6).</summary>
    public double MinInformationContent { get; init; } = 0.6;

    /// <summary>Window of the information-content filter (default 6).</summary>
    public int InformationWindow { get; init; } = 6;

    /// <summary>Pseudocount added to the position probability matrices (default 0.001).</summary>
    public double PpmPseudocount { get; init; } = 0.001;

    /// <summary>tfmodisco-lite's seed, used when neither these options nor the context set one (1234).</summary>
    public const long DefaultSeed = 1234;

    /// <summary>Seed of every random choice (null sampling, Leiden orders); null uses the context's seed, or
    /// <see cref="DefaultSeed"/> when that is null too (<see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, the
    /// rule every engine follows).</summary>
    public long? Seed { get; init; }

    /// <summary>The final minimum cluster size for a metacluster of <paramref name="seqlets"/> seqlets: <see cref="FinalMinClusterSize"/>
    /// when set, otherwise clamp(⌈0.02 × seqlets⌉, 5, 20). tfmodisco-lite's fixed 20 assumes thousands of seqlets; on 100
    /// sequences (a few hundred seqlets) it removes motifs that occur in a tenth of the sequences.</summary>
    /// <param name="seqlets">Seqlets in the metacluster.</param>
    public int ResolveFinalMinClusterSize(int seqlets) => FinalMinClusterSize ?? Math.Clamp((int)Math.Ceiling(0.02 * seqlets), 5, 20);

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public ModiscoOptions Validate()
    {
        Seqlets.Validate();
        Require(MinMetaclusterSize >= 1, nameof(MinMetaclusterSize), MinMetaclusterSize, "at least 1");
        Require(MaxSeqletsPerMetacluster >= 2, nameof(MaxSeqletsPerMetacluster), MaxSeqletsPerMetacluster, "at least 2");
        Require(NearestNeighbours >= 1, nameof(NearestNeighbours), NearestNeighbours, "at least 1");
        Require(MinOverlap > 0 && MinOverlap <= 1, nameof(MinOverlap), MinOverlap, "in (0, 1]");
        Require(CorrelationThreshold is >= -1 and <= 1, nameof(CorrelationThreshold), CorrelationThreshold, "in [-1, 1]");
        Require(Perplexity >= 1, nameof(Perplexity), Perplexity, "at least 1");
        Require(SubclusterPerplexity >= 1, nameof(SubclusterPerplexity), SubclusterPerplexity, "at least 1");
        Require(LeidenRuns >= 1, nameof(LeidenRuns), LeidenRuns, "at least 1");
        Require(TrimToWindowSize >= InformationWindow, nameof(TrimToWindowSize), TrimToWindowSize, "at least the information window");
        Require(FractionSupportToTrimTo is >= 0 and <= 1, nameof(FractionSupportToTrimTo), FractionSupportToTrimTo, "in [0, 1]");
        Require(MinNumberToTrimTo >= 1, nameof(MinNumberToTrimTo), MinNumberToTrimTo, "at least 1");
        Require(InitialFlankToAdd >= 0, nameof(InitialFlankToAdd), InitialFlankToAdd, "non-negative");
        Require(MergeThresholds is not null, nameof(MergeThresholds), MergeThresholds!, "set");
        Require(DealbreakerThresholds is not null, nameof(DealbreakerThresholds), DealbreakerThresholds!, "set");
        Require(RedundantPatternSimilarity is null or (> 0 and <= 1), nameof(RedundantPatternSimilarity), RedundantPatternSimilarity!, "in (0, 1]");
        Require(MergingMaxSeqletsSubsample >= 2, nameof(MergingMaxSeqletsSubsample), MergingMaxSeqletsSubsample, "at least 2");
        Require(FinalMinClusterSize is null or >= 1, nameof(FinalMinClusterSize), FinalMinClusterSize!, "at least 1");
        Require(MinInformationContent >= 0, nameof(MinInformationContent), MinInformationContent, "non-negative");
        Require(InformationWindow >= 1, nameof(InformationWindow), InformationWindow, "at least 1");
        Require(PpmPseudocount >= 0, nameof(PpmPseudocount), PpmPseudocount, "non-negative");

        return this;
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}.");
        }
    }
}

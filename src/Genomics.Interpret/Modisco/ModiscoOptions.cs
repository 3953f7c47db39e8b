using Genomics.Interpret.Seqlets;

namespace Genomics.Interpret.Modisco;

/// <summary>Options of <see cref="TfModisco"/>; defaults are TF-MoDISco-lite's, except where noted.</summary>
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

    /// <summary>Width patterns are trimmed to (default 30).</summary>
    public int TrimToWindowSize { get; init; } = 30;

    /// <summary>Positions kept when trimming must be covered by at least this fraction of a pattern's seqlets (default 0.2).</summary>
    public double FractionSupportToTrimTo { get; init; } = 0.2;

    /// <summary>Support needed to keep a position when trimming: at least min(n, max(fraction · n, this)) of a pattern's n seqlets (default 30).</summary>
    public int MinNumberToTrimTo { get; init; } = 30;

    /// <summary>Re-cluster each pattern's seqlets into sub-patterns (perplexity <see cref="SubclusterPerplexity"/>; default true).</summary>
    public bool Subcluster { get; init; } = true;

    /// <summary>Perplexity of sub-clustering (default 50).</summary>
    public double SubclusterPerplexity { get; init; } = 50;

    /// <summary>Two patterns whose aligned hypothetical CWMs reach this continuous-Jaccard similarity are merged (default 0.85).</summary>
    public double MergeSimilarityThreshold { get; init; } = 0.85;

    /// <summary>Final minimum number of seqlets per pattern (default 20).</summary>
    public int FinalMinClusterSize { get; init; } = 20;

    /// <summary>Final filter: the best window of <see cref="InformationWindow"/> positions must average this many bits (default 0.6).</summary>
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
        Require(MergeSimilarityThreshold is > 0 and <= 1, nameof(MergeSimilarityThreshold), MergeSimilarityThreshold, "in (0, 1]");
        Require(FinalMinClusterSize >= 1, nameof(FinalMinClusterSize), FinalMinClusterSize, "at least 1");
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

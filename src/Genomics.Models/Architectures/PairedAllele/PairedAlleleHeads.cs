namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>How <see cref="PairedAlleleModel"/> predicts the allelic ratio.</summary>
public enum PairedAlleleHeads
{
    /// <summary>
    /// A separate ratio head on both alleles' features: concat(fc0_first, fc0_second) → h × [Linear 2H→2H, ReLU,
    /// Dropout] → Linear 2H→1 (DeepAllele's <c>SeparateMultiHeadResidualCNN</c>). Default.
    /// </summary>
    RatioHead,

    /// <summary>No ratio head: the ratio output is count_first − count_second (DeepAllele's "compute ratio" variant).</summary>
    CountDifference,
}

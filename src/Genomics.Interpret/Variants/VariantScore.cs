using Genomics.Models.IO;

namespace Genomics.Interpret.Variants;

/// <summary>One variant allele's predictions: per model output, the reference and the alternative window's value.</summary>
/// <param name="Variant">The variant allele.</param>
/// <param name="WindowStart">The 0-based start of the windows on the chromosome.</param>
/// <param name="Reference">The reference window's outputs (T).</param>
/// <param name="Alternative">The alternative window's outputs (T).</param>
public sealed record VariantScore(Variant Variant, long WindowStart, float[] Reference, float[] Alternative)
{
    /// <summary>Alternative − reference for output <paramref name="target"/>.</summary>
    /// <param name="target">The output index.</param>
    /// <returns>The difference.</returns>
    public float Difference(int target) => Alternative[target] - Reference[target];

    /// <summary>
    /// log₂((alternative + ε) / (reference + ε)) for output <paramref name="target"/>, the effect on counts or
    /// probabilities; NaN when either value is negative (logits, log-counts: use <see cref="Difference"/>).
    /// </summary>
    /// <param name="target">The output index.</param>
    /// <param name="pseudocount">ε, at least 0.</param>
    /// <returns>The log-ratio.</returns>
    public double Log2Ratio(int target, double pseudocount)
    {
        double a = Alternative[target], r = Reference[target];
        return a < 0 || r < 0 ? double.NaN : Math.Log2((a + pseudocount) / (r + pseudocount));
    }
}

/// <summary>One chunk of a <see cref="VariantScorer"/> run: the variant alleles it took in, in order, and the scores of
/// those whose windows fit their chromosome. A run can be resumed after any chunk from the allele that follows
/// <see cref="Variants"/>' last.</summary>
/// <param name="Variants">The chunk's input alleles (at least one).</param>
/// <param name="Scores">Their scores, without the alleles too near a chromosome end.</param>
public sealed record VariantScoreChunk(IReadOnlyList<Variant> Variants, IReadOnlyList<VariantScore> Scores);

namespace Genomics.Interpret.Asmm;

/// <summary>
/// Finds the candidate motifs DeepASMM scores, with every occurrence in the background set: exhaustive k-mers
/// (<see cref="KmerCandidateSource"/>, the original tool) or, for example, motif-scanner hits of known PWMs.
/// </summary>
public interface IMotifCandidateSource
{
    /// <summary>Locates the candidates in a background set.</summary>
    /// <param name="background">The background samples.</param>
    /// <param name="cancellationToken">Checked while scanning.</param>
    /// <returns>The candidates and their occurrences.</returns>
    MotifCandidateSet Locate(AsmmBackground background, CancellationToken cancellationToken = default);
}

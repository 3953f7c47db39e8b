using Genomics.Interpret.Motifs;
using Genomics.Interpret.Seqlets;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// A motif pattern found by <see cref="TfModisco"/>: its aligned seqlets and the matrices averaged over them.
/// Matrices are alphabet-major (4, W), rows A, C, G, T.
/// </summary>
public sealed class ModiscoPattern
{
    internal ModiscoPattern(string name, int sign, IReadOnlyList<Seqlet> seqlets, double[,] ppm, double[,] cwm, double[,] hypotheticalCwm, IReadOnlyList<ModiscoPattern> subpatterns)
    {
        Name = name;
        Sign = sign;
        Seqlets = seqlets;
        Probabilities = new PositionProbabilityMatrix(ppm);
        _cwm = cwm;
        _hypothetical = hypotheticalCwm;
        Subpatterns = subpatterns;
    }

    private readonly double[,] _cwm;
    private readonly double[,] _hypothetical;

    /// <summary>Name, e.g. <c>pos_patterns.pattern_0</c>.</summary>
    public string Name { get; }

    /// <summary>Metacluster: +1 for positive contributions, −1 for negative.</summary>
    public int Sign { get; }

    /// <summary>Aligned seqlets (all of the pattern's width); reverse-strand seqlets are read reverse-complemented.</summary>
    public IReadOnlyList<Seqlet> Seqlets { get; }

    /// <summary>Width of the pattern.</summary>
    public int Width => Probabilities.Width;

    /// <summary>Position probability matrix of the aligned seqlets (with the pseudocount).</summary>
    public PositionProbabilityMatrix Probabilities { get; }

    /// <summary>Contribution weight matrix: mean of contributions (attribution × one-hot) over the aligned seqlets (a copy).</summary>
    public double[,] Cwm => (double[,])_cwm.Clone();

    /// <summary>Hypothetical contribution weight matrix: mean hypothetical contributions over the aligned seqlets (a copy).</summary>
    public double[,] HypotheticalCwm => (double[,])_hypothetical.Clone();

    /// <summary>Sub-patterns found by re-clustering this pattern's seqlets (largest first; empty when sub-clustering is off or found one group).</summary>
    public IReadOnlyList<ModiscoPattern> Subpatterns { get; }

    /// <summary>The pattern as a <see cref="Motif"/> (PPM + CWM, sites = seqlet count).</summary>
    public Motif ToMotif() => new(Name, Probabilities) { Contributions = new ContributionMatrix(_cwm), Sites = Seqlets.Count, Provenance = "TF-MoDISco-lite" };
}

/// <summary>The result of <see cref="TfModisco"/>.</summary>
/// <param name="SeqletCall">All seqlets called and the thresholds used.</param>
/// <param name="PositivePatterns">Patterns of the positive metacluster, largest first.</param>
/// <param name="NegativePatterns">Patterns of the negative metacluster, largest first.</param>
public sealed record ModiscoResult(WindowedSeqletResult SeqletCall, IReadOnlyList<ModiscoPattern> PositivePatterns, IReadOnlyList<ModiscoPattern> NegativePatterns)
{
    /// <summary>How many seqlets each stage kept or removed and, when nothing was found, why (null for results not made by <see cref="TfModisco"/>).</summary>
    public ModiscoDiagnostic? Diagnostic { get; init; }

    /// <summary>Positive then negative patterns.</summary>
    public IEnumerable<ModiscoPattern> Patterns => PositivePatterns.Concat(NegativePatterns);
}

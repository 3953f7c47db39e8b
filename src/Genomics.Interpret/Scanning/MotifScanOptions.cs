using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.Scanning;

/// <summary>Settings of <see cref="MotifScanner"/>, named after FIMO's options.</summary>
/// <remarks>Settings are checked by <see cref="Validate"/>, which <see cref="MotifScanner"/> calls when it is created.</remarks>
public sealed record MotifScanOptions
{
    /// <summary>Gets the p-value threshold: hits with p ≤ threshold are reported (FIMO's <c>--thresh</c>, default 1e-4); in [0, 1].</summary>
    public double PValueThreshold { get; init; } = 1e-4;

    /// <summary>Gets whether the reverse strand is scanned too (true; false is FIMO's <c>--norc</c>).</summary>
    public bool BothStrands { get; init; } = true;

    /// <summary>Gets the background of the log-odds scores and of the p-value null model; uniform when null.</summary>
    public MotifBackground? Background { get; init; }

    /// <summary>Gets the pseudocount added to the motif before log-odds scoring (FIMO's <c>--motif-pseudo</c>, default 0.1); finite and ≥ 0.</summary>
    public double Pseudocount { get; init; } = 0.1;

    /// <summary>
    /// Gets the number of integer steps one position's scores are mapped to for the exact p-value computation
    /// (FIMO's 100); larger is finer and slower. 10 to 100,000.
    /// </summary>
    public int ScoreRange { get; init; } = 100;

    /// <summary>Gets whether Benjamini–Hochberg q-values are computed over every scanned window (both strands).</summary>
    public bool ComputeQValues { get; init; }

    /// <summary>Gets an optional q-value threshold applied after the p-value threshold (implies <see cref="ComputeQValues"/>); ≥ 0.</summary>
    public double? QValueThreshold { get; init; }

    /// <summary>Checks every setting; <see cref="MotifScanner"/> calls it when it is created.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
    public MotifScanOptions Validate()
    {
        if (double.IsNaN(PValueThreshold) || PValueThreshold < 0 || PValueThreshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PValueThreshold), PValueThreshold, "The p-value threshold must be in [0, 1].");
        }

        if (!double.IsFinite(Pseudocount) || Pseudocount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Pseudocount), Pseudocount, "The pseudocount must be finite and ≥ 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ScoreRange, 10, nameof(ScoreRange));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ScoreRange, 100_000, nameof(ScoreRange));
        if (QValueThreshold is { } q && (double.IsNaN(q) || q < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(QValueThreshold), q, "The q-value threshold must be ≥ 0.");
        }

        return this;
    }
}

using Genomics.Interpret.MotifComparison;
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

    /// <summary>
    /// Gets whether the hits get q-values (false by default here; FIMO computes them unless <c>--no-qvalue</c>, and so
    /// does the <c>scan</c> command). They are computed as FIMO computes them, by <see cref="QValues"/>, over the
    /// reported hits with every scored window (each strand) counted as a test.
    /// </summary>
    public bool ComputeQValues { get; init; }

    /// <summary>
    /// Gets how q-values are computed: <see cref="QValueMethod.Storey"/>, FIMO's (π₀ estimated by MEME's bootstrap from
    /// the p-values of the scored windows, or from a uniform sample of 10,000 of them, 1 for 100 or fewer), or
    /// <see cref="QValueMethod.BenjaminiHochberg"/> (π₀ = 1).
    /// </summary>
    public QValueMethod QValues { get; init; } = QValueMethod.Storey;

    /// <summary>Gets an optional q-value threshold applied after the p-value threshold (implies <see cref="ComputeQValues"/>; FIMO's <c>--qv-thresh</c> applies <c>--thresh</c> to both); ≥ 0.</summary>
    public double? QValueThreshold { get; init; }

    /// <summary>
    /// Gets the most hits kept per scan (FIMO's <c>--max-stored-scores</c>, 100,000 in FIMO and in the <c>scan</c>
    /// command); null keeps every hit. When a hit arrives with the store full, the less significant half of the stored
    /// hits (and every hit tied with the last one dropped) is dropped, and later hits must beat the largest p-value
    /// still stored, as FIMO does; q-values are computed over the hits kept. At least 1.
    /// </summary>
    public int? MaxStoredScores { get; init; }

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

        if (!Enum.IsDefined(QValues))
        {
            throw new ArgumentOutOfRangeException(nameof(QValues), QValues, "Unknown q-value method.");
        }

        if (MaxStoredScores is { } max && max < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStoredScores), max, "At least one hit must be storable.");
        }

        return this;
    }
}

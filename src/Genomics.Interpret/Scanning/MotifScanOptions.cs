using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.Scanning;

/// <summary>Settings of <see cref="MotifScanner"/>, named after FIMO's options.</summary>
public sealed record MotifScanOptions
{
    private readonly double _pValueThreshold = 1e-4;
    private readonly double _pseudocount = 0.1;
    private readonly int _scoreRange = 100;
    private readonly double? _qValueThreshold;

    /// <summary>Gets the p-value threshold: hits with p ≤ threshold are reported (FIMO's <c>--thresh</c>, default 1e-4).</summary>
    public double PValueThreshold
    {
        get => _pValueThreshold;
        init
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(PValueThreshold), value, "The p-value threshold must be in [0, 1].");
            }

            _pValueThreshold = value;
        }
    }

    /// <summary>Gets whether the reverse strand is scanned too (true; false is FIMO's <c>--norc</c>).</summary>
    public bool BothStrands { get; init; } = true;

    /// <summary>Gets the background of the log-odds scores and of the p-value null model; uniform when null.</summary>
    public MotifBackground? Background { get; init; }

    /// <summary>Gets the pseudocount added to the motif before log-odds scoring (FIMO's <c>--motif-pseudo</c>, default 0.1).</summary>
    public double Pseudocount
    {
        get => _pseudocount;
        init
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Pseudocount), value, "The pseudocount must be finite and ≥ 0.");
            }

            _pseudocount = value;
        }
    }

    /// <summary>
    /// Gets the number of integer steps one position's scores are mapped to for the exact p-value computation
    /// (FIMO's 100); larger is finer and slower.
    /// </summary>
    public int ScoreRange
    {
        get => _scoreRange;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 10, nameof(ScoreRange));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100_000, nameof(ScoreRange));
            _scoreRange = value;
        }
    }

    /// <summary>Gets whether Benjamini–Hochberg q-values are computed over every scanned window (both strands).</summary>
    public bool ComputeQValues { get; init; }

    /// <summary>Gets an optional q-value threshold applied after the p-value threshold (implies <see cref="ComputeQValues"/>).</summary>
    public double? QValueThreshold
    {
        get => _qValueThreshold;
        init
        {
            if (value is { } v && (double.IsNaN(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(QValueThreshold), v, "The q-value threshold must be ≥ 0.");
            }

            _qValueThreshold = value;
        }
    }
}

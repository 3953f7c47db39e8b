using Genomics.Interpret.Motifs;
using Genomics.Interpret.Seqlets;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// A TF-MoDISco results file in tfmodisco-lite's <c>modisco_results.h5</c> layout, read into memory by
/// <see cref="ModiscoHdf5.Read"/>: the patterns of both metaclusters with their matrices, seqlets and sub-patterns.
/// </summary>
public sealed class ModiscoResultsFile
{
    internal ModiscoResultsFile(string filePath, int? windowSize, string? alphabet, IReadOnlyList<ModiscoFilePattern> positive, IReadOnlyList<ModiscoFilePattern> negative)
    {
        FilePath = filePath;
        WindowSize = windowSize;
        Alphabet = alphabet;
        PositivePatterns = positive;
        NegativePatterns = negative;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>The root attribute <c>window_size</c>: the length of the examples the seqlet coordinates refer to; null in files of older tfmodisco-lite versions.</summary>
    public int? WindowSize { get; }

    /// <summary>The root attribute <c>alphabet</c> (e.g. <c>ACGT</c>); null when absent (tfmodisco-lite then assumes ACGT).</summary>
    public string? Alphabet { get; }

    /// <summary>The patterns of <c>pos_patterns</c>, in the file's order (<c>pattern_0</c>, <c>pattern_1</c>, …); empty when the group is absent.</summary>
    public IReadOnlyList<ModiscoFilePattern> PositivePatterns { get; }

    /// <summary>The patterns of <c>neg_patterns</c>, in the file's order; empty when the group is absent.</summary>
    public IReadOnlyList<ModiscoFilePattern> NegativePatterns { get; }

    /// <summary>Positive then negative patterns.</summary>
    public IEnumerable<ModiscoFilePattern> Patterns => PositivePatterns.Concat(NegativePatterns);
}

/// <summary>
/// One pattern (or sub-pattern) of a TF-MoDISco results file. Matrices are converted from the file's position-major
/// (W, 4) layout to the library's alphabet-major (4, W), rows A, C, G, T; the per-seqlet snippets from (n, W, 4) to
/// (n, 4, W).
/// </summary>
public sealed class ModiscoFilePattern
{
    private readonly double[,] _sequence;
    private readonly double[,] _cwm;
    private readonly double[,] _hypothetical;
    private readonly float[,,]? _seqletSequences;
    private readonly float[,,]? _seqletContributions;
    private readonly float[,,]? _seqletHypothetical;

    internal ModiscoFilePattern(string name, int sign, double[,] sequence, double[,] cwm, double[,] hypothetical, int seqletCount, IReadOnlyList<Seqlet> seqlets,
        float[,,]? seqletSequences, float[,,]? seqletContributions, float[,,]? seqletHypothetical, IReadOnlyList<ModiscoFilePattern> subpatterns)
    {
        Name = name;
        Sign = sign;
        _sequence = sequence;
        _cwm = cwm;
        _hypothetical = hypothetical;
        SeqletCount = seqletCount;
        Seqlets = seqlets;
        _seqletSequences = seqletSequences;
        _seqletContributions = seqletContributions;
        _seqletHypothetical = seqletHypothetical;
        Subpatterns = subpatterns;
    }

    /// <summary>Name in the library's form: the HDF5 path with dots, e.g. <c>pos_patterns.pattern_0</c> or <c>pos_patterns.pattern_0.subpattern_1</c>.</summary>
    public string Name { get; }

    /// <summary>Metacluster: +1 for <c>pos_patterns</c>, −1 for <c>neg_patterns</c>.</summary>
    public int Sign { get; }

    /// <summary>Width of the pattern (rows of the file's matrices).</summary>
    public int Width => _sequence.GetLength(1);

    /// <summary>The dataset <c>sequence</c>: the mean one-hot sequence of the aligned seqlets, (4, W), without a pseudocount (a copy).</summary>
    public double[,] Sequence => (double[,])_sequence.Clone();

    /// <summary>The dataset <c>contrib_scores</c>: the contribution weight matrix, (4, W) (a copy).</summary>
    public double[,] Cwm => (double[,])_cwm.Clone();

    /// <summary>The dataset <c>hypothetical_contribs</c>: the hypothetical contribution weight matrix, (4, W) (a copy).</summary>
    public double[,] HypotheticalCwm => (double[,])_hypothetical.Clone();

    /// <summary>The dataset <c>seqlets/n_seqlets</c>; equals <see cref="Seqlets"/>' count unless the file lists no seqlet coordinates (files converted from TF-MoDISco 0.5 keep only the count for sub-patterns).</summary>
    public int SeqletCount { get; }

    /// <summary>
    /// The seqlets: <c>example_idx</c>, <c>start</c>, <c>end</c> (forward-strand coordinates, end exclusive) and
    /// <c>is_revcomp</c> (<see cref="Genomics.Models.IO.Strand.Reverse"/>). The score is the sum of the seqlet's
    /// <c>contrib_scores</c> snippet (as <see cref="TfModisco"/> scores its seqlets), or NaN when the file holds no snippets.
    /// </summary>
    public IReadOnlyList<Seqlet> Seqlets { get; }

    /// <summary>The dataset <c>seqlets/sequence</c>: each seqlet's one-hot snippet as read on its strand, (n, 4, W); null when absent (a copy).</summary>
    public float[,,]? SeqletSequences => (float[,,]?)_seqletSequences?.Clone();

    /// <summary>The dataset <c>seqlets/contrib_scores</c>: each seqlet's contributions as read on its strand, (n, 4, W); null when absent (a copy).</summary>
    public float[,,]? SeqletContributions => (float[,,]?)_seqletContributions?.Clone();

    /// <summary>The dataset <c>seqlets/hypothetical_contribs</c>: each seqlet's hypothetical contributions as read on its strand, (n, 4, W); null when absent (a copy).</summary>
    public float[,,]? SeqletHypotheticalContributions => (float[,,]?)_seqletHypothetical?.Clone();

    /// <summary>The groups <c>subpattern_0</c>, <c>subpattern_1</c>, … in order; empty when there are none.</summary>
    public IReadOnlyList<ModiscoFilePattern> Subpatterns { get; }

    /// <summary>
    /// The position probability matrix: <see cref="Sequence"/> plus <paramref name="pseudocount"/>, each column
    /// normalised (as tfmodisco-lite's MEME export normalises <c>sequence</c>; a column with no counts becomes uniform).
    /// </summary>
    /// <param name="pseudocount">Added to every entry before normalising (default 0: the file's frequencies as they are).</param>
    /// <returns>The (4, W) matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pseudocount"/> is negative or not finite.</exception>
    public PositionProbabilityMatrix Probabilities(double pseudocount = 0)
    {
        if (!double.IsFinite(pseudocount) || pseudocount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pseudocount), pseudocount, "The pseudocount must be finite and ≥ 0.");
        }

        var w = Width;
        var ppm = new double[4, w];
        for (var c = 0; c < w; c++)
        {
            double total = 0;
            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] = Math.Max(0, _sequence[b, c]) + pseudocount;
                total += ppm[b, c];
            }

            for (var b = 0; b < 4; b++)
            {
                ppm[b, c] = total > 0 ? ppm[b, c] / total : 0.25;
            }
        }

        return new PositionProbabilityMatrix(ppm);
    }

    /// <summary>The pattern as a <see cref="Motif"/> (normalised <see cref="Sequence"/> + CWM, sites = <see cref="SeqletCount"/>).</summary>
    /// <param name="pseudocount">Added to the frequencies before normalising (see <see cref="Probabilities"/>).</param>
    /// <returns>The motif.</returns>
    public Motif ToMotif(double pseudocount = 0) =>
        new(Name, Probabilities(pseudocount)) { Contributions = new ContributionMatrix(_cwm), Sites = SeqletCount, Provenance = "TF-MoDISco-lite" };
}

using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// Candidates from known motifs: each motif's occurrences are the hits of a FIMO-style <see cref="MotifScanner"/> in
/// the background's sub-sequences, so DeepASMM scores database motifs (JASPAR, CIS-BP …) instead of raw k-mers.
/// </summary>
/// <remarks>
/// Every sub-sequence of every sample is scanned (hits never span sub-sequences); a window hit on both strands is one
/// occurrence. The occurrence's start is its forward-strand start in the sample's concatenated input. The autonomy
/// score places the motif as written (forward orientation, <see cref="PwmPattern"/>) at each occurrence's start; the
/// synergy score erases the W positions of the site whatever its strand. Motifs with fewer than
/// <see cref="MinimumCount"/> occurrences are left out; candidates keep the order of the motif list.
/// </remarks>
public sealed class PwmCandidateSource : IMotifCandidateSource
{
    private readonly Motif[] _motifs;

    /// <summary>Creates a source.</summary>
    /// <param name="motifs">The motifs (DNA); at least one.</param>
    /// <param name="scanOptions">Scanner settings (p-value threshold 1e-4, both strands by default).</param>
    /// <param name="minimumCount">Minimum number of occurrences, at least 1. Default 1.</param>
    /// <param name="pattern">What the autonomy score inserts. Default <see cref="PwmPattern.Consensus"/>.</param>
    /// <exception cref="ArgumentException">No motifs, or a null motif.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumCount"/> is below 1 or <paramref name="pattern"/> is unknown.</exception>
    public PwmCandidateSource(IReadOnlyList<Motif> motifs, MotifScanOptions? scanOptions = null, int minimumCount = 1, PwmPattern pattern = PwmPattern.Consensus)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        if (motifs.Count == 0 || motifs.Any(m => m is null))
        {
            throw new ArgumentException("At least one motif, and no null motif, is required.", nameof(motifs));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        if (!Enum.IsDefined(pattern))
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Unknown pattern.");
        }

        _motifs = motifs.ToArray();
        ScanOptions = scanOptions ?? new MotifScanOptions();
        MinimumCount = minimumCount;
        Pattern = pattern;
    }

    /// <summary>The scanner settings.</summary>
    public MotifScanOptions ScanOptions { get; }

    /// <summary>The minimum number of occurrences a motif needs to become a candidate.</summary>
    public int MinimumCount { get; }

    /// <summary>What the autonomy score inserts.</summary>
    public PwmPattern Pattern { get; }

    /// <inheritdoc/>
    public MotifCandidateSet Locate(AsmmBackground background, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(background);
        int subCount = background.SubSequenceCount, subLength = background.SubSequenceLength;
        var sequences = new string[background.Count * subCount];
        for (var x = 0; x < background.Count; x++)
        {
            for (var y = 0; y < subCount; y++)
            {
                sequences[(x * subCount) + y] = background.Sequence(x, y);
            }
        }

        var encoded = EncodedSequences.FromStrings(sequences);
        var names = new List<string>();
        var widths = new List<int>();
        var patterns = new List<float[]>();
        var offsets = new List<int> { 0 };
        var samples = new List<int>();
        var positions = new List<int>();
        foreach (var motif in _motifs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (motif.Width > subLength)
            {
                continue;
            }

            var hits = new MotifScanner(motif, ScanOptions).Scan(encoded, cancellationToken);
            var sites = hits.Select(h => (h.SequenceIndex, h.Start)).Distinct().ToList();
            if (sites.Count < MinimumCount)
            {
                continue;
            }

            foreach (var (index, start) in sites)
            {
                samples.Add(index / subCount);
                positions.Add((index % subCount * subLength) + start);
            }

            names.Add(motif.Id);
            widths.Add(motif.Width);
            patterns.Add(PatternOf(motif));
            offsets.Add(samples.Count);
        }

        return new MotifCandidateSet(names.ToArray(), widths.ToArray(), patterns.ToArray(), offsets.ToArray(), samples.ToArray(), positions.ToArray(), background.TotalLength);
    }

    private float[] PatternOf(Motif motif)
    {
        var ppm = motif.Probabilities;
        var width = motif.Width;
        var pattern = new float[4 * width];
        if (Pattern == PwmPattern.Probabilities)
        {
            for (var c = 0; c < 4; c++)
            {
                for (var j = 0; j < width; j++)
                {
                    pattern[(c * width) + j] = (float)ppm[c, j];
                }
            }

            return pattern;
        }

        var consensus = ppm.Consensus();
        for (var j = 0; j < width; j++)
        {
            var c = "ACGT".IndexOf(char.ToUpperInvariant(consensus[j]), StringComparison.Ordinal);
            if (c >= 0)
            {
                pattern[(c * width) + j] = 1f;
            }
        }

        return pattern;
    }
}

using Genomics.Interpret.Motifs;
using Genomics.Models.Encoding;
using Genomics.Models.IO;

namespace Genomics.Interpret.Scanning;

/// <summary>
/// FIMO-style scanning of sequences with one motif's log-odds matrix: every window on both strands is scored, and
/// its p-value is exact under the background model for the integerised matrix (scores mapped to 0..range per
/// position with an integer offset and scale, as FIMO does; the score distribution is built by dynamic
/// programming over positions). Windows containing a letter other than A, C, G, T/U are skipped.
/// </summary>
public sealed class MotifScanner
{
    private readonly int[] _forward;   // Integerised scores, alphabet-major (letter * W + position).
    private readonly int[] _reverse;
    private readonly double[] _tail;   // _tail[s] = P(integer score ≥ s).
    private readonly PositionWeightMatrix _reverseMatrix;

    /// <summary>Initializes a scanner for a motif (MEME smoothing with the motif's sites, or 20 when unknown).</summary>
    /// <param name="motif">The motif.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="motif"/> is null.</exception>
    public MotifScanner(Motif motif, MotifScanOptions? options = null)
        : this(
            (motif ?? throw new ArgumentNullException(nameof(motif))).ToWeightMatrix((options ?? new MotifScanOptions()).Background, (options ?? new MotifScanOptions()).Pseudocount),
            motif.Id,
            options)
    {
    }

    /// <summary>Initializes a scanner for a weight matrix.</summary>
    /// <param name="weights">The log-odds matrix; its background is the null model of the p-values.</param>
    /// <param name="motifId">Id reported in the hits.</param>
    /// <param name="options">The options; defaults when null. The background and pseudocount options are not used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="motifId"/> is null.</exception>
    public MotifScanner(PositionWeightMatrix weights, string motifId, MotifScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(motifId);
        WeightMatrix = weights;
        MotifId = motifId;
        Options = options ?? new MotifScanOptions();
        _reverseMatrix = weights.ReverseComplement();
        var width = weights.Width;
        var values = weights.Values;
        var min = double.MaxValue;
        var max = double.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (max == min)
        {
            min = max - 1;
        }

        Offset = Math.Floor(min);
        Scale = Math.Max(1, Math.Floor(Options.ScoreRange / (max - Offset)));
        _forward = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            _forward[i] = (int)Math.Floor(((values[i] - Offset) * Scale) + 0.5);
        }

        _reverse = new int[values.Length];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                _reverse[((3 - a) * width) + (width - 1 - w)] = _forward[(a * width) + w];
            }
        }

        // Null distribution of the integer score of a background window.
        var background = weights.Background;
        var pdf = new double[1];
        pdf[0] = 1;
        for (var w = 0; w < width; w++)
        {
            var columnMax = 0;
            for (var a = 0; a < 4; a++)
            {
                columnMax = Math.Max(columnMax, _forward[(a * width) + w]);
            }

            var next = new double[pdf.Length + columnMax];
            for (var k = 0; k < pdf.Length; k++)
            {
                if (pdf[k] == 0)
                {
                    continue;
                }

                for (var a = 0; a < 4; a++)
                {
                    next[k + _forward[(a * width) + w]] += pdf[k] * background[a];
                }
            }

            pdf = next;
        }

        _tail = new double[pdf.Length + 1];
        for (var k = pdf.Length - 1; k >= 0; k--)
        {
            _tail[k] = Math.Min(1.0, _tail[k + 1] + pdf[k]);
        }
    }

    /// <summary>Gets the motif id reported in hits.</summary>
    public string MotifId { get; }

    /// <summary>Gets the log-odds matrix (forward strand).</summary>
    public PositionWeightMatrix WeightMatrix { get; }

    /// <summary>Gets the options.</summary>
    public MotifScanOptions Options { get; }

    /// <summary>Gets the integer offset of the score integerisation (floor of the smallest matrix entry).</summary>
    public double Offset { get; }

    /// <summary>Gets the scale of the score integerisation (integer steps per bit).</summary>
    public double Scale { get; }

    /// <summary>Gets the integerised score of a letter at a position: round((score − offset) × scale).</summary>
    /// <param name="letter">Channel 0..3.</param>
    /// <param name="position">Position 0..W-1.</param>
    /// <returns>The integer score.</returns>
    public int IntegerScore(int letter, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(letter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(letter, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, WeightMatrix.Width);
        return _forward[(letter * WeightMatrix.Width) + position];
    }

    /// <summary>Gets the p-value of a total integer score: the background probability of scoring at least as high.</summary>
    /// <param name="integerScore">Sum of <see cref="IntegerScore"/> over a window.</param>
    /// <returns>The p-value (1 for scores ≤ 0, 0 above the maximum).</returns>
    public double PValueOfIntegerScore(int integerScore) =>
        integerScore <= 0 ? 1.0 : integerScore >= _tail.Length ? 0.0 : _tail[integerScore];

    /// <summary>Gets the forward-strand p-value of a site of exactly W letters; null when it has a letter other than A, C, G, T/U.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The p-value or null.</returns>
    /// <exception cref="ArgumentException">The site's length is not W.</exception>
    public double? PValue(ReadOnlySpan<char> site)
    {
        var width = WeightMatrix.Width;
        if (site.Length != width)
        {
            throw new ArgumentException($"The site has {site.Length} letters; the motif has width {width}.", nameof(site));
        }

        var total = 0;
        for (var w = 0; w < width; w++)
        {
            var a = Alphabet.Dna.IndexOf(site[w]);
            if (a < 0)
            {
                return null;
            }

            total += _forward[(a * width) + w];
        }

        return PValueOfIntegerScore(total);
    }

    /// <summary>Scans one sequence.</summary>
    /// <param name="sequence">The sequence (any case; U = T; other letters block the windows containing them).</param>
    /// <returns>The hits, by position then strand.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    public IReadOnlyList<MotifHit> Scan(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Scan([sequence]);
    }

    /// <summary>Scans sequences.</summary>
    /// <param name="sequences">The sequences.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits, by sequence, position, then strand (forward first).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> or an item is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<MotifHit> Scan(IReadOnlyList<string> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var encoded = new sbyte[sequences.Count][];
        for (var s = 0; s < sequences.Count; s++)
        {
            var sequence = sequences[s] ?? throw new ArgumentNullException(nameof(sequences), $"Sequence {s} is null.");
            var letters = new sbyte[sequence.Length];
            for (var i = 0; i < sequence.Length; i++)
            {
                letters[i] = (sbyte)Alphabet.Dna.IndexOf(sequence[i]);
            }

            encoded[s] = letters;
        }

        return ScanEncoded(encoded, cancellationToken);
    }

    /// <summary>Scans one-hot sequences laid out alphabet-major, (N, 4, L) flattened row-major as the tensors are.</summary>
    /// <param name="oneHot">N × 4 × L values; a position is a base when exactly one channel is 1, otherwise (all zero: N) it is skipped.</param>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length L.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="oneHot"/> is null.</exception>
    /// <exception cref="ArgumentException">The array's length is not N × 4 × L.</exception>
    public IReadOnlyList<MotifHit> ScanOneHot(ReadOnlySpan<float> oneHot, int count, int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)count * 4 * length != oneHot.Length)
        {
            throw new ArgumentException($"Expected {count} × 4 × {length} = {(long)count * 4 * length} values, got {oneHot.Length}.", nameof(oneHot));
        }

        var encoded = new sbyte[count][];
        for (var s = 0; s < count; s++)
        {
            var letters = new sbyte[length];
            var block = oneHot.Slice(s * 4 * length, 4 * length);
            for (var i = 0; i < length; i++)
            {
                var letter = -1;
                var ones = 0;
                for (var a = 0; a < 4; a++)
                {
                    var v = block[(a * length) + i];
                    if (v == 1f)
                    {
                        letter = a;
                        ones++;
                    }
                    else if (v != 0f)
                    {
                        ones = 2;
                    }
                }

                letters[i] = (sbyte)(ones == 1 ? letter : -1);
            }

            encoded[s] = letters;
        }

        return ScanEncoded(encoded, cancellationToken);
    }

    private List<MotifHit> ScanEncoded(sbyte[][] sequences, CancellationToken cancellationToken)
    {
        var width = WeightMatrix.Width;
        var forwardScores = WeightMatrix.Values;
        var reverseScores = _reverseMatrix.Values;
        var wantQ = Options.ComputeQValues || Options.QValueThreshold is not null;
        var allP = wantQ ? new List<double>() : null;
        var hits = new List<(int Sequence, int Start, bool Reverse, double Score, double P)>();
        var strands = Options.BothStrands ? 2 : 1;
        for (var s = 0; s < sequences.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var letters = sequences[s];
            for (var start = 0; start + width <= letters.Length; start++)
            {
                for (var strand = 0; strand < strands; strand++)
                {
                    var integers = strand == 0 ? _forward : _reverse;
                    var total = 0;
                    var valid = true;
                    for (var w = 0; w < width; w++)
                    {
                        var a = letters[start + w];
                        if (a < 0)
                        {
                            valid = false;
                            break;
                        }

                        total += integers[(a * width) + w];
                    }

                    if (!valid)
                    {
                        break;
                    }

                    var p = PValueOfIntegerScore(total);
                    allP?.Add(p);
                    if (p <= Options.PValueThreshold)
                    {
                        var scores = strand == 0 ? forwardScores : reverseScores;
                        var score = 0.0;
                        for (var w = 0; w < width; w++)
                        {
                            score += scores[(letters[start + w] * width) + w];
                        }

                        hits.Add((s, start, strand == 1, score, p));
                    }
                }
            }
        }

        double[]? qValues = null;
        if (allP is not null)
        {
            qValues = QValuesOf(hits.Select(h => h.P).ToArray(), allP);
        }

        var result = new List<MotifHit>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var h = hits[i];
            var q = qValues?[i];
            if (Options.QValueThreshold is { } limit && q > limit)
            {
                continue;
            }

            result.Add(new MotifHit(MotifId, h.Sequence, h.Start, h.Start + width, h.Reverse ? Strand.Reverse : Strand.Forward, h.Score, h.P, q, Site(sequences[h.Sequence], h.Start, width, h.Reverse)));
        }

        return result;
    }

    /// <summary>Benjamini–Hochberg q-values of <paramref name="selected"/> among all tested p-values.</summary>
    private static double[] QValuesOf(double[] selected, List<double> all)
    {
        var sorted = all.ToArray();
        Array.Sort(sorted);
        var m = sorted.Length;
        var adjusted = new double[m];
        var running = 1.0;
        for (var r = m - 1; r >= 0; r--)
        {
            running = Math.Min(running, sorted[r] * m / (r + 1));
            adjusted[r] = running;
        }

        var result = new double[selected.Length];
        for (var i = 0; i < selected.Length; i++)
        {
            // Tied p-values share the q-value of their highest rank.
            var index = Array.BinarySearch(sorted, selected[i]);
            while (index + 1 < m && sorted[index + 1] == selected[i])
            {
                index++;
            }

            result[i] = adjusted[index];
        }

        return result;
    }

    private static string Site(sbyte[] letters, int start, int width, bool reverse)
    {
        var chars = new char[width];
        for (var w = 0; w < width; w++)
        {
            chars[w] = reverse ? "TGCA"[letters[start + width - 1 - w]] : "ACGT"[letters[start + w]];
        }

        return new string(chars);
    }
}

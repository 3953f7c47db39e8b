using Genomics.Models.Numerics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Statistics;
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
    private readonly int[] _forwardByPosition;  // Integerised scores, position-major with 5 letters (position * 5 + code; blocked = 0).
    private readonly int[] _reverseByPosition;
    private readonly int _hitScore;             // Smallest integer score whose p-value passes the threshold.

    // The same scores broadcast to vectors (position * 4 + letter) when every window total fits a short; else null.
    private readonly Vector<short>[]? _forwardVectors;
    private readonly Vector<short>[]? _reverseVectors;

    /// <summary>Initializes a scanner for a motif (MEME smoothing with the motif's sites, or 20 when unknown).</summary>
    /// <param name="motif">The motif.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="motif"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="MotifScanOptions.Validate"/>).</exception>
    public MotifScanner(Motif motif, MotifScanOptions? options = null)
        : this(
            (motif ?? throw new ArgumentNullException(nameof(motif))).ToWeightMatrix((options ?? new MotifScanOptions()).Validate().Background, (options ?? new MotifScanOptions()).Pseudocount),
            motif.Id,
            options)
    {
        MotifAltId = motif.Name;
    }

    /// <summary>Initializes a scanner for a weight matrix.</summary>
    /// <param name="weights">The log-odds matrix; its background is the null model of the p-values.</param>
    /// <param name="motifId">Id reported in the hits.</param>
    /// <param name="options">The options; defaults when null. The background and pseudocount options are not used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="motifId"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="MotifScanOptions.Validate"/>).</exception>
    public MotifScanner(PositionWeightMatrix weights, string motifId, MotifScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(motifId);
        WeightMatrix = weights;
        MotifId = motifId;
        Options = (options ?? new MotifScanOptions()).Validate();
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

        _reverse = AlphabetMatrix.ReverseComplement<int>(_forward, width);

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

        // The p-value falls as the integer score rises, so p ≤ threshold exactly when the score reaches _hitScore.
        _hitScore = 0;
        while (PValueOfIntegerScore(_hitScore) > Options.PValueThreshold)
        {
            _hitScore++;
        }

        _forwardByPosition = new int[width * 5];
        _reverseByPosition = new int[width * 5];
        for (var w = 0; w < width; w++)
        {
            for (var a = 0; a < 4; a++)
            {
                _forwardByPosition[(w * 5) + a] = _forward[(a * width) + w];
                _reverseByPosition[(w * 5) + a] = _reverse[(a * width) + w];
            }
        }

        // Window totals lie in 0..pdf.Length - 1 and _hitScore ≤ _tail.Length.
        if (_tail.Length < short.MaxValue)
        {
            _forwardVectors = new Vector<short>[width * 4];
            _reverseVectors = new Vector<short>[width * 4];
            for (var w = 0; w < width; w++)
            {
                for (var a = 0; a < 4; a++)
                {
                    _forwardVectors[(w * 4) + a] = new Vector<short>((short)_forward[(a * width) + w]);
                    _reverseVectors[(w * 4) + a] = new Vector<short>((short)_reverse[(a * width) + w]);
                }
            }
        }
    }

    /// <summary>Gets the motif id reported in hits.</summary>
    public string MotifId { get; }

    /// <summary>Gets the motif's alternative id reported in hits (<see cref="Motif.Name"/>; null for a scanner built from a weight matrix unless set).</summary>
    public string? MotifAltId { get; init; }

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
    public IReadOnlyList<MotifHit> Scan(IReadOnlyList<string> sequences, CancellationToken cancellationToken = default) =>
        Scan(EncodedSequences.FromStrings(sequences), cancellationToken);

    /// <summary>Scans sequences encoded once, e.g. to scan them with many motifs.</summary>
    /// <param name="sequences">The encoded sequences.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits, by sequence, position, then strand (forward first).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<MotifHit> Scan(EncodedSequences sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return ScanEncoded(sequences, null, cancellationToken);
    }

    /// <summary>
    /// Scans sequences encoded once, drawing π₀'s bootstrap samples (<see cref="MotifScanOptions.QValues"/> = Storey)
    /// from a given generator: one generator passed to the scans of several motifs in turn continues its draws from
    /// motif to motif, as one FIMO run does (FIMO never seeds <c>drand48</c>; a new <see cref="Drand48"/> is its state
    /// at the start of a run). The other overloads start a new generator for each scan.
    /// </summary>
    /// <param name="sequences">The encoded sequences.</param>
    /// <param name="bootstrap">The generator; advanced by <see cref="StoreyQValues.DrawsPerEstimate"/> draws when π₀ is estimated.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits, by sequence, position, then strand (forward first).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> or <paramref name="bootstrap"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<MotifHit> Scan(EncodedSequences sequences, Drand48 bootstrap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(bootstrap);
        return ScanEncoded(sequences, bootstrap, cancellationToken);
    }

    /// <summary>Scans one-hot sequences laid out alphabet-major, (N, 4, L) flattened row-major as the tensors are.</summary>
    /// <param name="oneHot">N × 4 × L values; a position is a base when exactly one channel is 1, otherwise (all zero: N) it is skipped.</param>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length L.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="oneHot"/> is null.</exception>
    /// <exception cref="ArgumentException">The array's length is not N × 4 × L.</exception>
    public IReadOnlyList<MotifHit> ScanOneHot(ReadOnlySpan<float> oneHot, int count, int length, CancellationToken cancellationToken = default) =>
        ScanEncoded(EncodedSequences.FromOneHot(oneHot, count, length), null, cancellationToken);

    private List<MotifHit> ScanEncoded(EncodedSequences sequences, Drand48? bootstrap, CancellationToken cancellationToken)
    {
        var width = WeightMatrix.Width;
        var wantQ = Options.ComputeQValues || Options.QValueThreshold is not null;
        var windows = wantQ ? new PValueReservoir() : null;
        var hits = new List<(int Sequence, int Start, bool Reverse, double P)>();
        var both = Options.BothStrands;

        // q-values need every window's p-value (count and sample); otherwise only windows reaching the hit score are looked at.
        var vectors = windows is null && Vector.IsHardwareAccelerated && _forwardVectors is not null;
        for (var s = 0; s < sequences.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var letters = sequences.Letters(s);
            var blockedBefore = sequences.BlockedBefore(s);
            var from = vectors ? ScanVectors(s, letters, blockedBefore, both, hits) : 0;
            ScanWindows(s, letters, blockedBefore, from, both, hits, windows);
        }

        if (Options.MaxStoredScores is not null)
        {
            var selected = new double[hits.Count];
            for (var i = 0; i < hits.Count; i++)
            {
                selected[i] = hits[i].P;
            }

            if (FimoQValues.KeepStored(selected, Options.MaxStoredScores) is { } kept)
            {
                hits = kept.ConvertAll(i => hits[i]);
            }
        }

        double[]? qValues = null;
        if (windows is not null)
        {
            var selected = new double[hits.Count];
            for (var i = 0; i < hits.Count; i++)
            {
                selected[i] = hits[i].P;
            }

            qValues = FimoQValues.Compute(selected, windows, Options.QValues, bootstrap ?? new Drand48());
        }

        var forwardScores = WeightMatrix.Values;
        var reverseScores = _reverseMatrix.Values;
        var result = new List<MotifHit>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var h = hits[i];
            var q = qValues?[i];
            if (Options.QValueThreshold is { } limit && q > limit)
            {
                continue;
            }

            var letters = sequences.Letters(h.Sequence);
            var scores = h.Reverse ? reverseScores : forwardScores;
            var score = 0.0;
            for (var w = 0; w < width; w++)
            {
                score += scores[(letters[h.Start + w] * width) + w];
            }

            result.Add(new MotifHit(MotifId, h.Sequence, h.Start, h.Start + width, h.Reverse ? Strand.Reverse : Strand.Forward, score, h.P, q, Site(letters, h.Start, width, h.Reverse)) { MotifAltId = MotifAltId });
        }

        return result;
    }

    /// <summary>
    /// Scores the windows from <paramref name="from"/> on one at a time (both strands in one pass), offering every
    /// p-value to <paramref name="windows"/> when given and the windows that pass the threshold in <paramref name="hits"/>.
    /// </summary>
    private void ScanWindows(int sequence, short[] letters, int[]? blockedBefore, int from, bool both, List<(int, int, bool, double)> hits, PValueReservoir? windows)
    {
        var width = WeightMatrix.Width;
        var forward = _forwardByPosition;
        var reverse = _reverseByPosition;
        for (var start = from; start + width <= letters.Length; start++)
        {
            if (blockedBefore is not null && blockedBefore[start + width] != blockedBefore[start])
            {
                continue;
            }

            var window = letters.AsSpan(start, width);
            int totalForward = 0, totalReverse = 0;
            for (var w = 0; w < window.Length; w++)
            {
                var index = (w * 5) + window[w];
                totalForward += forward[index];
                totalReverse += reverse[index];
            }

            var p = PValueOfIntegerScore(totalForward);
            windows?.Add(p);
            if (p <= Options.PValueThreshold)
            {
                hits.Add((sequence, start, false, p));
            }

            if (both)
            {
                p = PValueOfIntegerScore(totalReverse);
                windows?.Add(p);
                if (p <= Options.PValueThreshold)
                {
                    hits.Add((sequence, start, true, p));
                }
            }
        }
    }

    /// <summary>
    /// Scores whole blocks of <see cref="Vector{T}.Count"/> consecutive windows at once (one vector lane per window,
    /// both strands) and looks only at the windows whose integer score reaches the hit score.
    /// </summary>
    /// <returns>The first window start not scored (the rest of the sequence is left to <see cref="ScanWindows"/>).</returns>
    private int ScanVectors(int sequence, short[] letters, int[]? blockedBefore, bool both, List<(int, int, bool, double)> hits)
    {
        var width = WeightMatrix.Width;
        var lanes = Vector<short>.Count;
        var hitScore = new Vector<short>((short)_hitScore);
        var one = Vector<short>.One;
        var two = new Vector<short>(2);
        var three = new Vector<short>(3);
        ref var forward = ref MemoryMarshal.GetArrayDataReference(_forwardVectors!);
        ref var reverse = ref MemoryMarshal.GetArrayDataReference(_reverseVectors!);
        ref var first = ref MemoryMarshal.GetArrayDataReference(letters);
        var start = 0;

        // A block starting at `start` reads letters start .. start + lanes + width - 2.
        for (; start + lanes + width - 1 <= letters.Length; start += lanes)
        {
            var totalForward = Vector<short>.Zero;
            var totalReverse = Vector<short>.Zero;
            for (var w = 0; w < width; w++)
            {
                var x = Vector.LoadUnsafe(ref first, (nuint)(start + w));
                var isC = Vector.Equals(x, one);
                var isG = Vector.Equals(x, two);
                var isT = Vector.Equals(x, three);
                ref var f = ref Unsafe.Add(ref forward, w * 4);
                totalForward += Vector.ConditionalSelect(isT, Unsafe.Add(ref f, 3), Vector.ConditionalSelect(isG, Unsafe.Add(ref f, 2), Vector.ConditionalSelect(isC, Unsafe.Add(ref f, 1), f)));
                if (both)
                {
                    ref var r = ref Unsafe.Add(ref reverse, w * 4);
                    totalReverse += Vector.ConditionalSelect(isT, Unsafe.Add(ref r, 3), Vector.ConditionalSelect(isG, Unsafe.Add(ref r, 2), Vector.ConditionalSelect(isC, Unsafe.Add(ref r, 1), r)));
                }
            }

            if (!Vector.GreaterThanOrEqualAny(totalForward, hitScore) && !(both && Vector.GreaterThanOrEqualAny(totalReverse, hitScore)))
            {
                continue;
            }

            for (var lane = 0; lane < lanes; lane++)
            {
                var at = start + lane;
                if (blockedBefore is not null && blockedBefore[at + width] != blockedBefore[at])
                {
                    continue;
                }

                var p = PValueOfIntegerScore(totalForward[lane]);
                if (p <= Options.PValueThreshold)
                {
                    hits.Add((sequence, at, false, p));
                }

                p = PValueOfIntegerScore(totalReverse[lane]);
                if (both && p <= Options.PValueThreshold)
                {
                    hits.Add((sequence, at, true, p));
                }
            }
        }

        return start;
    }

    private static string Site(short[] letters, int start, int width, bool reverse)
    {
        var chars = new char[width];
        for (var w = 0; w < width; w++)
        {
            chars[w] = reverse ? "TGCA"[letters[start + width - 1 - w]] : "ACGT"[letters[start + w]];
        }

        return new string(chars);
    }
}

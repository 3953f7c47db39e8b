namespace Genomics.Interpret.Asmm;

/// <summary>
/// Candidate motifs and their occurrences in a background set, in compact arrays: for candidate i, a name, a width
/// W, a pattern (4 × W, channel-major, A, C, G, T) placed into the empty input for the autonomy score, and its
/// occurrences (sample, start position) in scan order.
/// </summary>
/// <remarks>
/// Occurrence positions are positions in the sample's model input (sub-sequences concatenated, see
/// <see cref="AsmmBackground"/>); an occurrence covers positions start … start + W − 1. Occurrences of candidate i are
/// entries <c>OccurrenceOffsets[i]</c> … <c>OccurrenceOffsets[i + 1] − 1</c> of the occurrence arrays.
/// </remarks>
public sealed class MotifCandidateSet
{
    private readonly string[] _names;
    private readonly int[] _widths;
    private readonly float[][] _patterns;
    private readonly int[] _offsets;
    private readonly int[] _samples;
    private readonly int[] _positions;

    /// <summary>Creates a candidate set; the arrays are taken over, not copied.</summary>
    /// <param name="names">Candidate names (k-mer strings for k-mers).</param>
    /// <param name="widths">Widths W ≥ 1.</param>
    /// <param name="patterns">Per candidate 4 · W finite values, channel-major (one-hot for k-mers).</param>
    /// <param name="occurrenceOffsets">Candidate count + 1 non-decreasing offsets starting at 0 into the occurrence arrays.</param>
    /// <param name="occurrenceSamples">Sample index of each occurrence.</param>
    /// <param name="occurrencePositions">Start position of each occurrence in the sample's input.</param>
    /// <param name="inputLength">The input length L the occurrences refer to; every occurrence must lie within it.</param>
    /// <exception cref="ArgumentException">Inconsistent lengths, a bad width or pattern, or an occurrence outside the input.</exception>
    public MotifCandidateSet(string[] names, int[] widths, float[][] patterns, int[] occurrenceOffsets, int[] occurrenceSamples, int[] occurrencePositions, int inputLength)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(occurrenceOffsets);
        ArgumentNullException.ThrowIfNull(occurrenceSamples);
        ArgumentNullException.ThrowIfNull(occurrencePositions);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        var n = names.Length;
        if (widths.Length != n || patterns.Length != n || occurrenceOffsets.Length != n + 1)
        {
            throw new ArgumentException($"Expected {n} widths and patterns and {n + 1} offsets; got {widths.Length}, {patterns.Length} and {occurrenceOffsets.Length}.", nameof(occurrenceOffsets));
        }

        if (occurrenceSamples.Length != occurrencePositions.Length || occurrenceOffsets[0] != 0 || occurrenceOffsets[n] != occurrenceSamples.Length)
        {
            throw new ArgumentException("The offsets must start at 0 and end at the number of occurrences, and samples and positions must have equal lengths.", nameof(occurrenceOffsets));
        }

        for (var i = 0; i < n; i++)
        {
            if (widths[i] < 1 || widths[i] > inputLength)
            {
                throw new ArgumentException($"Candidate {i} ('{names[i]}') has width {widths[i]}; expected 1 … {inputLength}.", nameof(widths));
            }

            if (patterns[i] is null || patterns[i].Length != 4 * widths[i] || patterns[i].Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException($"Candidate {i} ('{names[i]}') needs a pattern of {4 * widths[i]} finite values.", nameof(patterns));
            }

            if (occurrenceOffsets[i + 1] < occurrenceOffsets[i])
            {
                throw new ArgumentException($"Offsets decrease at candidate {i}.", nameof(occurrenceOffsets));
            }

            for (var j = occurrenceOffsets[i]; j < occurrenceOffsets[i + 1]; j++)
            {
                if (occurrenceSamples[j] < 0 || occurrencePositions[j] < 0 || occurrencePositions[j] + widths[i] > inputLength)
                {
                    throw new ArgumentException($"Occurrence {j} of candidate {i} (sample {occurrenceSamples[j]}, position {occurrencePositions[j]}) lies outside an input of length {inputLength}.", nameof(occurrencePositions));
                }
            }
        }

        _names = names;
        _widths = widths;
        _patterns = patterns;
        _offsets = occurrenceOffsets;
        _samples = occurrenceSamples;
        _positions = occurrencePositions;
        InputLength = inputLength;
    }

    /// <summary>The number of candidates.</summary>
    public int Count => _names.Length;

    /// <summary>The input length L occurrence positions refer to.</summary>
    public int InputLength { get; }

    /// <summary>The candidate names.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The total number of occurrences over all candidates.</summary>
    public int TotalOccurrences => _samples.Length;

    /// <summary>The width W of candidate <paramref name="index"/>.</summary>
    /// <param name="index">The candidate index.</param>
    /// <returns>The width.</returns>
    public int Width(int index) => _widths[index];

    /// <summary>The pattern of candidate <paramref name="index"/>: 4 · W values, channel-major (A, C, G, T).</summary>
    /// <param name="index">The candidate index.</param>
    /// <returns>The pattern.</returns>
    public ReadOnlySpan<float> Pattern(int index) => _patterns[index];

    /// <summary>The number of occurrences of candidate <paramref name="index"/> (the original's <c>Motif_count</c>).</summary>
    /// <param name="index">The candidate index.</param>
    /// <returns>The count.</returns>
    public int OccurrenceCount(int index) => _offsets[index + 1] - _offsets[index];

    /// <summary>The sample index of each occurrence of candidate <paramref name="index"/>, in scan order.</summary>
    /// <param name="index">The candidate index.</param>
    /// <returns>The samples.</returns>
    public ReadOnlySpan<int> OccurrenceSamples(int index) => _samples.AsSpan(_offsets[index], OccurrenceCount(index));

    /// <summary>The start position of each occurrence of candidate <paramref name="index"/>, in scan order.</summary>
    /// <param name="index">The candidate index.</param>
    /// <returns>The positions.</returns>
    public ReadOnlySpan<int> OccurrencePositions(int index) => _positions.AsSpan(_offsets[index], OccurrenceCount(index));

    /// <summary>The candidates at the given indices, in that order (e.g. to score a subset).</summary>
    /// <param name="indices">Candidate indices.</param>
    /// <returns>A new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public MotifCandidateSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var offsets = new int[indices.Count + 1];
        for (var i = 0; i < indices.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(indices[i], nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(indices[i], Count, nameof(indices));
            offsets[i + 1] = offsets[i] + OccurrenceCount(indices[i]);
        }

        var samples = new int[offsets[^1]];
        var positions = new int[offsets[^1]];
        for (var i = 0; i < indices.Count; i++)
        {
            OccurrenceSamples(indices[i]).CopyTo(samples.AsSpan(offsets[i]));
            OccurrencePositions(indices[i]).CopyTo(positions.AsSpan(offsets[i]));
        }

        return new MotifCandidateSet(
            indices.Select(i => _names[i]).ToArray(),
            indices.Select(i => _widths[i]).ToArray(),
            indices.Select(i => _patterns[i]).ToArray(),
            offsets,
            samples,
            positions,
            InputLength);
    }

    /// <summary>The index of the candidate with the given name, or −1.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The index or −1.</returns>
    public int IndexOf(string name) => Array.IndexOf(_names, name);
}

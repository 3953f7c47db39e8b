namespace Genomics.Models.IO;

/// <summary>
/// Windows over a genome for genome-wide prediction and attribution: fixed-length tiles of every sequence of an
/// indexed FASTA, produced lazily so that memory does not grow with the genome. Fetch their bases with
/// <see cref="IndexedFasta.FetchRecords"/>, chunk by chunk (<c>Enumerable.Chunk</c>).
/// </summary>
public static class GenomeWindows
{
    /// <summary>
    /// Tiles the sequences of <paramref name="index"/> in index order with windows of <paramref name="length"/> nt every
    /// <paramref name="stride"/> nt, starting at 0. A window that would pass a sequence's end is left out, unless
    /// <paramref name="keepLast"/> is set, in which case one last window is placed flush with the end (overlapping its
    /// predecessor) for every sequence at least <paramref name="length"/> long. Sequences shorter than a window give none.
    /// </summary>
    /// <param name="index">The genome's FASTA index.</param>
    /// <param name="length">Window length, at least 1.</param>
    /// <param name="stride">Distance between window starts, at least 1.</param>
    /// <param name="keepLast">Whether to add a window flush with each sequence's end when the tiling stops short of it.</param>
    /// <param name="sequences">The sequences to tile, in this order; every one when null.</param>
    /// <returns>Windows named <c>chrom:start-end</c> (0-based, end exclusive), in genome order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> or <paramref name="stride"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A name in <paramref name="sequences"/> is not in the index.</exception>
    public static IEnumerable<BedInterval> Tile(FastaIndex index, int length, int stride, bool keepLast = false, IEnumerable<string>? sequences = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var entries = sequences is null
            ? index.Entries.ToList()
            : sequences.Select(name => index.TryGetEntry(name, out var entry) ? entry : throw new ArgumentException($"Sequence '{name}' is not in the FASTA index ({index.Entries.Count} sequences).", nameof(sequences))).ToList();
        return Enumerate(entries, length, stride, keepLast);
    }

    /// <summary>
    /// Windows of <paramref name="length"/> nt centred on intervals (e.g. the peaks of a BED file, <see cref="BedReader"/>):
    /// the window starts at the interval's centre, start + ⌊(end − start) / 2⌋, minus ⌊<paramref name="length"/> / 2⌋,
    /// whatever the interval's own length. Names and strands are kept, so <see cref="IndexedFasta.FetchRecords"/> names
    /// the records by the intervals' names and reverse-complements those on the minus strand. An interval whose window
    /// would leave its sequence is skipped and counted in <paramref name="summary"/>. Lazy: memory does not grow with
    /// the number of intervals.
    /// </summary>
    /// <param name="index">The genome's FASTA index.</param>
    /// <param name="intervals">The intervals, enumerated once.</param>
    /// <param name="length">Window length, at least 1.</param>
    /// <param name="summary">Receives the count of skipped intervals while enumerating; optional.</param>
    /// <returns>The windows, in the intervals' order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> or <paramref name="intervals"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 1.</exception>
    /// <exception cref="ArgumentException">While enumerating: an interval names a sequence that is not in the index.</exception>
    public static IEnumerable<BedInterval> Centred(FastaIndex index, IEnumerable<BedInterval> intervals, int length, GenomeWindowSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return Iterate(summary ?? new GenomeWindowSummary());

        IEnumerable<BedInterval> Iterate(GenomeWindowSummary counts)
        {
            foreach (var interval in intervals)
            {
                if (!index.TryGetEntry(interval.Chrom, out var entry))
                {
                    throw new ArgumentException($"Interval {interval.ToLocusString()} names sequence '{interval.Chrom}', which is not in the FASTA index ({index.Entries.Count} sequences).", nameof(intervals));
                }

                var start = interval.Start + ((interval.End - interval.Start) / 2) - (length / 2);
                if (start < 0 || start + length > entry.Length)
                {
                    counts.OutsideSequence++;
                    continue;
                }

                counts.Windows++;
                yield return interval with { Start = start, End = start + length };
            }
        }
    }

    /// <summary>The number of windows <see cref="Tile"/> gives with the same arguments, without enumerating them.</summary>
    /// <param name="index">The genome's FASTA index.</param>
    /// <param name="length">Window length, at least 1.</param>
    /// <param name="stride">Distance between window starts, at least 1.</param>
    /// <param name="keepLast">As for <see cref="Tile"/>.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> or <paramref name="stride"/> is below 1.</exception>
    public static long Count(FastaIndex index, int length, int stride, bool keepLast = false)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        long total = 0;
        foreach (var entry in index.Entries)
        {
            total += CountIn(entry.Length, length, stride, keepLast);
        }

        return total;
    }

    private static long CountIn(long sequenceLength, int length, int stride, bool keepLast)
    {
        if (sequenceLength < length)
        {
            return 0;
        }

        var full = ((sequenceLength - length) / stride) + 1;
        var lastEnd = ((full - 1) * stride) + length;
        return keepLast && lastEnd < sequenceLength ? full + 1 : full;
    }

    private static IEnumerable<BedInterval> Enumerate(List<FastaIndexEntry> entries, int length, int stride, bool keepLast)
    {
        foreach (var entry in entries)
        {
            var count = CountIn(entry.Length, length, stride, keepLast: false);
            for (long i = 0; i < count; i++)
            {
                var start = i * stride;
                yield return Window(entry.Name, start, length);
            }

            if (keepLast && count > 0 && ((count - 1) * stride) + length < entry.Length)
            {
                yield return Window(entry.Name, entry.Length - length, length);
            }
        }
    }

    private static BedInterval Window(string chromosome, long start, int length) =>
        new(chromosome, start, start + length, $"{chromosome}:{start}-{start + length}");
}

/// <summary>Counts of <see cref="GenomeWindows.Centred"/>, complete once its enumeration has finished.</summary>
public sealed class GenomeWindowSummary
{
    /// <summary>Windows produced.</summary>
    public long Windows { get; internal set; }

    /// <summary>Intervals skipped because their window would leave the sequence.</summary>
    public long OutsideSequence { get; internal set; }
}

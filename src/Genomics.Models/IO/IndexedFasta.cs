using Genomics.Models.Encoding;
using Microsoft.Win32.SafeHandles;

namespace Genomics.Models.IO;

/// <summary>
/// Random access to an uncompressed FASTA file through its .fai index: fetches any region while reading only
/// the bytes that hold it.
/// </summary>
/// <remarks>
/// Reads use positional I/O on one file handle, so <see cref="Fetch(string, long, long)"/> may be called from several
/// threads at once. Sequences are returned as stored (case kept, so soft-masked lower case survives). Dispose the
/// instance to close the file.
/// </remarks>
public sealed class IndexedFasta : IDisposable
{
    private readonly SafeFileHandle _handle;

    private IndexedFasta(string path, FastaIndex index, SafeFileHandle handle)
    {
        FastaPath = path;
        Index = index;
        _handle = handle;
    }

    /// <summary>Gets the path of the FASTA file.</summary>
    public string FastaPath { get; }

    /// <summary>Gets the index in use.</summary>
    public FastaIndex Index { get; }

    /// <summary>Gets the sequence names in file order.</summary>
    public IReadOnlyList<string> Names => Index.Names;

    /// <summary>Opens a FASTA file for random access.</summary>
    /// <param name="fastaPath">Path of an uncompressed FASTA file.</param>
    /// <param name="index">
    /// The index to use. Default null: read <c>fastaPath + ".fai"</c> when it exists, otherwise build the index in
    /// memory with <see cref="FastaIndex.Build"/> (nothing is written; call <see cref="FastaIndex.Write(string)"/> to keep it).
    /// </param>
    /// <returns>An open instance; dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="fastaPath"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The FASTA file does not exist.</exception>
    /// <exception cref="DataFormatException">The index cannot be read or built, or it points past the end of the file (a stale index: rebuild it).</exception>
    public static IndexedFasta Open(string fastaPath, FastaIndex? index = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fastaPath);
        if (!File.Exists(fastaPath))
        {
            throw new FileNotFoundException($"FASTA file '{fastaPath}' does not exist.", fastaPath);
        }

        var indexPath = FastaIndex.DefaultPathFor(fastaPath);
        index ??= File.Exists(indexPath) ? FastaIndex.Read(indexPath) : FastaIndex.Build(fastaPath);
        var handle = File.OpenHandle(fastaPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            foreach (var entry in index.Entries)
            {
                if (entry.EndByteOffset > fileLength)
                {
                    throw new DataFormatException(
                        indexPath, null, $"sequence '{entry.Name}' ends at byte {entry.EndByteOffset} but '{fastaPath}' has {fileLength} bytes; the index is stale, rebuild it.");
                }
            }

            return new IndexedFasta(fastaPath, index, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Gets the length of a sequence.</summary>
    /// <param name="name">The sequence name (case-sensitive).</param>
    /// <returns>The number of bases.</returns>
    /// <exception cref="ArgumentException">No sequence has that name.</exception>
    public long GetLength(string name) => Entry(name).Length;

    /// <summary>Fetches a whole sequence.</summary>
    /// <param name="name">The sequence name (case-sensitive).</param>
    /// <returns>The sequence as stored.</returns>
    /// <exception cref="ArgumentException">No sequence has that name.</exception>
    /// <exception cref="DataFormatException">The bytes read do not match the index (the file changed: rebuild the index).</exception>
    public string Fetch(string name) => Fetch(name, 0, GetLength(name));

    /// <summary>Fetches the region [<paramref name="start"/>, <paramref name="end"/>) of a sequence (0-based, half-open, as in BED).</summary>
    /// <param name="name">The sequence name (case-sensitive).</param>
    /// <param name="start">First position, 0 to the sequence length.</param>
    /// <param name="end">Position just past the last one, <paramref name="start"/> to the sequence length.</param>
    /// <returns>The <paramref name="end"/> − <paramref name="start"/> bases, as stored (forward strand).</returns>
    /// <exception cref="ArgumentException">No sequence has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is negative, reversed or past the end of the sequence.</exception>
    /// <exception cref="DataFormatException">The bytes read do not match the index (the file changed: rebuild the index).</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public string Fetch(string name, long start, long end)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var entry = Entry(name);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, entry.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, entry.Length);
        if (end - start > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The region is too long for one string; fetch it in pieces.");
        }

        if (start == end)
        {
            return string.Empty;
        }

        var first = entry.ByteOffsetOf(start);
        var last = entry.ByteOffsetOf(end - 1) + 1;
        var bytes = new byte[last - first];
        var total = 0;
        while (total < bytes.Length)
        {
            var n = RandomAccess.Read(_handle, bytes.AsSpan(total), first + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        var chars = new char[end - start];
        var count = 0;
        foreach (var b in bytes.AsSpan(0, total))
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                continue;
            }

            if (count == chars.Length || b == (byte)'>')
            {
                count = -1;
                break;
            }

            chars[count++] = (char)b;
        }

        if (count != chars.Length)
        {
            throw new DataFormatException(
                FastaPath, null, $"the bytes for '{name}':{start}-{end} do not match the index; the file changed after indexing, rebuild the index.");
        }

        return new string(chars);
    }

    /// <summary>Fetches the sequence of a BED interval, reverse-complemented when the interval is on the reverse strand.</summary>
    /// <param name="interval">The interval; <see cref="BedInterval.Chrom"/> must name a sequence in the file.</param>
    /// <returns>The forward sequence of [Start, End) for '+' or unspecified strand; its reverse complement (case kept) for '-'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interval"/> is null.</exception>
    /// <exception cref="ArgumentException">The chromosome is not in the file.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The interval lies outside the sequence.</exception>
    /// <exception cref="DataFormatException">The bytes read do not match the index (the file changed: rebuild the index).</exception>
    public string Fetch(BedInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (!Index.TryGetEntry(interval.Chrom ?? string.Empty, out var entry))
        {
            throw new ArgumentException($"Chromosome '{interval.Chrom}' of interval {interval.ToLocusString()} is not in '{FastaPath}'.", nameof(interval));
        }

        if (interval.Start < 0 || interval.End < interval.Start || interval.End > entry.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(interval), interval.ToLocusString(), $"The interval must satisfy 0 <= start <= end <= {entry.Length} (the length of '{entry.Name}').");
        }

        var forward = Fetch(entry.Name, interval.Start, interval.End);
        return interval.Strand == Strand.Reverse ? Alphabet.Dna.ReverseComplement(forward) : forward;
    }

    /// <summary>Fetches the strand-aware sequences of BED intervals as FASTA records.</summary>
    /// <param name="intervals">The intervals, enumerated lazily, once.</param>
    /// <returns>
    /// One record per interval in input order: the id is the interval's name when it has one, otherwise
    /// <see cref="BedInterval.ToLocusString"/> (e.g. "chr1:100-200(-)"); the description is the locus when a name was used.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="intervals"/> is null.</exception>
    /// <exception cref="ArgumentException">While enumerating: an interval is null or names an unknown chromosome.</exception>
    /// <exception cref="ArgumentOutOfRangeException">While enumerating: an interval lies outside its sequence.</exception>
    public IEnumerable<FastaRecord> FetchRecords(IEnumerable<BedInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        return Iterate(intervals);

        IEnumerable<FastaRecord> Iterate(IEnumerable<BedInterval> source)
        {
            var index = 0;
            foreach (var interval in source)
            {
                if (interval is null)
                {
                    throw new ArgumentException($"Interval {index} is null.", nameof(intervals));
                }

                var locus = interval.ToLocusString();
                var hasName = !string.IsNullOrWhiteSpace(interval.Name);
                yield return new FastaRecord(hasName ? interval.Name! : locus, hasName ? locus : string.Empty, Fetch(interval));
                index++;
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    private FastaIndexEntry Entry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Index.TryGetEntry(name, out var entry)
            ? entry
            : throw new ArgumentException($"Sequence '{name}' is not in '{FastaPath}' (it has {Index.Entries.Count} sequences).", nameof(name));
    }
}

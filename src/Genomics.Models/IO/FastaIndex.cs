using System.Globalization;
using System.Text;

namespace Genomics.Models.IO;

/// <summary>
/// A samtools-compatible FASTA index (.fai): for each sequence its name, length, byte offset, bases per line and
/// bytes per line, which together locate any base without reading the rest of the file.
/// </summary>
/// <remarks>
/// <see cref="Build"/> requires an uncompressed FASTA in which, within each record, every sequence line except the
/// last has the same length and the same line ending (LF or CRLF); blank lines are allowed only at the end of a
/// record. Records with an empty sequence get no entry and names must be unique (samtools skips empty records too,
/// and warns about repeated names where this type refuses them, since a fetch by name would be ambiguous).
/// The text format is five tab-separated columns per sequence (name, length, offset, linebases, linewidth),
/// identical to <c>samtools faidx</c>, so indexes can be shared with samtools, pysam and IGV.
/// </remarks>
public sealed class FastaIndex
{
    private readonly FastaIndexEntry[] _entries;
    private readonly Dictionary<string, FastaIndexEntry> _byName;

    /// <summary>Initializes a new instance from entries.</summary>
    /// <param name="entries">The entries in file order; names must be unique and non-empty, numbers non-negative, and LineBases ≤ LineWidth.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">An entry is null or invalid, or two entries share a name.</exception>
    public FastaIndex(IEnumerable<FastaIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        _byName = new Dictionary<string, FastaIndexEntry>(_entries.Length, StringComparer.Ordinal);
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = _entries[i];
            if (entry is null || ProblemWith(entry) is { } problem)
            {
                throw new ArgumentException($"Index entry {i} is invalid: {(entry is null ? "null" : ProblemWith(entry))}.", nameof(entries));
            }

            if (!_byName.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"Index entry {i} repeats the sequence name '{entry.Name}'.", nameof(entries));
            }
        }
    }

    /// <summary>Gets the entries in file order.</summary>
    public IReadOnlyList<FastaIndexEntry> Entries => _entries;

    /// <summary>Gets the sequence names in file order.</summary>
    public IReadOnlyList<string> Names => Array.ConvertAll(_entries, e => e.Name);

    /// <summary>Gets the entry for a sequence name.</summary>
    /// <param name="name">The sequence name (case-sensitive).</param>
    /// <returns>The entry.</returns>
    /// <exception cref="KeyNotFoundException">No sequence has that name.</exception>
    public FastaIndexEntry this[string name] =>
        TryGetEntry(name, out var entry) ? entry : throw new KeyNotFoundException($"Sequence '{name}' is not in the FASTA index.");

    /// <summary>Gets the path conventionally used for the index of a FASTA file: the FASTA path with ".fai" appended.</summary>
    /// <param name="fastaPath">The FASTA path.</param>
    /// <returns><paramref name="fastaPath"/> + ".fai".</returns>
    /// <exception cref="ArgumentException"><paramref name="fastaPath"/> is null or empty.</exception>
    public static string DefaultPathFor(string fastaPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fastaPath);
        return fastaPath + ".fai";
    }

    /// <summary>Looks up a sequence by name.</summary>
    /// <param name="name">The sequence name (case-sensitive).</param>
    /// <param name="entry">The entry when found.</param>
    /// <returns>True when the sequence is in the index.</returns>
    public bool TryGetEntry(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out FastaIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out entry);
    }

    /// <summary>Builds the index of an uncompressed FASTA file by reading it once.</summary>
    /// <param name="fastaPath">Path of the FASTA file.</param>
    /// <returns>The index; nothing is written to disk (use <see cref="Write(string)"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="fastaPath"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is compressed, has data before the first header, an empty or duplicate name, whitespace inside a
    /// sequence line, lines of unequal length or mixed line endings within a record (the message names file and line).
    /// </exception>
    public static FastaIndex Build(string fastaPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fastaPath);
        if (!File.Exists(fastaPath))
        {
            throw new FileNotFoundException($"FASTA file '{fastaPath}' does not exist.", fastaPath);
        }

        using var stream = new FileStream(fastaPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new FastaIndex(FastaIndexBuilder.Scan(stream, fastaPath));
    }

    /// <summary>Reads a .fai file.</summary>
    /// <param name="indexPath">Path of the index file.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentException"><paramref name="indexPath"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A line does not have five tab-separated fields, a number is invalid, or a name repeats (the message names file and line).</exception>
    public static FastaIndex Read(string indexPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexPath);
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException($"FASTA index '{indexPath}' does not exist.", indexPath);
        }

        var entries = new List<FastaIndexEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(indexPath))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var entry = ParseLine(line, indexPath, lineNumber);
            if (!seen.Add(entry.Name))
            {
                throw new DataFormatException(indexPath, lineNumber, $"sequence name '{entry.Name}' appears twice in the index.");
            }

            entries.Add(entry);
        }

        return new FastaIndex(entries);
    }

    /// <summary>Writes the index in .fai format, atomically (temporary file in the same folder, then rename).</summary>
    /// <param name="indexPath">Destination path, usually <see cref="DefaultPathFor"/> of the FASTA path.</param>
    /// <exception cref="ArgumentException"><paramref name="indexPath"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public void Write(string indexPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexPath);
        AtomicFile.Write(indexPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(writer);
        });
    }

    /// <summary>Writes the index in .fai format.</summary>
    /// <param name="writer">The destination; flushed but not disposed. Lines end with LF.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var e in _entries)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{e.Name}\t{e.Length}\t{e.Offset}\t{e.LineBases}\t{e.LineWidth}\n"));
        }

        writer.Flush();
    }

    private static FastaIndexEntry ParseLine(string line, string path, int lineNumber)
    {
        var fields = line.Split('\t');
        if (fields.Length != 5)
        {
            throw new DataFormatException(path, lineNumber, $"expected 5 tab-separated fields (name, length, offset, linebases, linewidth) but found {fields.Length}.");
        }

        long Number(int index, string what)
        {
            return long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new DataFormatException(path, lineNumber, $"{what} '{fields[index]}' is not a non-negative integer.");
        }

        var length = Number(1, "length");
        var offset = Number(2, "offset");
        var lineBases = Number(3, "linebases");
        var lineWidth = Number(4, "linewidth");
        if (lineWidth > int.MaxValue)
        {
            throw new DataFormatException(path, lineNumber, $"linewidth {lineWidth} is too large.");
        }

        var entry = new FastaIndexEntry(fields[0], length, offset, (int)lineBases, (int)lineWidth);
        return ProblemWith(entry) is { } problem ? throw new DataFormatException(path, lineNumber, problem + ".") : entry;
    }

    private static string? ProblemWith(FastaIndexEntry entry) => entry switch
    {
        { Name: null or "" } => "the name is empty",
        { Length: < 0 } or { Offset: < 0 } or { LineBases: < 0 } or { LineWidth: < 0 } => $"'{entry.Name}' has a negative number",
        { LineBases: var b, LineWidth: var w } when b > w => $"'{entry.Name}' has linebases {b} greater than linewidth {w}",
        { Length: > 0, LineBases: 0 } => $"'{entry.Name}' has bases but linebases 0",
        _ => null,
    };
}

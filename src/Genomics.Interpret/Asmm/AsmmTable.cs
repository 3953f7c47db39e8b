namespace Genomics.Interpret.Asmm;

/// <summary>
/// The rows of a DeepASMM input table (columns <c>Seqs</c> and <c>Labels</c>): every row has the same number of
/// sub-sequences, all of the same length.
/// </summary>
public sealed class AsmmTable
{
    /// <summary>Creates a table and checks that all rows have the same shape.</summary>
    /// <param name="records">The rows; at least one.</param>
    /// <param name="source">Where the rows came from (file path or a name), used in messages.</param>
    /// <exception cref="ArgumentException">No rows, or rows with different numbers or lengths of sub-sequences.</exception>
    public AsmmTable(IReadOnlyList<AsmmRecord> records, string source = "<table>")
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("The table has no rows.", nameof(records));
        }

        var first = records[0];
        if (first.Sequences.Count == 0 || first.Sequences[0].Length == 0)
        {
            throw new ArgumentException($"Line {first.Line} has no sequence.", nameof(records));
        }

        foreach (var r in records)
        {
            if (r.Sequences.Count != first.Sequences.Count || r.Sequences.Any(s => s.Length != first.Sequences[0].Length))
            {
                throw new ArgumentException($"Line {r.Line} has {r.Sequences.Count} sub-sequence(s) of length(s) {string.Join('/', r.Sequences.Select(s => s.Length))}, but line {first.Line} has {first.Sequences.Count} of length {first.Sequences[0].Length}; all must match.", nameof(records));
            }
        }

        Records = records.ToArray();
        Source = source;
    }

    /// <summary>The rows in file order.</summary>
    public IReadOnlyList<AsmmRecord> Records { get; }

    /// <summary>Where the rows came from.</summary>
    public string Source { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Records.Count;

    /// <summary>The number of sub-sequences per sample.</summary>
    public int SubSequenceCount => Records[0].Sequences.Count;

    /// <summary>The length of every sub-sequence.</summary>
    public int SubSequenceLength => Records[0].Sequences[0].Length;
}

using System.Globalization;
using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// Writes matches as tomtom's table: columns Query_ID, Target_ID, Optimal_offset, p-value, E-value, q-value, Overlap,
/// Query_consensus, Target_consensus, Orientation; numbers as tomtom prints them (%g, six significant digits).
/// </summary>
public static class MotifMatchTable
{
    /// <summary>The header columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Query_ID", "Target_ID", "Optimal_offset", "p-value", "E-value", "q-value", "Overlap", "Query_consensus", "Target_consensus", "Orientation"];

    /// <summary>Writes the table to a file atomically; comma-separated when the path ends in .csv, otherwise tab-separated.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="matches">The matches.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, IEnumerable<MotifMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(matches);
        var separator = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ',' : '\t';
        MotifText.WriteAtomically(path, writer => Write(writer, matches, separator));
    }

    /// <summary>Writes the table.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="matches">The matches.</param>
    /// <param name="separator">Column separator: '\t' (tomtom.tsv) or ',' (quoted where needed).</param>
    /// <exception cref="ArgumentNullException">An argument or match is null.</exception>
    /// <exception cref="ArgumentException">The separator is not a tab or a comma.</exception>
    public static void Write(TextWriter writer, IEnumerable<MotifMatch> matches, char separator = '\t')
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matches);
        if (separator is not '\t' and not ',')
        {
            throw new ArgumentException("The separator must be a tab or a comma.", nameof(separator));
        }

        writer.Write(string.Join(separator, Columns));
        writer.Write('\n');
        foreach (var m in matches)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(matches));
            string[] cells =
            [
                m.QueryId,
                m.TargetId,
                m.Offset.ToString(CultureInfo.InvariantCulture),
                G(m.PValue),
                G(m.EValue),
                G(m.QValue),
                m.Overlap.ToString(CultureInfo.InvariantCulture),
                m.QueryConsensus,
                m.TargetConsensus,
                m.Orientation.ToString(),
            ];
            writer.Write(string.Join(separator, cells.Select(c => Quote(c, separator))));
            writer.Write('\n');
        }
    }

    private static string G(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Quote(string cell, char separator) =>
        separator == ',' && (cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal))
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
}

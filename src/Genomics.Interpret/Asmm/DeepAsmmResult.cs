using System.Globalization;
using Genomics.Models.IO;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// DeepASMM's result: one <see cref="AsmmMotifScore"/> per candidate motif in candidate order, readable and writable
/// as the original's CSV (<c>Motifs,Motif_count,Af_score,Scs_score,Autonomous_functionality_score,Seqence_context_synergy_score</c>).
/// </summary>
public sealed class DeepAsmmResult
{
    /// <summary>The original's column names, in order (the last one misspelt as in the original).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Motifs", "Motif_count", "Af_score", "Scs_score", "Autonomous_functionality_score", "Seqence_context_synergy_score"];

    /// <summary>Creates a result from its rows.</summary>
    /// <param name="motifs">The rows.</param>
    public DeepAsmmResult(IReadOnlyList<AsmmMotifScore> motifs)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        Motifs = motifs.ToArray();
    }

    /// <summary>The rows in candidate order.</summary>
    public IReadOnlyList<AsmmMotifScore> Motifs { get; }

    /// <summary>
    /// Builds the final scores from raw ones (<see cref="DeepAsmm"/> step A4): min–max normalise count, AF and SCS over all motifs (a constant
    /// vector normalises to 0), then final AF = norm(count) · norm(AF) and final SCS = norm(count) · norm(SCS).
    /// </summary>
    /// <param name="names">Motif names.</param>
    /// <param name="counts">Occurrence counts.</param>
    /// <param name="autonomy">Raw autonomy scores.</param>
    /// <param name="synergy">Raw synergy scores.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public static DeepAsmmResult FromRawScores(IReadOnlyList<string> names, IReadOnlyList<int> counts, IReadOnlyList<double> autonomy, IReadOnlyList<double> synergy)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(autonomy);
        ArgumentNullException.ThrowIfNull(synergy);
        if (counts.Count != names.Count || autonomy.Count != names.Count || synergy.Count != names.Count)
        {
            throw new ArgumentException("Names, counts and scores must have the same length.", nameof(names));
        }

        var nc = MinMax(counts.Select(c => (double)c).ToArray());
        var na = MinMax(autonomy.ToArray());
        var ns = MinMax(synergy.ToArray());
        var rows = new AsmmMotifScore[names.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new AsmmMotifScore(names[i], counts[i], autonomy[i], synergy[i], nc[i] * na[i], nc[i] * ns[i]);
        }

        return new DeepAsmmResult(rows);
    }

    /// <summary>The rows ordered by decreasing final autonomy score (ties keep candidate order).</summary>
    /// <returns>The ordered rows.</returns>
    public IReadOnlyList<AsmmMotifScore> RankedByAutonomy() => Motifs.OrderByDescending(m => m.Autonomy).ToArray();

    /// <summary>The rows ordered by decreasing final synergy score (ties keep candidate order).</summary>
    /// <returns>The ordered rows.</returns>
    public IReadOnlyList<AsmmMotifScore> RankedBySynergy() => Motifs.OrderByDescending(m => m.Synergy).ToArray();

    /// <summary>Writes the table as CSV with the original's header, atomically (temporary file, then rename).</summary>
    /// <param name="path">The destination; its folder must exist.</param>
    /// <remarks>Numbers use the invariant culture and round-trip formatting.</remarks>
    public void WriteCsv(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(string.Join(',', Columns));
            foreach (var m in Motifs)
            {
                writer.WriteLine(CsvRow(m));
            }
        });
    }

    /// <summary>One row of the CSV <see cref="WriteCsv"/> writes, without its line end.</summary>
    /// <param name="motif">The row.</param>
    /// <returns>Motif, count, raw AF, raw SCS, final AF, final SCS; invariant culture, round-trip formatting.</returns>
    public static string CsvRow(AsmmMotifScore motif)
    {
        ArgumentNullException.ThrowIfNull(motif);
        var row = new System.Text.StringBuilder(motif.Motif).Append(',').Append(motif.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var v in (ReadOnlySpan<double>)[motif.AutonomyRaw, motif.SynergyRaw, motif.Autonomy, motif.Synergy])
        {
            row.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }

        return row.ToString();
    }

    /// <summary>Reads a table written by <see cref="WriteCsv"/> or by the original tool.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The result.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The header or a row is malformed; the message names file and line.</exception>
    public static DeepAsmmResult ReadCsv(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The DeepASMM result '{path}' does not exist.", path);
        }

        using var reader = TextSource.OpenFile(path);
        var header = reader.ReadLine();
        if (header is null || !header.Trim().Split(',').SequenceEqual(Columns))
        {
            throw new DataFormatException(path, 1, $"Expected the header '{string.Join(',', Columns)}'.");
        }

        var rows = new List<AsmmMotifScore>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var f = text.Split(',');
            if (f.Length != Columns.Count)
            {
                throw new DataFormatException(path, line, $"Expected {Columns.Count} fields but found {f.Length}.");
            }

            if (!int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                throw new DataFormatException(path, line, $"Motif_count '{f[1]}' is not an integer.");
            }

            var values = new double[4];
            for (var i = 0; i < 4; i++)
            {
                if (!double.TryParse(f[i + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new DataFormatException(path, line, $"{Columns[i + 2]} '{f[i + 2]}' is not a number.");
                }
            }

            rows.Add(new AsmmMotifScore(f[0], count, values[0], values[1], values[2], values[3]));
        }

        return new DeepAsmmResult(rows);
    }

    private static double[] MinMax(double[] values)
    {
        if (values.Length == 0)
        {
            return values;
        }

        double min = values.Min(), max = values.Max();
        var range = max - min;
        return range == 0 || !double.IsFinite(range)
            ? new double[values.Length]
            : values.Select(v => (v - min) / range).ToArray();
    }
}

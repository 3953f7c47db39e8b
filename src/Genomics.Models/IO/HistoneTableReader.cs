using System.Globalization;

namespace Genomics.Models.IO;

/// <summary>
/// Reads the binned histone-mark tables of DeepChrome and AttentiveChrome into a <see cref="HistoneDataset"/>.
/// </summary>
/// <remarks>
/// <para>
/// The format is a header-less CSV with one row per bin and <c>BinCount</c> consecutive rows per gene:
/// <c>GeneID, BinID, mark 1, …, mark C, Label</c> (by default C = 5 marks and 100 bins). Gene ids are kept as
/// strings (zero padding survives). Gzip input is recognised by its magic bytes. Blank lines are ignored.
/// </para>
/// <para>
/// Checked, each as a <see cref="DataFormatException"/> naming the file and line: the column count (C + 3);
/// integer bin ids and labels; finite numeric mark values; bins numbered 1 to BinCount in order for every gene;
/// each gene's rows consecutive and complete; one label per gene (all its rows agree); at least one gene.
/// </para>
/// </remarks>
public static class HistoneTableReader
{
    /// <summary>Reads a histone table file.</summary>
    /// <param name="path">Path of the CSV file (plain or gzip).</param>
    /// <param name="options">Bin count and mark names; default <see cref="HistoneTableOptions.Default"/> (100 bins, 5 marks).</param>
    /// <returns>The dataset, genes in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the options are invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The table is malformed (the message names file and line).</exception>
    public static HistoneDataset Read(string path, HistoneTableOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= HistoneTableOptions.Default;
        options.Validate();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Histone table '{path}' does not exist.", path);
        }

        using var reader = TextSource.OpenFile(path);
        return Parse(reader, path, options);
    }

    /// <summary>Reads a histone table from text.</summary>
    /// <param name="reader">The text; read to the end, not disposed.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <param name="options">Bin count and mark names; default <see cref="HistoneTableOptions.Default"/>.</param>
    /// <returns>The dataset, genes in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DataFormatException">The table is malformed.</exception>
    public static HistoneDataset Read(TextReader reader, string sourceName, HistoneTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= HistoneTableOptions.Default;
        options.Validate();
        return Parse(reader, sourceName, options);
    }

    private static HistoneDataset Parse(TextReader reader, string source, HistoneTableOptions options)
    {
        var marks = options.MarkNames.Count;
        var bins = options.BinCount;
        var columns = marks + 3;
        var ranges = new Range[columns + 1];
        var geneIds = new List<string>();
        var labels = new List<int>();
        var blocks = new List<float[]>();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        float[]? block = null;
        string? gene = null;
        var nextBin = 1;
        var lineNumber = 0;
        var labelLine = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            var found = text.Split(ranges, ',');
            if (found != columns)
            {
                var actual = found > columns ? "more" : found.ToString(CultureInfo.InvariantCulture);
                throw Error(source, lineNumber, $"expected {columns} comma-separated columns (GeneID, BinID, {marks} marks, Label) but found {actual}.");
            }

            var id = text[ranges[0]].Trim();
            if (id.IsEmpty)
            {
                throw Error(source, lineNumber, "the gene id (column 1) is empty.");
            }

            if (gene is null || !id.SequenceEqual(gene))
            {
                if (gene is not null && nextBin <= bins)
                {
                    throw Error(source, lineNumber, $"gene '{gene}' ends after {nextBin - 1} bins; expected {bins} consecutive rows per gene.");
                }

                gene = id.ToString();
                if (!firstLines.TryAdd(gene, lineNumber))
                {
                    throw Error(source, lineNumber, $"gene '{gene}' appears again (first at line {firstLines[gene]}); each gene's rows must be consecutive.");
                }

                geneIds.Add(gene);
                labels.Add(ParseInt(text[ranges[columns - 1]], "label", source, lineNumber));
                labelLine = lineNumber;
                block = new float[marks * bins];
                blocks.Add(block);
                nextBin = 1;
            }

            var bin = ParseInt(text[ranges[1]], "bin id", source, lineNumber);
            if (nextBin > bins)
            {
                throw Error(source, lineNumber, $"gene '{gene}' has more than {bins} rows; expected at most {bins} bins per gene.");
            }

            if (bin != nextBin)
            {
                throw Error(source, lineNumber, $"bin id {bin} for gene '{gene}'; expected bin {nextBin} (bins must run 1 to {bins} in order).");
            }

            var label = ParseInt(text[ranges[columns - 1]], "label", source, lineNumber);
            if (label != labels[^1])
            {
                throw Error(source, lineNumber, $"label {label} for gene '{gene}' disagrees with label {labels[^1]} on line {labelLine}; a gene has one label.");
            }

            for (var c = 0; c < marks; c++)
            {
                var field = text[ranges[c + 2]].Trim();
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    throw Error(source, lineNumber, $"value '{field}' for mark {options.MarkNames[c]} (column {c + 3}) is not a finite number.");
                }

                block![(c * bins) + bin - 1] = value;
            }

            nextBin++;
        }

        if (gene is null)
        {
            throw new DataFormatException(source, null, "the table has no rows.");
        }

        if (nextBin <= bins)
        {
            throw Error(source, lineNumber, $"gene '{gene}' ends after {nextBin - 1} bins at the end of the file; expected {bins}.");
        }

        var tracks = new float[blocks.Count * marks * bins];
        for (var n = 0; n < blocks.Count; n++)
        {
            blocks[n].CopyTo(tracks, n * marks * bins);
        }

        return new HistoneDataset(geneIds, [.. labels], options.MarkNames, bins, tracks);
    }

    private static int ParseInt(ReadOnlySpan<char> field, string what, string source, int lineNumber)
    {
        var text = field.Trim();
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(source, lineNumber, $"{what} '{text}' is not an integer.");
    }

    private static DataFormatException Error(string source, int lineNumber, string reason) => new(source, lineNumber, reason);
}

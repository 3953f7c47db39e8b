using System.Globalization;
using System.Text;
using Genomics.Models.Data;
using Genomics.Models.Encoding;
using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>
/// The 5′ UTR mean-ribosome-load table CombMotif trains its MRL predictor on (Sample et al. 2019, GEO GSM3130435,
/// <c>GSM3130435_egfp_unmod_1.csv</c>): one UTR per row with its mean ribosome load and read count.
/// </summary>
/// <remarks>
/// <para>
/// Read: a comma-separated table with a header line naming at least <c>utr</c> (the UTR sequence, 50 nt or more),
/// <c>rl</c> (mean ribosome load) and <c>total_reads</c>; other columns (pandas' unnamed index, the polysome fractions
/// 0 … 13) are ignored. Fields may be quoted. Every row must have the header's number of fields and finite numbers.
/// </para>
/// <para>
/// CombMotif's use: sort by <c>total_reads</c>, descending, keep the top 280,000; the first 20,000 are the test set and
/// the rest train (<see cref="CombMotifSplit"/>); the "noAUG" variant first drops UTRs containing ATG and tests on the
/// first 10 % (<see cref="CombMotifNoAtgSplit"/>). Inputs are the first 50 nt one-hot (<see cref="InputsTensor"/>),
/// targets <c>rl</c> standardised with the training labels' mean and population standard deviation
/// (<see cref="Scaler"/>, <see cref="TargetsTensor"/>). pandas' default sort is not stable; this one is (ties keep
/// file order).
/// </para>
/// </remarks>
public sealed class RibosomeLoadTable
{
    /// <summary>CombMotif's input length: the first 50 nt of each UTR.</summary>
    public const int CombMotifLength = 50;

    private RibosomeLoadTable(string[] utrs, double[] loads, double[] reads)
    {
        Utrs = utrs;
        MeanRibosomeLoads = loads;
        TotalReads = reads;
    }

    /// <summary>Gets the UTR sequences in file order.</summary>
    public IReadOnlyList<string> Utrs { get; }

    /// <summary>Gets each row's mean ribosome load (<c>rl</c>). Shared: do not modify.</summary>
    public double[] MeanRibosomeLoads { get; }

    /// <summary>Gets each row's read count (<c>total_reads</c>). Shared: do not modify.</summary>
    public double[] TotalReads { get; }

    /// <summary>Gets the number of rows.</summary>
    public int Count => Utrs.Count;

    /// <summary>Row indices by <c>total_reads</c>, descending; ties keep file order.</summary>
    /// <returns>A new array of all row indices.</returns>
    public int[] OrderByReads() => [.. Enumerable.Range(0, Count).OrderByDescending(i => TotalReads[i])];

    /// <summary>CombMotif's split: the <paramref name="top"/> rows with most reads; the first <paramref name="testCount"/> of them test, the rest train.</summary>
    /// <param name="top">Rows kept, ≥ 1. Default 280,000 (fewer when the table is smaller).</param>
    /// <param name="testCount">Test rows, ≥ 0 and less than the rows kept. Default 20,000.</param>
    /// <returns>Train and test row indices, each in read order (most reads first).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public FoldIndices CombMotifSplit(int top = 280_000, int testCount = 20_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        var kept = OrderByReads().Take(top).ToArray();
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testCount, kept.Length);
        return new FoldIndices(Train: kept[testCount..], Test: kept[..testCount]);
    }

    /// <summary>CombMotif's "noAUG" split: of the <paramref name="top"/> rows with most reads, those whose UTR has no ATG; the first <paramref name="testFraction"/> of them test.</summary>
    /// <param name="top">Rows kept before the ATG filter, ≥ 1. Default 280,000.</param>
    /// <param name="testFraction">Fraction of the filtered rows that test (rounded down), in [0, 1). Default 0.1.</param>
    /// <returns>Train and test row indices, each in read order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or no row is left to train.</exception>
    public FoldIndices CombMotifNoAtgSplit(int top = 280_000, double testFraction = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (!(testFraction >= 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in [0, 1).");
        }

        var kept = OrderByReads().Take(top).Where(i => !Utrs[i].Contains("ATG", StringComparison.OrdinalIgnoreCase)).ToArray();
        var testCount = (int)(kept.Length * testFraction);
        if (testCount >= kept.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "No UTR without ATG is left to train on.");
        }

        return new FoldIndices(Train: kept[testCount..], Test: kept[..testCount]);
    }

    /// <summary>The first <paramref name="length"/> nt of the given rows' UTRs, one-hot (N, 4, length) float32; shorter UTRs and N are zero columns.</summary>
    /// <param name="rows">Row indices.</param>
    /// <param name="length">Positions kept, ≥ 1. Default 50.</param>
    /// <returns>A new tensor; the caller disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A row or the length is out of range.</exception>
    public Tensor InputsTensor(IReadOnlyList<int> rows, int length = CombMotifLength)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var sequences = rows.Select(i => Row(i, nameof(rows)) is var utr && utr.Length >= length ? utr[..length] : utr.PadRight(length, 'N')).ToArray();
        return OneHotEncoder.Encode(sequences);
    }

    /// <summary>The mean and population standard deviation of the given rows' <c>rl</c> (scikit-learn's <c>StandardScaler</c>).</summary>
    /// <param name="rows">Row indices, usually the training rows; at least one.</param>
    /// <returns>The mean and the standard deviation (1 when all values are equal, as scikit-learn does).</returns>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty.</exception>
    public (double Mean, double StandardDeviation) Scaler(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one row is needed.", nameof(rows));
        }

        var values = rows.Select(i => MeanRibosomeLoads[CheckRow(i, nameof(rows))]).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return (mean, sd > 0 ? sd : 1);
    }

    /// <summary>The given rows' <c>rl</c> as an (N, 1) float32 tensor, standardised as (rl − mean) / standardDeviation.</summary>
    /// <param name="rows">Row indices.</param>
    /// <param name="mean">Subtracted; default 0.</param>
    /// <param name="standardDeviation">Divided by, &gt; 0; default 1.</param>
    /// <returns>A new tensor; the caller disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A row is out of range or the standard deviation is not positive.</exception>
    public Tensor TargetsTensor(IReadOnlyList<int> rows, double mean = 0, double standardDeviation = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!(standardDeviation > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be positive.");
        }

        var values = rows.Select(i => (float)((MeanRibosomeLoads[CheckRow(i, nameof(rows))] - mean) / standardDeviation)).ToArray();
        return tensor(values, [values.Length, 1]);
    }

    /// <summary>Reads a mean-ribosome-load CSV table.</summary>
    /// <param name="path">The <c>.csv</c> file.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A required column is missing, a row has the wrong number of fields, an empty UTR, or a value that is not a finite
    /// number, or the table has no rows; the message names the file and line.
    /// </exception>
    public static RibosomeLoadTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Ribosome-load table '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? throw new DataFormatException(path, 1, "the file is empty; expected a header naming utr, rl and total_reads");
        var columns = Split(header, path, 1);
        int Column(string name)
        {
            var index = Array.IndexOf(columns, name);
            return index >= 0 ? index : throw new DataFormatException(path, 1, $"no '{name}' column (columns: {string.Join(", ", columns.Where(c => c.Length > 0))}); expected utr, rl and total_reads");
        }

        var utrColumn = Column("utr");
        var rlColumn = Column("rl");
        var readsColumn = Column("total_reads");
        var utrs = new List<string>();
        var loads = new List<double>();
        var reads = new List<double>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line, path, lineNumber);
            if (fields.Length != columns.Length)
            {
                throw new DataFormatException(path, lineNumber, $"{fields.Length} fields but the header has {columns.Length}");
            }

            var utr = fields[utrColumn].Trim();
            if (utr.Length == 0)
            {
                throw new DataFormatException(path, lineNumber, "the utr field is empty");
            }

            utrs.Add(utr);
            loads.Add(Number(fields[rlColumn], "rl", path, lineNumber));
            reads.Add(Number(fields[readsColumn], "total_reads", path, lineNumber));
        }

        return utrs.Count > 0
            ? new RibosomeLoadTable([.. utrs], [.. loads], [.. reads])
            : throw new DataFormatException(path, null, "the table has no rows");
    }

    private string Row(int index, string paramName) => Utrs[CheckRow(index, paramName)];

    private int CheckRow(int index, string paramName) =>
        (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(paramName, index, $"Row {index} is outside [0, {Count}).");

    private static double Number(string field, string column, string path, int line) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataFormatException(path, line, $"{column} '{field}' is not a finite number");

    /// <summary>Splits one CSV line; quoted fields may hold commas and doubled quotes.</summary>
    private static string[] Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new DataFormatException(path, lineNumber, "a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}

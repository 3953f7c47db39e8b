using System.Globalization;
using System.IO.Compression;
using System.Text;
using Genomics.Interpret.Variants;
using Parquet;
using Parquet.Schema;

namespace Genomics.Cli;

/// <summary>
/// The table <c>genomics variants</c> writes, one row per variant allele: chrom, pos, id, ref, alt, allele,
/// window_start, then per model output T: T_ref, T_alt, T_diff (alt − ref) and T_log2ratio
/// (log₂((alt + ε)/(ref + ε)), empty/NaN where a value is negative). Parquet (the settings as key-value metadata under
/// <c>genomics.*</c>) or tab-separated text, gzip-compressed when the name ends in .gz (the settings as leading
/// <c>##key=value</c> lines).
/// </summary>
internal abstract class VariantTable : IDisposable
{
    protected VariantTable(IReadOnlyList<string> targets, double pseudocount)
    {
        Targets = targets;
        Pseudocount = pseudocount;
    }

    protected IReadOnlyList<string> Targets { get; }

    protected double Pseudocount { get; }

    /// <summary>Opens the writer for <paramref name="path"/> by its extension (.parquet, .tsv, .tsv.gz).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="path">The file's name (its extension picks the format).</param>
    /// <param name="targets">The model's output names.</param>
    /// <param name="pseudocount">ε of the log2 ratio.</param>
    /// <param name="settings">The settings written as the text table's ## lines or the Parquet file's metadata.</param>
    /// <param name="header">False to append rows to a text table whose settings lines and column header are already
    /// written (a resumed shard); a .gz table then starts a new gzip member.</param>
    public static VariantTable Open(Stream stream, string path, IReadOnlyList<string> targets, double pseudocount, IReadOnlyDictionary<string, string> settings, bool header = true) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? new ParquetVariantTable(stream, targets, pseudocount, settings)
            : new TextVariantTable(stream, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase), targets, pseudocount, settings, header);

    /// <summary>Whether the CLI can write a table of this name.</summary>
    public static bool IsSupported(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes rows.</summary>
    public abstract void Write(IReadOnlyList<VariantScore> rows);

    /// <summary>Finishes the file (the settings updated with the final counts).</summary>
    public abstract void Complete(IReadOnlyDictionary<string, string> settings);

    public abstract void Dispose();

    protected IEnumerable<string> ColumnNames()
    {
        string[] fixedColumns = ["chrom", "pos", "id", "ref", "alt", "allele", "window_start"];
        return fixedColumns.Concat(Targets.SelectMany(t => new[] { $"{t}_ref", $"{t}_alt", $"{t}_diff", $"{t}_log2ratio" }));
    }

    private sealed class TextVariantTable : VariantTable
    {
        private readonly Stream? _gzip;
        private readonly StreamWriter _writer;

        public TextVariantTable(Stream stream, bool gzip, IReadOnlyList<string> targets, double pseudocount, IReadOnlyDictionary<string, string> settings, bool header)
            : base(targets, pseudocount)
        {
            _gzip = gzip ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : null;
            _writer = new StreamWriter(_gzip ?? stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            if (!header)
            {
                return;
            }

            foreach (var (key, value) in settings)
            {
                _writer.WriteLine($"##{key}={value}");
            }

            _writer.WriteLine(string.Join('\t', ColumnNames()));
        }

        public override void Write(IReadOnlyList<VariantScore> rows)
        {
            var line = new StringBuilder();
            foreach (var s in rows)
            {
                var v = s.Variant;
                line.Clear().Append(v.Chromosome).Append('\t').Append(v.Position.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(v.Id ?? ".")
                    .Append('\t').Append(v.Reference).Append('\t').Append(v.Alternative).Append('\t').Append(v.AlleleIndex.ToString(CultureInfo.InvariantCulture))
                    .Append('\t').Append(s.WindowStart.ToString(CultureInfo.InvariantCulture));
                for (var t = 0; t < Targets.Count; t++)
                {
                    var ratio = s.Log2Ratio(t, Pseudocount);
                    line.Append('\t').Append(s.Reference[t].ToString("R", CultureInfo.InvariantCulture))
                        .Append('\t').Append(s.Alternative[t].ToString("R", CultureInfo.InvariantCulture))
                        .Append('\t').Append(s.Difference(t).ToString("R", CultureInfo.InvariantCulture))
                        .Append('\t').Append(double.IsNaN(ratio) ? string.Empty : ratio.ToString("R", CultureInfo.InvariantCulture));
                }

                _writer.WriteLine(line);
            }
        }

        public override void Complete(IReadOnlyDictionary<string, string> settings) => _writer.Flush();

        public override void Dispose()
        {
            _writer.Dispose();
            _gzip?.Dispose();
        }
    }

    private sealed class ParquetVariantTable : VariantTable
    {
        private readonly ParquetWriter _writer;
        private readonly DataField[] _fields;

        public ParquetVariantTable(Stream stream, IReadOnlyList<string> targets, double pseudocount, IReadOnlyDictionary<string, string> settings)
            : base(targets, pseudocount)
        {
            var names = ColumnNames().ToArray();
            var fields = new List<DataField>
            {
                new DataField<string>(names[0], false), new DataField<long>(names[1]), new DataField<string>(names[2], true),
                new DataField<string>(names[3], false), new DataField<string>(names[4], false), new DataField<int>(names[5]), new DataField<long>(names[6]),
            };
            for (var i = 7; i < names.Length; i += 4)
            {
                fields.AddRange([new DataField<float>(names[i]), new DataField<float>(names[i + 1]), new DataField<float>(names[i + 2]), new DataField<double>(names[i + 3])]);
            }

            _fields = [.. fields];
            _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), stream).GetAwaiter().GetResult();
            _writer.CustomMetadata = settings;
        }

        public override void Write(IReadOnlyList<VariantScore> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            using var group = _writer.CreateRowGroup();
            group.WriteAsync(_fields[0], rows.Select(r => r.Variant.Chromosome).ToList(), null).GetAwaiter().GetResult();
            Write(group, _fields[1], rows.Select(r => r.Variant.Position).ToArray());
            group.WriteAsync(_fields[2], rows.Select(r => r.Variant.Id).ToList()!, null).GetAwaiter().GetResult();
            group.WriteAsync(_fields[3], rows.Select(r => r.Variant.Reference).ToList(), null).GetAwaiter().GetResult();
            group.WriteAsync(_fields[4], rows.Select(r => r.Variant.Alternative).ToList(), null).GetAwaiter().GetResult();
            Write(group, _fields[5], rows.Select(r => r.Variant.AlleleIndex).ToArray());
            Write(group, _fields[6], rows.Select(r => r.WindowStart).ToArray());
            for (var t = 0; t < Targets.Count; t++)
            {
                var target = t;
                Write(group, _fields[7 + (4 * t)], rows.Select(r => r.Reference[target]).ToArray());
                Write(group, _fields[8 + (4 * t)], rows.Select(r => r.Alternative[target]).ToArray());
                Write(group, _fields[9 + (4 * t)], rows.Select(r => r.Difference(target)).ToArray());
                Write(group, _fields[10 + (4 * t)], rows.Select(r => r.Log2Ratio(target, Pseudocount)).ToArray());
            }
        }

        public override void Complete(IReadOnlyDictionary<string, string> settings) => _writer.CustomMetadata = settings;

        public override void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

        private static void Write<T>(ParquetRowGroupWriter group, DataField field, T[] values)
            where T : struct =>
            group.WriteAsync(field, new ReadOnlyMemory<T>(values), null, null, CancellationToken.None).GetAwaiter().GetResult();
    }
}

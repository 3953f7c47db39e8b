using System.Globalization;
using System.Text.Json;
using Genomics.Models.Compute;
using Genomics.Models.IO;

namespace Genomics.Cli;

/// <summary>
/// How far a shard got: saved atomically as <c>OUTPUT.progress.json</c> after every completed chunk, while the rows go
/// to <c>OUTPUT.partial</c>. <see cref="Bytes"/> is the partial file's length at that moment and
/// (<see cref="LastRecord"/>, <see cref="LastSub"/>) the chunk's last input (record, and allele for a VCF); a re-run cuts the partial file
/// back to <see cref="Bytes"/> and goes on from the allele after it.
/// </summary>
internal sealed record ShardProgress(
    int Shard,
    int Count,
    int BlockSize,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    long Bytes,
    long LastRecord,
    int LastSub,
    IReadOnlyDictionary<long, int> RowsPerBlock)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The progress file's path for a shard output.</summary>
    public static string PathOf(string output) => output + ".progress.json";

    /// <summary>The partial output's path for a shard output.</summary>
    public static string PartialOf(string output) => output + ".partial";

    /// <summary>Writes the progress atomically.</summary>
    public void Write(string output) => AtomicFile.WriteAllText(PathOf(output), JsonSerializer.Serialize(this, s_json));

    /// <summary>Reads the progress, or null when there is none or it cannot be read (the shard then starts over).</summary>
    public static ShardProgress? Read(string output)
    {
        var path = PathOf(output);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ShardProgress>(File.ReadAllText(path), s_json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether the progress belongs to the same shard of the same job.</summary>
    public bool SameJob(ShardSpec shard, IReadOnlyList<KeyValuePair<string, string>> settings) =>
        Shard == shard.Index && Count == shard.Count && BlockSize == shard.BlockSize && Settings.SequenceEqual(settings);
}

/// <summary>
/// A shard's table written so that a killed run can resume: rows go to <c>OUTPUT.partial</c>; after every chunk the
/// table is closed (a .gz table ends its gzip member), the file flushed to disk and <see cref="ShardProgress"/> saved;
/// <see cref="Complete"/> renames the partial file to the output and writes the manifest. A run that finds the progress
/// of the same job cuts the partial file back to the last completed chunk and appends from there
/// (<see cref="IsAfterResumePoint"/>). Records are identified by their index and a sub-index (a VCF record's allele; 0
/// where a record gives one row).
/// </summary>
/// <typeparam name="TTable">The table writer, opened on the file with or without its header.</typeparam>
internal sealed class ShardOutput<TTable> : IDisposable
    where TTable : class, IDisposable
{
    private readonly string _target;
    private readonly ShardSpec _shard;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _job;
    private readonly Func<Stream, bool, TTable> _openTable;
    private readonly SortedDictionary<long, int> _rowsPerBlock;
    private FileStream? _file;
    private TTable? _table;
    private readonly (long Record, int Sub) _resumeAfter = (-1, -1);
    private long _rows;

    private ShardOutput(string target, ShardSpec shard, IReadOnlyList<KeyValuePair<string, string>> job, Func<Stream, bool, TTable> openTable, ShardProgress? resume)
    {
        _target = target;
        _shard = shard;
        _job = job;
        _openTable = openTable;
        var partial = ShardProgress.PartialOf(target);
        if (resume is not null)
        {
            _file = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            _file.SetLength(resume.Bytes);
            _file.Seek(0, SeekOrigin.End);
            _rowsPerBlock = new SortedDictionary<long, int>(resume.RowsPerBlock.ToDictionary(p => p.Key, p => p.Value));
            _rows = _rowsPerBlock.Values.Sum(r => (long)r);
            _resumeAfter = (resume.LastRecord, resume.LastSub);
            RowsKept = _rows;
            Resumed = true;
            _table = openTable(_file, false);
        }
        else
        {
            _file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            _rowsPerBlock = [];
            _table = openTable(_file, true);
        }
    }

    /// <summary>Whether this run goes on from an earlier run's partial output.</summary>
    public bool Resumed { get; }

    /// <summary>The record index of the last completed chunk's last input; −1 for a fresh shard. For records that give
    /// one row each, every record after it is still to compute.</summary>
    public long ResumeAfterRecord => _resumeAfter.Record;

    /// <summary>Whether a record still has to be computed: always for a fresh shard; for a resumed one, when it comes
    /// after the last completed chunk's last input.</summary>
    /// <param name="record">The record's index.</param>
    /// <param name="sub">Its sub-index (a VCF record's allele), 0 where a record gives one row.</param>
    /// <returns>True when it is still to compute.</returns>
    public bool IsAfterResumePoint(long record, int sub = 0) =>
        record > _resumeAfter.Record || (record == _resumeAfter.Record && sub > _resumeAfter.Sub);

    /// <summary>Rows kept from the partial output of an earlier run.</summary>
    public long RowsKept { get; }

    /// <summary>Opens a shard's output, resuming from an earlier run's partial output of the same job when there is one.</summary>
    /// <param name="target">The shard's output path.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="job">The settings that make up the job (as in the manifest).</param>
    /// <param name="openTable">Opens the table on a stream, with or without its header.</param>
    /// <returns>The output.</returns>
    public static ShardOutput<TTable> Open(string target, ShardSpec shard, IReadOnlyList<KeyValuePair<string, string>> job, Func<Stream, bool, TTable> openTable)
    {
        var progress = ShardProgress.Read(target);
        var partial = ShardProgress.PartialOf(target);
        var usable = progress is not null && progress.SameJob(shard, job) && File.Exists(partial) && new FileInfo(partial).Length >= progress.Bytes;
        return new ShardOutput<TTable>(target, shard, job, openTable, usable ? progress : null);
    }

    /// <summary>Writes a chunk's rows, then flushes them to disk and saves the progress.</summary>
    /// <param name="rowRecords">The record index of every row written (for the rows per block).</param>
    /// <param name="writeRows">Writes the rows to the table.</param>
    /// <param name="lastInput">The chunk's last input (record, sub-index), including inputs that gave no row.</param>
    public void Write(IReadOnlyCollection<long> rowRecords, Action<TTable> writeRows, (long Record, int Sub) lastInput)
    {
        if (rowRecords.Count > 0)
        {
            writeRows(_table!);
            foreach (var record in rowRecords)
            {
                var block = record / _shard.BlockSize;
                _rowsPerBlock[block] = _rowsPerBlock.GetValueOrDefault(block) + 1;
            }

            _rows += rowRecords.Count;
        }

        _table!.Dispose();
        _file!.Flush(flushToDisk: true);
        new ShardProgress(_shard.Index, _shard.Count, _shard.BlockSize, _job, _file.Length, lastInput.Record, lastInput.Sub, new Dictionary<long, int>(_rowsPerBlock)).Write(_target);
        _table = _openTable(_file, false);
    }

    /// <summary>Finishes the table, moves it to the output path, writes the manifest and removes the progress.</summary>
    /// <returns>The rows of the whole shard.</returns>
    public long Complete()
    {
        _table!.Dispose();
        _table = null;
        _file!.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
        File.Move(ShardProgress.PartialOf(_target), _target, overwrite: true);
        new ShardManifest(_shard.Index, _shard.Count, _shard.BlockSize, _job, _rowsPerBlock, _rows, ShardManifest.Hash(_target)).Write(_target);
        File.Delete(ShardProgress.PathOf(_target));
        return _rows;
    }

    /// <summary>Closes the files; a shard not completed keeps its partial output and progress for the next run.</summary>
    public void Dispose()
    {
        _table?.Dispose();
        _file?.Dispose();
    }

    /// <summary>A line for the log when a shard resumes.</summary>
    public string ResumeMessage() => string.Create(CultureInfo.InvariantCulture,
        $"Resuming shard {_shard.Index}/{_shard.Count} after record {_resumeAfter.Record}{(_resumeAfter.Sub > 0 ? $" (allele {_resumeAfter.Sub})" : string.Empty)}: {RowsKept} row(s) kept from {ShardProgress.PartialOf(_target)}.");
}

/// <summary>Starts a shard's output the way every sharded command does.</summary>
internal static class ShardOutputs
{
    /// <summary>
    /// Returns null, saying so on the console, when the shard is already complete with the same job (its manifest
    /// matches its output); otherwise opens its output, resuming an earlier run's partial output of the same job (said
    /// on the console).
    /// </summary>
    public static ShardOutput<TTable>? Start<TTable>(CliConsole console, string path, ShardSpec shard, IReadOnlyList<KeyValuePair<string, string>> job, Func<Stream, bool, TTable> openTable)
        where TTable : class, IDisposable
    {
        if (ShardManifest.Read(path, "--shard") is { } complete && complete.SameJob(shard, job) && complete.Matches(path))
        {
            console.Info($"Shard {shard.Index}/{shard.Count} is already complete in {path} ({complete.Rows} row(s)); skipped.");
            return null;
        }

        var output = ShardOutput<TTable>.Open(path, shard, job, openTable);
        if (output.Resumed)
        {
            console.Info(output.ResumeMessage());
        }

        return output;
    }
}

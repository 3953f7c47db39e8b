using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary>
/// <c>genomics merge</c>: joins the shard outputs of a sharded run (<c>NAME.shard-i-of-n.EXT</c> and their manifests
/// beside <c>-o NAME.EXT</c>, EXT one of .tsv, .tsv.gz, .csv, .csv.gz: <c>genomics variants</c> and
/// <c>genomics predict --genome</c>) into the table a single run writes: it checks that every shard is present,
/// complete and unchanged (SHA-256) and was run with the same settings and block size, then writes the shards' common
/// leading lines (## settings and column header) and interleaves their rows block by block in record order. The shards
/// of <c>genomics asmm</c> hold raw scores; their merge then builds the final scores over every candidate.
/// </summary>
internal static partial class MergeCommand
{
    private static readonly string[] Extensions = [".tsv.gz", ".csv.gz", ".tsv", ".csv"];

    public static Command Create(CliConsole console)
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "The merged table (.tsv, .tsv.gz, .csv or .csv.gz), named as the sharded runs' -o; the shards are found beside it.", Required = true };
        var arrays = new Option<FileInfo?>("--npz") { Description = "Also join the arrays of a sharded 'attribute --npz FILE' (FILE.parts/) into FILE, in example order." };
        var command = new Command("merge", "Join the shard outputs of a sharded run into the table one run writes.") { output, arrays };
        command.SetAction((result, ct) =>
        {
            var path = result.GetValue(output)!.FullName;
            var extension = Extensions.FirstOrDefault(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliArgumentException("--output", $"'{Path.GetFileName(path)}' must end in .tsv, .tsv.gz, .csv or .csv.gz, as the shard outputs do.");
            var gzip = extension.EndsWith(".gz", StringComparison.Ordinal);
            extension = path[^extension.Length..];
            var stem = Path.GetFileName(path)[..^extension.Length];
            var folder = Path.GetDirectoryName(path)!;
            var pattern = new Regex("^" + Regex.Escape(stem) + @"\.shard-(\d+)-of-(\d+)" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
            var shards = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder).Select(f => (File: f, Match: pattern.Match(Path.GetFileName(f)))).Where(x => x.Match.Success)
                    .Select(x => (x.File, Index: int.Parse(x.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Count: int.Parse(x.Match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList()
                : [];
            if (shards.Count == 0)
            {
                throw new CliArgumentException("--output", $"no shard outputs named {stem}.shard-i-of-n{extension} in '{folder}'.");
            }

            var counts = shards.Select(s => s.Count).Distinct().ToList();
            if (counts.Count != 1)
            {
                throw new CliArgumentException("--output", $"shard outputs of different splits lie beside it (of {string.Join(", ", counts)}); keep one run's shards.");
            }

            var n = counts[0];
            var missing = Enumerable.Range(0, n).Where(i => shards.All(s => s.Index != i)).ToList();
            if (missing.Count > 0)
            {
                throw new CliArgumentException("--output", $"shard(s) {string.Join(", ", missing)} of {n} are missing; run them (--shard i/{n}) before merging.");
            }

            var manifests = shards.OrderBy(s => s.Index).Select(s => (s.File, Manifest: ShardManifest.Read(s.File, "--output")
                ?? throw new CliArgumentException("--output", $"shard {s.Index} of {n} ('{s.File}') has no manifest: it did not finish; run it again."))).ToList();
            foreach (var (file, manifest) in manifests)
            {
                if (!manifest.Matches(file))
                {
                    throw new CliArgumentException("--output", $"'{file}' no longer matches its manifest's SHA-256; run that shard again.");
                }

                if (manifest.BlockSize != manifests[0].Manifest.BlockSize || !manifest.Settings.SequenceEqual(manifests[0].Manifest.Settings))
                {
                    throw new CliArgumentException("--output", $"shard {manifest.Shard} was run with other settings or another block size than shard 0; all shards of a job must share them.");
                }
            }

            var readers = manifests.Select(m => Open(m.File)).ToList();
            try
            {
                var headers = readers.Select(ReadPreamble).ToList();
                if (headers.Distinct().Count() != 1)
                {
                    throw new CliArgumentException("--output", "the shards' settings lines or column headers differ; they come from different models or settings.");
                }

                var blocks = manifests.SelectMany(m => m.Manifest.RowsPerBlock.Select(b => (Block: b.Key, m.Manifest.Shard, Rows: b.Value))).OrderBy(b => b.Block).ToList();
                long rows = 0;
                AtomicFile.Write(path, stream =>
                {
                    using var compressed = gzip ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : null;
                    using var writer = new StreamWriter(compressed ?? stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                    writer.Write(headers[0]);
                    foreach (var (block, shard, count) in blocks)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            writer.WriteLine(readers[shard].ReadLine() ?? throw new CliArgumentException("--output", $"shard {shard} ends before its manifest's rows of block {block}."));
                            rows++;
                        }
                    }
                });
                if (manifests[0].Manifest.Settings.Contains(new KeyValuePair<string, string>("genomics.command", "asmm")))
                {
                    // DeepASMM's shards hold raw scores; the final scores are min–max normalised over every candidate.
                    var raw = Genomics.Interpret.Asmm.DeepAsmmResult.ReadCsv(path).Motifs;
                    Genomics.Interpret.Asmm.DeepAsmmResult.FromRawScores([.. raw.Select(m => m.Motif)], [.. raw.Select(m => m.Count)], [.. raw.Select(m => m.AutonomyRaw)], [.. raw.Select(m => m.SynergyRaw)]).WriteCsv(path);
                }

                console.Info($"Merged {rows} row(s) of {n} shard(s) into {path}");
                if (result.GetValue(arrays) is { } archive)
                {
                    if (!manifests[0].Manifest.Settings.Contains(new KeyValuePair<string, string>("genomics.npz", archive.FullName)))
                    {
                        throw new CliArgumentException("--npz", $"the shards were not run with --npz {archive.FullName}.");
                    }

                    // Every attributed example gives one table row per position; the parts hold the examples.
                    var examples = ArrayParts.Join(archive.FullName, manifests.Sum(m => m.Manifest.Rows));
                    console.Info($"Joined the arrays of {examples} example(s) into {archive.FullName}");
                }
            }
            finally
            {
                readers.ForEach(r => r.Dispose());
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Opens a shard output as text, decompressing .gz.</summary>
    private static StreamReader Open(string file)
    {
        Stream stream = File.OpenRead(file);
        if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, new UTF8Encoding(false));
    }

    /// <summary>Reads the ## settings lines and the column header, each with its line end.</summary>
    private static string ReadPreamble(TextReader reader)
    {
        var preamble = new StringBuilder();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            preamble.Append(line).Append('\n');
            if (!line.StartsWith("##", StringComparison.Ordinal))
            {
                break;
            }
        }

        return preamble.ToString();
    }
}

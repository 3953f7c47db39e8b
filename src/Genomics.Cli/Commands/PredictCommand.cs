using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics predict</c>: runs a saved model over a FASTA file or histone table, or over windows tiling a
/// whole genome (<c>--genome</c>, streamed in chunks so that memory does not grow with the genome), and writes a CSV.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var sequenceOptions = new SequenceOptions();
        var models = new ModelArgument("A checkpoint written by 'genomics train' or ModelCatalog.Save.");
        var input = new Option<FileInfo?>("--input", "-i") { Description = "FASTA (.fa/.fasta, optionally .gz) for sequence models, or a histone-mark table (.csv) for track models. Or give --genome." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "CSV to write (id, one column per target; with --genome, gzip-compressed when the name ends in .gz); standard output when omitted." };
        var raw = new Option<bool>("--raw") { Description = "Write raw (pre-activation) outputs instead of probabilities." };
        var genome = new Option<FileInfo?>("--genome") { Description = "A genome FASTA (with or without its .fai index) to tile with windows of the model's input length; rows are named chrom:start-end." };
        var stride = new Option<int?>("--stride") { Description = "With --genome: distance between window starts; the model's input length (non-overlapping tiles) when omitted." };
        var keepLast = new Option<bool>("--keep-last") { Description = "With --genome: add a window flush with each sequence's end when the tiling stops short of it." };
        var bed = new Option<FileInfo?>("--bed") { Description = "With --genome: predict windows of the model's input length centred on these intervals (BED, plain or gzip; names and strands kept) instead of tiling the genome." };
        var chunk = new Option<int>("--chunk-size") { Description = "With --genome: windows predicted per chunk.", DefaultValueFactory = _ => 1024 };
        var shardOptions = new ShardOptions("genome's windows (with --genome)");
        var command = new Command("predict", "Predict every sequence (or gene) of a file, or every window of a genome, with a saved model.") { input, output, raw, genome, stride, keepLast, bed, chunk };
        shardOptions.AddTo(command);
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input)), ("--genome", result.GetValue(genome))]);
            if ((result.GetValue(input) is null) == (result.GetValue(genome) is null))
            {
                throw new CliArgumentException("--input", "give either --input (a FASTA or table) or --genome (a genome to tile), not both or neither.");
            }

            var shard = shardOptions.Resolve(result);
            if (!shard.IsWhole && (result.GetValue(genome) is null || result.GetValue(output) is not { } shardOutput
                || !(shardOutput.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || shardOutput.Name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))))
            {
                throw new CliArgumentException("--shard", "sharded prediction tiles a genome (--genome) into a file: give -o NAME.csv or NAME.csv.gz, which 'genomics merge' joins.");
            }

            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            if (result.GetValue(genome) is { } genomeFile)
            {
                if (result.GetValue(bed) is { } bedFile && (result.GetValue(stride) is not null || result.GetValue(keepLast)))
                {
                    throw new CliArgumentException("--bed", $"'{bedFile.Name}' gives the windows; --stride and --keep-last tile the genome instead.");
                }

                var tiling = new GenomeTiling(result.GetValue(stride), result.GetValue(keepLast), result.GetValue(chunk), result.GetValue(raw), result.GetValue(bed));
                return Task.FromResult(models.Run(result, net => PredictGenome(console, net, genomeFile, result.GetValue(models.Model)!, tiling, shard, result.GetValue(output), context, ct)));
            }

            return Task.FromResult(models.Run(result, net =>
            {
                using var data = InputData.Load(result.GetValue(input)!.FullName, net.Input, requireLabels: false, net.Output.Targets, sequenceOptions.Policy(result), new ConsoleWarningLogger(console), split: "test");
                using var predictions = new PredictionFunction(ApplyActivation: !result.GetValue(raw)).Apply(net, data.Inputs, context, console.Progress(), ct);
                var values = predictions.contiguous().data<float>().ToArray();
                var csv = new StringBuilder();
                csv.Append("id,").AppendJoin(',', net.Output.TargetNames).Append('\n');
                var t = net.Output.Targets;
                for (var i = 0; i < data.Count; i++)
                {
                    csv.Append(data.Ids[i]);
                    for (var j = 0; j < t; j++)
                    {
                        csv.Append(',').Append(values[(i * t) + j].ToString("R", CultureInfo.InvariantCulture));
                    }

                    csv.Append('\n');
                }

                var path = result.GetValue(output);
                if (path is null)
                {
                    console.Out.Write(csv.ToString());
                }
                else
                {
                    AtomicFile.WriteAllText(path.FullName, csv.ToString());
                    console.Info($"Wrote {data.Count} prediction(s) to {path.FullName}");
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

    /// <summary>The settings of <c>predict --genome</c>.</summary>
    private sealed record GenomeTiling(int? Stride, bool KeepLast, int ChunkSize, bool Raw, FileInfo? Bed);

    /// <summary>Predicts every window tiling the genome (or those of one shard), chunk by chunk, streaming the rows to
    /// the output. Chunks never span a block of windows, so a shard computes every window in the batch a single run
    /// uses.</summary>
    private static int PredictGenome(CliConsole console, ISequenceModel net, FileInfo genomeFile, FileInfo modelFile, GenomeTiling tiling, ShardSpec shard, FileInfo? output, ComputeContext context, CancellationToken ct)
    {
        if (net.Input.Kind != InputKind.OneHot || net.Input.Channels != 4 || net.Input.Length is not int length)
        {
            throw new CliArgumentException("--genome", "tiling a genome needs a DNA model with a fixed input length.");
        }

        if (!genomeFile.Exists)
        {
            throw new CliArgumentException("--genome", $"'{genomeFile.FullName}' does not exist.");
        }

        if (tiling.Stride is < 1)
        {
            throw new CliArgumentException("--stride", "must be at least 1.");
        }

        if (tiling.ChunkSize < 1)
        {
            throw new CliArgumentException("--chunk-size", "must be at least 1.");
        }

        if (tiling.Bed is { Exists: false } missing)
        {
            throw new CliArgumentException("--bed", $"'{missing.FullName}' does not exist.");
        }

        using var fasta = IndexedFasta.Open(genomeFile.FullName);
        var stride = tiling.Stride ?? length;
        var total = tiling.Bed is null ? GenomeWindows.Count(fasta.Index, length, stride, tiling.KeepLast) : 0;
        var centred = new GenomeWindowSummary();
        void ReportSkipped()
        {
            if (centred.OutsideSequence > 0)
            {
                console.Info($"Skipped {centred.OutsideSequence} interval(s) whose {length}-nt window would leave its sequence.");
            }
        }

        IEnumerable<BedInterval> Windows() => tiling.Bed is { } bedFile
            ? GenomeWindows.Centred(fasta.Index, BedReader.Read(bedFile.FullName), length, centred)
            : GenomeWindows.Tile(fasta.Index, length, stride, tiling.KeepLast);
        var function = new PredictionFunction(ApplyActivation: !tiling.Raw);
        var progress = console.Progress();
        var header = "id," + string.Join(',', net.Output.TargetNames);
        long done = 0;

        // Chunks of (window, index): the windows this run owns, after `resumeAfter`, cut at block boundaries.
        IEnumerable<(BedInterval Window, long Index)[]> Chunks(long resumeAfter) => ShardSpec.BlockChunks(
            Windows().Select((w, i) => (Window: w, Index: (long)i)).Where(w => shard.Owns(w.Index) && w.Index > resumeAfter),
            w => w.Index, tiling.ChunkSize, shard.BlockSize);

        List<string> Predict((BedInterval Window, long Index)[] chunk)
        {
            ct.ThrowIfCancellationRequested();
            var records = fasta.FetchRecords(chunk.Select(c => c.Window)).ToList();
            float[] values;
            using (var scope = TorchSharp.torch.NewDisposeScope())
            {
                using var encoded = OneHotEncoder.Encode(records.Select(r => r.Sequence).ToList());
                values = function.Apply(net, encoded, context, null, ct).contiguous().data<float>().ToArray();
            }

            var t = net.Output.Targets;
            var lines = new List<string>(records.Count);
            var line = new StringBuilder();
            for (var i = 0; i < records.Count; i++)
            {
                line.Clear().Append(records[i].Id);
                for (var j = 0; j < t; j++)
                {
                    line.Append(',').Append(values[(i * t) + j].ToString("R", CultureInfo.InvariantCulture));
                }

                lines.Add(line.ToString());
            }

            done += records.Count;
            progress?.Report(new OperationProgress("predict", done, total));
            return lines;
        }

        if (!shard.IsWhole)
        {
            var target = shard.PathFor(output!.FullName);
            var job = new List<KeyValuePair<string, string>>
            {
                new("genomics.command", "predict --genome"),
                new("genomics.version", typeof(PredictionFunction).Assembly.GetName().Version?.ToString() ?? "unknown"),
                new("genomics.model", modelFile.FullName),
                new("genomics.model_sha256", ShardManifest.Hash(modelFile.FullName)),
                new("genomics.genome", genomeFile.FullName),
                new("genomics.window_length", length.ToString(CultureInfo.InvariantCulture)),
                new("genomics.stride", stride.ToString(CultureInfo.InvariantCulture)),
                new("genomics.bed", tiling.Bed is { } b ? $"{b.FullName} sha256 {ShardManifest.Hash(b.FullName)}" : "none"),
                new("genomics.keep_last", tiling.KeepLast ? "true" : "false"),
                new("genomics.outputs", tiling.Raw ? "raw" : "activated"),
                new("genomics.chunk_size", tiling.ChunkSize.ToString(CultureInfo.InvariantCulture)),
                new("genomics.block_size", shard.BlockSize.ToString(CultureInfo.InvariantCulture)),
            };
            using var sharded = ShardOutputs.Start(console, target, shard, job, (stream, withHeader) => new TextTableWriter(stream, target, withHeader ? header : null));
            if (sharded is null)
            {
                return ExitCodes.Success;
            }

            foreach (var chunk in Chunks(sharded.ResumeAfterRecord))
            {
                var lines = Predict(chunk);
                sharded.Write(chunk.Select(c => c.Index).ToList(), rows => rows.Write(lines), (chunk[^1].Index, 0));
            }

            var rows = sharded.Complete();
            console.Info($"Wrote {done} window prediction(s) of shard {shard.Index}/{shard.Count} ({rows} in all) to {target}");
            ReportSkipped();
            return ExitCodes.Success;
        }

        if (output is null)
        {
            console.Out.WriteLine(header);
            foreach (var chunk in Chunks(-1))
            {
                Predict(chunk).ForEach(console.Out.WriteLine);
            }
        }
        else
        {
            AtomicFile.Write(output.FullName, stream =>
            {
                using var rows = new TextTableWriter(stream, output.FullName, header);
                foreach (var chunk in Chunks(-1))
                {
                    rows.Write(Predict(chunk));
                }
            });
            console.Info($"Wrote {done} window prediction(s) to {output.FullName}");
        }

        ReportSkipped();
        return ExitCodes.Success;
    }
}

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
        var chunk = new Option<int>("--chunk-size") { Description = "With --genome: windows predicted per chunk.", DefaultValueFactory = _ => 1024 };
        var command = new Command("predict", "Predict every sequence (or gene) of a file, or every window of a genome, with a saved model.") { input, output, raw, genome, stride, keepLast, chunk };
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

            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            if (result.GetValue(genome) is { } genomeFile)
            {
                return Task.FromResult(models.Run(result, net => PredictGenome(console, net, genomeFile, result.GetValue(stride), result.GetValue(keepLast), result.GetValue(chunk), result.GetValue(raw), result.GetValue(output), context, ct)));
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

    /// <summary>Predicts every window tiling the genome, chunk by chunk, streaming the rows to the output.</summary>
    private static int PredictGenome(CliConsole console, ISequenceModel net, FileInfo genomeFile, int? stride, bool keepLast, int chunkSize, bool raw, FileInfo? output, ComputeContext context, CancellationToken ct)
    {
        if (net.Input.Kind != InputKind.OneHot || net.Input.Channels != 4 || net.Input.Length is not int length)
        {
            throw new CliArgumentException("--genome", "tiling a genome needs a DNA model with a fixed input length.");
        }

        if (!genomeFile.Exists)
        {
            throw new CliArgumentException("--genome", $"'{genomeFile.FullName}' does not exist.");
        }

        if (stride is < 1)
        {
            throw new CliArgumentException("--stride", "must be at least 1.");
        }

        if (chunkSize < 1)
        {
            throw new CliArgumentException("--chunk-size", "must be at least 1.");
        }

        using var fasta = IndexedFasta.Open(genomeFile.FullName);
        var total = GenomeWindows.Count(fasta.Index, length, stride ?? length, keepLast);
        var windows = GenomeWindows.Tile(fasta.Index, length, stride ?? length, keepLast);
        var function = new PredictionFunction(ApplyActivation: !raw);
        var progress = console.Progress();
        long done = 0;
        void WriteRows(TextWriter writer)
        {
            writer.WriteLine("id," + string.Join(',', net.Output.TargetNames));
            var t = net.Output.Targets;
            var line = new StringBuilder();
            foreach (var records in fasta.FetchRecords(windows).Chunk(chunkSize))
            {
                ct.ThrowIfCancellationRequested();
                float[] values;
                using (var scope = TorchSharp.torch.NewDisposeScope())
                {
                    using var encoded = OneHotEncoder.Encode(records.Select(r => r.Sequence).ToList());
                    values = function.Apply(net, encoded, context, null, ct).contiguous().data<float>().ToArray();
                }

                for (var i = 0; i < records.Length; i++)
                {
                    line.Clear().Append(records[i].Id);
                    for (var j = 0; j < t; j++)
                    {
                        line.Append(',').Append(values[(i * t) + j].ToString("R", CultureInfo.InvariantCulture));
                    }

                    writer.WriteLine(line);
                }

                done += records.Length;
                progress?.Report(new OperationProgress("predict", done, total));
            }
        }

        if (output is null)
        {
            WriteRows(console.Out);
        }
        else
        {
            AtomicFile.Write(output.FullName, stream =>
            {
                using var gzip = output.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true) : null;
                using var writer = new StreamWriter(gzip ?? stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                WriteRows(writer);
            });
            console.Info($"Wrote {done} window prediction(s) to {output.FullName}");
        }

        return ExitCodes.Success;
    }
}

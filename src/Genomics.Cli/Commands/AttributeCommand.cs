using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Plots;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics attribute</c>: saliency, gradient × input, integrated gradients, DeepLIFT-SHAP or ISM for every sequence of a file.</summary>
internal static class AttributeCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var sequenceOptions = new SequenceOptions();
        var models = new ModelArgument("A checkpoint written by 'genomics train' or ModelCatalog.Save.");
        var input = new Option<FileInfo>("--input", "-i") { Description = "FASTA (one-hot models) or a histone-mark table (track models).", Required = true };
        var method = new Option<string>("--method") { Description = "saliency (input gradient), gradxinput, ig (integrated gradients), deeplift (DeepLIFT-SHAP) or ism (in-silico saturation mutagenesis).", DefaultValueFactory = _ => "deeplift" };
        method.AcceptOnlyFromAmong("saliency", "gradxinput", "ig", "deeplift", "ism");
        var target = new Option<string?>("--target") { Description = "The output to explain: a 0-based index, a target name, or 'all' for their sum. Default: output 0." };
        var references = new Option<int>("--references") { Description = "DeepLIFT-SHAP: dinucleotide-shuffled references per sequence (zeros for track models).", DefaultValueFactory = _ => 20 };
        var steps = new Option<int>("--steps") { Description = "Integrated gradients: steps along the path from the baseline.", DefaultValueFactory = _ => 50 };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Table (tab-separated, gzip-compressed when the name ends in .gz): id, position, observed channel, contribution, then the per-channel (hypothetical) scores; standard output when omitted." };
        var npz = new Option<FileInfo?>("--npz") { Description = "Also write the arrays as a compressed NumPy archive, channels-first float32: 'ohe' (N, 4, L) one-hot sequences, 'scores' (N, 4, L) contributions and, when the method gives them, 'hypothetical' (N, 4, L) scores; 'inputs' and 'scores' (N, marks, bins) for track models. With --shard, every chunk's arrays go to FILE.parts/ and 'genomics merge --npz FILE' joins them." };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Also draw each example's attributions as SVG into this folder: a logo of the first 500 positions for sequence models, a mark x bin heatmap for track models." };
        var chunk = new Option<int>("--chunk-size") { Description = "Sequences attributed per call of the engine (which batches them further by --batch-size); chunks never span a block of --block-size sequences.", DefaultValueFactory = _ => ShardSpec.DefaultBlockSize };
        var shardOptions = new ShardOptions("input's sequences");
        var command = new Command("attribute", "Attribute a model's output to every input position and channel.")
        {
            input, method, target, references, steps, output, npz, plots, chunk,
        };
        shardOptions.AddTo(command);
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output)), ("--npz", result.GetValue(npz))], [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input))], [("--plots", result.GetValue(plots))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            if (result.GetValue(chunk) < 1)
            {
                throw new CliArgumentException("--chunk-size", "must be at least 1.");
            }

            var shard = shardOptions.Resolve(result);
            if (!shard.IsWhole && (result.GetValue(output) is not { } shardOutput || result.GetValue(plots) is not null
                || !(shardOutput.Name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || shardOutput.Name.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase))))
            {
                throw new CliArgumentException("--shard", "sharded attribution writes a table that 'genomics merge' joins: give -o NAME.tsv or NAME.tsv.gz, without --plots (plots are drawn by a single run).");
            }

            return Task.FromResult(models.Run(result, net =>
            {
                using var data = InputData.Load(result.GetValue(input)!.FullName, net.Input, requireLabels: false, 0, sequenceOptions.Policy(result), new ConsoleWarningLogger(console));
                var explained = ParseTarget(result.GetValue(target), net);
                IAttributionMethod Engine(long firstExample) => CreateEngine(result.GetValue(method)!, result.GetValue(references), result.GetValue(steps), common.SeedValue(result), firstExample);

                // Chunks of consecutive sequences this run owns, cut at block boundaries (the same in every shard and in
                // a single run); the references of sequence i depend on its index in the whole input, not in the chunk.
                IEnumerable<(int Start, AttributionResult Attribution)> Attributions(long after)
                {
                    var owned = Enumerable.Range(0, data.Count).Where(i => shard.Owns(i) && i > after);
                    foreach (var indices in ShardSpec.BlockChunks(owned, i => i, result.GetValue(chunk), shard.BlockSize))
                    {
                        using var inputs = data.Inputs.narrow(0, indices[0], indices.Length);
                        yield return (indices[0], Engine(indices[0]).Attribute(net, inputs, explained, context, console.Progress(), ct));
                    }
                }

                var header = "id\tposition\tobserved\tcontribution\t" + string.Join('\t', net.Input.ChannelNames);
                var largestDelta = double.NaN;
                void NoteDeltas(AttributionResult attribution)
                {
                    if (attribution.ConvergenceDeltas is not null && !(attribution.MaxConvergenceDelta <= largestDelta))
                    {
                        largestDelta = attribution.MaxConvergenceDelta;
                    }
                }

                var engineName = Engine(0).Name;
                if (!shard.IsWhole)
                {
                    var shardPath = shard.PathFor(result.GetValue(output)!.FullName);
                    var job = new List<KeyValuePair<string, string>>
                    {
                        new("genomics.command", "attribute"),
                        new("genomics.version", typeof(DeepLiftShap).Assembly.GetName().Version?.ToString() ?? "unknown"),
                        new("genomics.model", result.GetValue(models.Model)!.FullName),
                        new("genomics.model_sha256", ShardManifest.Hash(result.GetValue(models.Model)!.FullName)),
                        new("genomics.input", result.GetValue(input)!.FullName),
                        new("genomics.input_sha256", ShardManifest.Hash(result.GetValue(input)!.FullName)),
                        new("genomics.method", result.GetValue(method)!),
                        new("genomics.target", result.GetValue(target) ?? "0"),
                        new("genomics.references", result.GetValue(references).ToString(CultureInfo.InvariantCulture)),
                        new("genomics.steps", result.GetValue(steps).ToString(CultureInfo.InvariantCulture)),
                        new("genomics.seed", common.SeedValue(result).ToString(CultureInfo.InvariantCulture)),
                        new("genomics.chunk_size", result.GetValue(chunk).ToString(CultureInfo.InvariantCulture)),
                        new("genomics.block_size", shard.BlockSize.ToString(CultureInfo.InvariantCulture)),
                        new("genomics.npz", result.GetValue(npz)?.FullName ?? "none"),
                    };
                    var parts = result.GetValue(npz) is { } shardArchive ? Directory.CreateDirectory(ArrayParts.FolderOf(shardArchive.FullName)).FullName : null;
                    using var sharded = ShardOutputs.Start(console, shardPath, shard, job, (stream, withHeader) => new TextTableWriter(stream, shardPath, withHeader ? header : null));
                    if (sharded is null)
                    {
                        return ExitCodes.Success;
                    }

                    var sequences = 0;
                    foreach (var (start, attribution) in Attributions(sharded.ResumeAfterRecord))
                    {
                        using (attribution)
                        {
                            var rows = Rows(attribution, data, start, net).ToList();
                            var records = rows.Select(r => (long)r.Record).ToList();
                            if (parts is not null)
                            {
                                // The chunk's arrays first, then the table's progress: a resumed shard never lacks them.
                                using var chunkInputs = data.Inputs.narrow(0, start, attribution.Scores.shape[0]);
                                WriteArrays(ArrayParts.PathOf(parts, start, attribution.Scores.shape[0]), chunkInputs, attribution.Scores, attribution.Hypothetical, net);
                            }

                            sharded.Write(records, table => table.Write(rows.Select(r => r.Line)), (start + attribution.Scores.shape[0] - 1, 0));
                            sequences += (int)attribution.Scores.shape[0];
                            NoteDeltas(attribution);
                        }
                    }

                    sharded.Complete();
                    console.Info($"Attributions of {sequences} example(s) of shard {shard.Index}/{shard.Count} ({engineName}) written to {shardPath}");
                }
                else
                {
                    var text = new StringBuilder(header).Append('\n');
                    var scores = new List<TorchSharp.torch.Tensor>();
                    var hypothetical = new List<TorchSharp.torch.Tensor>();
                    string? method = null;
                    foreach (var (start, attribution) in Attributions(-1))
                    {
                        using (attribution)
                        {
                            method = attribution.Method;
                            foreach (var (_, line) in Rows(attribution, data, start, net))
                            {
                                text.Append(line).Append('\n');
                            }

                            if (result.GetValue(npz) is not null)
                            {
                                scores.Add(attribution.Scores.detach().clone());
                                if (attribution.Hypothetical is { } h)
                                {
                                    hypothetical.Add(h.detach().clone());
                                }
                            }

                            if (result.GetValue(plots) is { } folder)
                            {
                                DrawPlots(folder, attribution, data, start, net, engineName);
                            }

                            NoteDeltas(attribution);
                        }
                    }

                    if (result.GetValue(output) is { } path)
                    {
                        AtomicFile.Write(path.FullName, stream =>
                        {
                            using var table = new TextTableWriter(stream, path.FullName, header: null);
                            table.WriteRaw(text.ToString());
                        });
                        console.Info($"Attributions of {data.Count} example(s) ({method}) written to {path.FullName}");
                    }
                    else
                    {
                        console.Out.Write(text.ToString());
                    }

                    if (result.GetValue(npz) is { } archive)
                    {
                        using var allScores = TorchSharp.torch.cat(scores, 0);
                        using var allHypothetical = hypothetical.Count > 0 ? TorchSharp.torch.cat(hypothetical, 0) : null;
                        WriteArrays(archive.FullName, data.Inputs, allScores, allHypothetical, net);
                        scores.ForEach(t => t.Dispose());
                        hypothetical.ForEach(t => t.Dispose());
                        console.Info($"Arrays ({string.Join(", ", NpzFile.Keys(archive.FullName))}) written to {archive.FullName}");
                    }

                    if (result.GetValue(plots) is { } plotFolder)
                    {
                        console.Info($"Plots written to {plotFolder.FullName}");
                    }
                }

                if (!double.IsNaN(largestDelta))
                {
                    console.Info(string.Create(CultureInfo.InvariantCulture, $"Largest DeepLIFT convergence delta: {largestDelta:G3}"));
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

    /// <summary>Draws each example of a chunk (starting at input row <paramref name="start"/>) as an SVG.</summary>
    private static void DrawPlots(DirectoryInfo folder, AttributionResult attribution, InputData data, int start, ISequenceModel net, string engineName)
    {
        folder.Create();
        for (var j = 0; j < attribution.Scores.shape[0]; j++)
        {
            var i = start + j;
            var file = Path.Combine(folder.FullName, SafeName(data.Ids[i]) + ".svg");
            if (net.Input.Kind != InputKind.OneHot)
            {
                // Signal tracks have no letters to draw: a mark x bin heatmap of the contributions.
                var contributions = ToDouble(attribution.ScoresOf(j));
                var marks = string.Join(", ", net.Input.ChannelNames);
                Charts.Heatmap(contributions, $"{data.Ids[i]} ({engineName})", "bin", $"mark ({marks}, top to bottom)", cellSize: 8).Save(file);
                continue;
            }

            var scores = ToDouble(attribution.Hypothetical is null ? attribution.ScoresOf(j) : attribution.HypotheticalOf(j));
            using var row = data.Inputs[i].contiguous();
            var oneHot = ToDouble(row);
            var length = Math.Min(oneHot.GetLength(1), AttributionPlot.MaxWindow);
            AttributionPlot.Draw(scores, oneHot, 0, length, AttributionStyle.Logo, $"{data.Ids[i]} ({engineName})").Save(file);
        }
    }

    /// <summary>The engine of --method: saliency, gradxinput, ig, ism or deeplift, its references drawn for examples
    /// numbered from <paramref name="firstExample"/>.</summary>
    internal static IAttributionMethod CreateEngine(string method, int references, int steps, long seed, long firstExample) => method switch
    {
        "saliency" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.Gradient }),
        "gradxinput" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput }),
        "ig" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = steps, FirstExample = firstExample }),
        "ism" => new InSilicoMutagenesis(),
        "deeplift" => new DeepLiftShap(new DeepLiftShapOptions { References = references, Seed = seed, FirstExample = firstExample }),
        _ => throw new CliArgumentException("--method", $"'{method}' is not an attribution method: use saliency, gradxinput, ig, deeplift or ism."),
    };

    internal static AttributionTarget ParseTarget(string? text, ISequenceModel model)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return AttributionTarget.Output(0);
        }

        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return AttributionTarget.All(model);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < model.Output.Targets
                ? AttributionTarget.Output(index)
                : throw new CliArgumentException("--target", $"index {index} is out of range: the model has {model.Output.Targets} output(s).");
        }

        return model.Output.TargetNames.Contains(text)
            ? AttributionTarget.Named(model, text)
            : throw new CliArgumentException("--target", $"'{text}' is not an output of the model (outputs: {string.Join(", ", model.Output.TargetNames.Take(10))}{(model.Output.Targets > 10 ? ", ..." : string.Empty)}).");
    }

    /// <summary>The table's rows for a chunk of examples starting at input row <paramref name="start"/>: one per
    /// position, with the example's input row.</summary>
    private static IEnumerable<(int Record, string Line)> Rows(AttributionResult attribution, InputData data, int start, ISequenceModel model)
    {
        var channels = model.Input.ChannelNames;
        var text = new StringBuilder();
        for (var j = 0; j < attribution.Scores.shape[0]; j++)
        {
            var i = start + j;
            var scores = attribution.ScoresOf(j);
            var perChannel = attribution.Hypothetical is null ? scores : attribution.HypotheticalOf(j);
            using var row = data.Inputs[i].contiguous();
            var x = ToDouble(row);
            for (var l = 0; l < scores.GetLength(1); l++)
            {
                var observed = "-";
                var contribution = 0.0;
                for (var c = 0; c < scores.GetLength(0); c++)
                {
                    contribution += scores[c, l];
                    if (model.Input.Kind == InputKind.OneHot && x[c, l] > 0.5)
                    {
                        observed = channels[c];
                    }
                }

                text.Clear().Append(CultureInfo.InvariantCulture, $"{data.Ids[i]}\t{l + 1}\t{observed}\t{contribution:G6}");
                for (var c = 0; c < perChannel.GetLength(0); c++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\t{perChannel[c, l]:G6}");
                }

                yield return (i, text.ToString());
            }
        }
    }

    /// <summary>
    /// Writes the inputs, scores and hypothetical scores as one compressed .npz, channels-first (N, C, L) float32: the
    /// layout tfmodisco-lite's <c>modisco motifs -s -a</c> reads, and <c>genomics modisco -s -a</c> takes this archive as it is.
    /// </summary>
    private static void WriteArrays(string path, TorchSharp.torch.Tensor inputs, TorchSharp.torch.Tensor scores, TorchSharp.torch.Tensor? hypothetical, ISequenceModel model)
    {
        List<KeyValuePair<string, NumpyArray>> arrays =
        [
            new(model.Input.Kind == InputKind.OneHot ? "ohe" : "inputs", ToNumpy(inputs)),
            new("scores", ToNumpy(scores)),
        ];
        if (hypothetical is not null)
        {
            arrays.Add(new("hypothetical", ToNumpy(hypothetical)));
        }

        NpzFile.Write(path, arrays, compress: true);
    }

    private static NumpyArray ToNumpy(TorchSharp.torch.Tensor tensor) =>
        new(Floats(tensor), tensor.shape.Select(d => checked((int)d)).ToArray());

    /// <summary>A tensor's values as float32, row-major, copied to the CPU.</summary>
    internal static float[] Floats(TorchSharp.torch.Tensor tensor)
    {
        using var values = tensor.to_type(TorchSharp.torch.ScalarType.Float32).cpu().contiguous();
        return values.data<float>().ToArray();
    }

    private static double[,] ToDouble(float[,] values)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (var i = 0; i < values.GetLength(0); i++)
        {
            for (var j = 0; j < values.GetLength(1); j++)
            {
                result[i, j] = values[i, j];
            }
        }

        return result;
    }

    private static double[,] ToDouble(TorchSharp.torch.Tensor row)
    {
        var c = (int)row.shape[0];
        var l = (int)row.shape[1];
        using var f = row.to_type(TorchSharp.torch.ScalarType.Float64);
        var data = f.data<double>().ToArray();
        var result = new double[c, l];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(double));
        return result;
    }

    private static string SafeName(string id)
    {
        var chars = id.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray();
        return chars.Length == 0 ? "sequence" : new string(chars);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Plots;
using Genomics.Models.Abstractions;
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
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Table (tab-separated): id, position, observed channel, contribution, then the per-channel (hypothetical) scores; standard output when omitted." };
        var npz = new Option<FileInfo?>("--npz") { Description = "Also write the arrays as a compressed NumPy archive, channels-first float32: 'ohe' (N, 4, L) one-hot sequences, 'scores' (N, 4, L) contributions and, when the method gives them, 'hypothetical' (N, 4, L) scores; 'inputs' and 'scores' (N, marks, bins) for track models." };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Also draw each example's attributions as SVG into this folder: a logo of the first 500 positions for sequence models, a mark x bin heatmap for track models." };
        var command = new Command("attribute", "Attribute a model's output to every input position and channel.")
        {
            input, method, target, references, steps, output, npz, plots,
        };
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output)), ("--npz", result.GetValue(npz))], [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input))], [("--plots", result.GetValue(plots))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            return Task.FromResult(models.Run(result, net =>
            {
                using var data = InputData.Load(result.GetValue(input)!.FullName, net.Input, requireLabels: false, 0, sequenceOptions.Policy(result), new ConsoleWarningLogger(console));
                var explained = ParseTarget(result.GetValue(target), net);
                IAttributionMethod engine = result.GetValue(method) switch
                {
                    "saliency" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.Gradient }),
                    "gradxinput" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput }),
                    "ig" => new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = result.GetValue(steps) }),
                    "ism" => new InSilicoMutagenesis(),
                    _ => new DeepLiftShap(new DeepLiftShapOptions { References = result.GetValue(references), Seed = common.SeedValue(result) }),
                };
                using var attribution = engine.Attribute(net, data.Inputs, explained, context, console.Progress(), ct);
                Write(result.GetValue(output), attribution, data, net, console);
                if (result.GetValue(npz) is { } archive)
                {
                    WriteArrays(archive.FullName, attribution, data.Inputs, net);
                    console.Info($"Arrays ({string.Join(", ", NpzFile.Keys(archive.FullName))}) written to {archive.FullName}");
                }

                if (result.GetValue(plots) is { } folder)
                {
                    folder.Create();
                    for (var i = 0; i < data.Count; i++)
                    {
                        var file = Path.Combine(folder.FullName, SafeName(data.Ids[i]) + ".svg");
                        if (net.Input.Kind != InputKind.OneHot)
                        {
                            // Signal tracks have no letters to draw: a mark x bin heatmap of the contributions.
                            var contributions = ToDouble(attribution.ScoresOf(i));
                            var marks = string.Join(", ", net.Input.ChannelNames);
                            Charts.Heatmap(contributions, $"{data.Ids[i]} ({engine.Name})", "bin", $"mark ({marks}, top to bottom)", cellSize: 8).Save(file);
                            continue;
                        }

                        var scores = ToDouble(attribution.Hypothetical is null ? attribution.ScoresOf(i) : attribution.HypotheticalOf(i));
                        using var row = data.Inputs[i].contiguous();
                        var oneHot = ToDouble(row);
                        var length = Math.Min(oneHot.GetLength(1), AttributionPlot.MaxWindow);
                        AttributionPlot.Draw(scores, oneHot, 0, length, AttributionStyle.Logo, $"{data.Ids[i]} ({engine.Name})").Save(file);
                    }

                    console.Info($"Plots written to {folder.FullName}");
                }

                if (attribution.ConvergenceDeltas is not null)
                {
                    console.Info(string.Create(CultureInfo.InvariantCulture, $"Largest DeepLIFT convergence delta: {attribution.MaxConvergenceDelta:G3}"));
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

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

    private static void Write(FileInfo? path, AttributionResult attribution, InputData data, ISequenceModel model, CliConsole console)
    {
        var channels = model.Input.ChannelNames;
        var text = new StringBuilder("id\tposition\tobserved\tcontribution\t").AppendJoin('\t', channels).Append('\n');
        for (var i = 0; i < data.Count; i++)
        {
            var scores = attribution.ScoresOf(i);
            var perChannel = attribution.Hypothetical is null ? scores : attribution.HypotheticalOf(i);
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

                text.Append(CultureInfo.InvariantCulture, $"{data.Ids[i]}\t{l + 1}\t{observed}\t{contribution:G6}");
                for (var c = 0; c < perChannel.GetLength(0); c++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\t{perChannel[c, l]:G6}");
                }

                text.Append('\n');
            }
        }

        if (path is null)
        {
            console.Out.Write(text.ToString());
        }
        else
        {
            AtomicFile.WriteAllText(path.FullName, text.ToString());
            console.Info($"Attributions of {data.Count} example(s) ({attribution.Method}) written to {path.FullName}");
        }
    }

    /// <summary>
    /// Writes the inputs, scores and hypothetical scores as one compressed .npz, channels-first (N, C, L) float32: the
    /// layout tfmodisco-lite's <c>modisco motifs -s -a</c> reads, and <c>genomics modisco -s -a</c> takes this archive as it is.
    /// </summary>
    private static void WriteArrays(string path, AttributionResult attribution, TorchSharp.torch.Tensor inputs, ISequenceModel model)
    {
        List<KeyValuePair<string, NumpyArray>> arrays =
        [
            new(model.Input.Kind == InputKind.OneHot ? "ohe" : "inputs", ToNumpy(inputs)),
            new("scores", ToNumpy(attribution.Scores)),
        ];
        if (attribution.Hypothetical is { } hypothetical)
        {
            arrays.Add(new("hypothetical", ToNumpy(hypothetical)));
        }

        NpzFile.Write(path, arrays, compress: true);
    }

    private static NumpyArray ToNumpy(TorchSharp.torch.Tensor tensor)
    {
        using var values = tensor.to_type(TorchSharp.torch.ScalarType.Float32).cpu().contiguous();
        return new NumpyArray(values.data<float>().ToArray(), values.shape.Select(d => checked((int)d)).ToArray());
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

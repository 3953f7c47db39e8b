using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Abstractions;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics predict</c>: runs a saved model over a FASTA file or histone table and writes a CSV.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var sequenceOptions = new SequenceOptions();
        var models = new ModelArgument("A checkpoint written by 'genomics train' or ModelCatalog.Save.");
        var input = new Option<FileInfo>("--input", "-i") { Description = "FASTA (.fa/.fasta, optionally .gz) for sequence models, or a histone-mark table (.csv) for track models.", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "CSV to write (id, one column per target); standard output when omitted." };
        var raw = new Option<bool>("--raw") { Description = "Write raw (pre-activation) outputs instead of probabilities." };
        var command = new Command("predict", "Predict every sequence (or gene) of a file with a saved model.") { input, output, raw };
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
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
}

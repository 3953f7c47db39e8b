using System.CommandLine;
using System.Globalization;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.Models.Abstractions;

namespace Genomics.Cli.Commands;

/// <summary>
/// <c>genomics modisco</c>: DeepLIFT-SHAP attributions (or saved one-hot sequences and hypothetical contributions, as
/// tfmodisco-lite's <c>modisco motifs -s -a</c> reads them) → TF-MoDISco-lite patterns → HTML report with database matches.
/// </summary>
internal static class ModiscoCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var sequenceOptions = new SequenceOptions();
        var models = new ModelArgument("A checkpoint of a one-hot DNA model.");
        var input = new Option<FileInfo>("--input", "-i") { Description = "Sequences to explain (FASTA, optionally .gz); with --model, instead of --sequences and --attributions." };
        var arrays = new SavedArrays();
        var target = new Option<string?>("--target") { Description = "The output to explain: a 0-based index, a name, or 'all'. Default: output 0." };
        var references = new Option<int>("--references") { Description = "Dinucleotide-shuffled references per sequence for DeepLIFT-SHAP.", DefaultValueFactory = _ => 20 };
        var database = new Option<FileInfo?>("--db") { Description = "Motif database (MEME/JASPAR/Chen/consensus CSV) to name the patterns with the TOMTOM-equivalent." };
        var report = new Option<FileInfo>("--report", "-o") { Description = "HTML report to write (pattern logos, seqlet counts, top matches).", Required = true };
        var patterns = new Option<FileInfo?>("--patterns") { Description = "Also write the patterns as a MEME motif file (written, with no motifs and a warning, when none are found)." };
        var h5 = new Option<FileInfo?>("--h5") { Description = "Also write the result as tfmodisco-lite's modisco_results.h5 (patterns, seqlets, sub-patterns), which 'modisco report' and other tfmodisco-lite readers open." };
        var minCluster = new Option<int?>("--min-cluster-size") { Description = "Smallest number of seqlets a reported pattern needs. Default: 2 % of the metacluster's seqlets, at least 5 and at most 20 (tfmodisco-lite's 20)." };
        var command = new Command("modisco", "Discover motifs from DeepLIFT-SHAP attributions (--model, --input) or saved arrays (--sequences, --attributions) with TF-MoDISco-lite and write an HTML report.")
        {
            input, target, references, database, report, patterns, h5, minCluster,
        };
        common.AddTo(command);
        sequenceOptions.AddTo(command);
        models.AddTo(command);
        arrays.AddTo(command, input);
        models.Model.Required = false;
        command.Validators.Add(r => arrays.RequireOneSource(r, models.Model, input, [models.Architecture, target, references, sequenceOptions.LengthPolicy, sequenceOptions.UnknownLetters]));
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check(
                [("--report", result.GetValue(report)), ("--patterns", result.GetValue(patterns)), ("--h5", result.GetValue(h5))],
                [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input)), ("--db", result.GetValue(database)),
                 ("--sequences", result.GetValue(arrays.Sequences)), ("--attributions", result.GetValue(arrays.Attributions))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            var options = new ModiscoOptions { FinalMinClusterSize = result.GetValue(minCluster) };
            if (arrays.Given(result))
            {
                var (contributions, hypothetical, oneHot) = arrays.Load(result);
                var fromArrays = new TfModisco(options).Run(contributions, hypothetical, oneHot, context, console.Progress(), ct);
                return Task.FromResult(Report(fromArrays, file => ModiscoHdf5.Write(file, fromArrays, contributions, hypothetical, oneHot)));
            }

            return Task.FromResult(models.Run(result, net =>
            {
                if (net.Input.Kind != InputKind.OneHot)
                {
                    throw new CliArgumentException("--model", "TF-MoDISco needs a one-hot DNA model.");
                }

                using var data = InputData.Load(result.GetValue(input)!.FullName, net.Input, requireLabels: false, 0, sequenceOptions.Policy(result), new ConsoleWarningLogger(console));
                var explained = AttributeCommand.ParseTarget(result.GetValue(target), net);
                var deepLift = new DeepLiftShap(new DeepLiftShapOptions { References = result.GetValue(references), Seed = common.SeedValue(result), ReturnHypothetical = true });
                using var attribution = deepLift.Attribute(net, data.Inputs, explained, context, console.Progress(), ct);
                var found = new TfModisco(options).Run(attribution, data.Inputs, context, console.Progress(), ct);
                return Report(found, file => ModiscoHdf5.Write(file, found, attribution, data.Inputs));
            }));

            int Report(ModiscoResult found, Action<string> writeResultsFile)
            {
                var motifs = result.GetValue(database) is { } db ? MotifFile.Read(db.FullName) : null;
                var path = result.GetValue(report)!.FullName;
                ModiscoReport.Write(path, found, motifs, context: context, cancellationToken: ct);
                if (result.GetValue(patterns) is { } meme)
                {
                    // Written even when empty, so that a pipeline's expected file exists and holds no stale patterns.
                    MemeMotifFormat.Write(meme.FullName, new MotifSet(found.Patterns.Select(p => p.ToMotif())));
                    if (!found.Patterns.Any())
                    {
                        console.Info($"warning: no patterns were found; {meme.FullName} holds a MEME header and no motifs. Try more sequences or a smaller --min-cluster-size.");
                    }
                }

                if (result.GetValue(h5) is { } resultsFile)
                {
                    writeResultsFile(resultsFile.FullName);
                }

                console.Info(string.Create(CultureInfo.InvariantCulture, $"{found.PositivePatterns.Count} positive and {found.NegativePatterns.Count} negative pattern(s) from {found.SeqletCall.Seqlets.Count} seqlet(s); report written to {path}"));
                if (found.Diagnostic is { EmptyReason: { } reason } diagnostic)
                {
                    console.Info($"no patterns found: {reason}. Stages: {diagnostic}");
                }
                return ExitCodes.Success;
            }
        });
        return command;
    }
}

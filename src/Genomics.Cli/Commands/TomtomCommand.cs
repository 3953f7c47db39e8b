using System.CommandLine;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics tomtom</c>: compares query motifs with a motif database, as MEME's tomtom does.</summary>
internal static class TomtomCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new Option<FileInfo>("--query", "-q") { Description = "Query motifs: MEME, JASPAR (.jaspar/.pfm), Chen counts (.chen) or consensus CSV.", Required = true };
        var target = new Option<FileInfo>("--target", "-t") { Description = "Target motif database, in any of the same formats.", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Result table (tab-separated, tomtom's columns; .csv for commas); standard output when omitted." };
        var dist = new Option<string>("--dist") { Description = "Column score: pearson (Pearson correlation) or ed (negative Euclidean distance).", DefaultValueFactory = _ => "pearson" };
        dist.AcceptOnlyFromAmong("pearson", "ed");
        var minOverlap = new Option<int>("--min-overlap") { Description = "Minimum overlapping columns of an alignment.", DefaultValueFactory = _ => 1 };
        var pseudo = new Option<double>("--motif-pseudo") { Description = "Pseudocount added to every motif on load.", DefaultValueFactory = _ => 0.1 };
        var norc = new Option<bool>("--norc") { Description = "Compare the forward strand only." };
        var evalue = new Option<bool>("--evalue") { Description = "Apply --thresh to E-values instead of q-values." };
        var thresh = new Option<double>("--thresh") { Description = "Keep matches with q-value (or E-value with --evalue) at most this.", DefaultValueFactory = _ => 0.5 };
        var queryIds = new Option<string[]>("--query-id", "-m") { Description = "Compare only the query with this id (repeatable; tomtom's -m); an id no query has is an error.", AllowMultipleArgumentsPerToken = false };
        var background = new Option<string>("--background") { Description = "Background for the pseudocounts (tomtom's -bfile, made strand-symmetric): " + BackgroundArgument.Help + " The default, motif-file, reads the query file's, as tomtom does.", DefaultValueFactory = _ => "motif-file" };
        var qvalues = new Option<string>("--qvalues") { Description = "q-values: storey (tomtom's: pi0 estimated by MEME's bootstrap) or bh (Benjamini-Hochberg, pi0 = 1).", DefaultValueFactory = _ => "storey" };
        qvalues.AcceptOnlyFromAmong("storey", "bh");
        var threads = new Option<int>("--threads") { Description = "Queries compared at once, 1 to 4 x the processor count; 0 uses every core.", DefaultValueFactory = _ => 0 };
        var command = new Command("tomtom", "Compare motifs with a motif database (TOMTOM-equivalent: complete scoring, exact p-values, E- and q-values).")
        {
            query, target, output, dist, minOverlap, pseudo, norc, evalue, thresh, queryIds, background, qvalues, threads,
        };
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--query", result.GetValue(query)), ("--target", result.GetValue(target))]);
            var queries = MotifFile.Read(result.GetValue(query)!.FullName);
            var ids = result.GetValue(queryIds) is { Length: > 0 } given ? given : null;
            if (ids is not null && ids.FirstOrDefault(id => queries.Find(id) is null) is { } unknown)
            {
                throw new CliArgumentException("--query-id", $"no query motif has the id '{unknown}'.");
            }

            var options = new TomtomOptions
            {
                QueryIds = ids,
                // Explicit even when uniform: a null background would fall back to the query file's.
                Background = BackgroundArgument.Parse(result.GetValue(background), queries, "--background") ?? MotifBackground.Uniform,
                QValues = result.GetValue(qvalues) == "bh" ? QValueMethod.BenjaminiHochberg : QValueMethod.Storey,
                ColumnSimilarity = result.GetValue(dist) == "ed" ? ColumnSimilarity.NegativeEuclidean : ColumnSimilarity.Pearson,
                MinOverlap = result.GetValue(minOverlap),
                Pseudocount = result.GetValue(pseudo),
                BothStrands = !result.GetValue(norc),
                ThresholdOn = result.GetValue(evalue) ? SignificanceMeasure.EValue : SignificanceMeasure.QValue,
                Threshold = result.GetValue(thresh),
                MaxDegreeOfParallelism = CommonOptions.CheckThreads(result.GetValue(threads), "--threads") is > 0 and var n ? n : null,
            }.Validate();
            var targets = MotifFile.Read(result.GetValue(target)!.FullName);
            var matches = new TomtomComparer(options).Compare(queries, targets, progress: console.Progress(), cancellationToken: ct);
            if (result.GetValue(output) is { } file)
            {
                MotifMatchTable.Write(file.FullName, matches);
                console.Info($"{matches.Count} match(es) of {queries.Count} query motif(s) against {targets.Count} target(s) written to {file.FullName}");
            }
            else
            {
                MotifMatchTable.Write(console.Out, matches);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics scan</c>: finds motif occurrences in sequences with exact p-values, as FIMO does.</summary>
internal static class ScanCommand
{
    public static Command Create(CliConsole console)
    {
        var motifs = new Option<FileInfo>("--motifs", "-m") { Description = "Motifs: MEME, JASPAR (.jaspar/.pfm), Chen counts (.chen) or consensus CSV.", Required = true };
        var sequences = new Option<FileInfo>("--sequences", "-s") { Description = "Sequences to scan (FASTA, optionally .gz).", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Hit table (tab-separated); standard output when omitted." };
        var threshold = new Option<double>("--thresh") { Description = "Report sites with p-value at most this.", DefaultValueFactory = _ => 1e-4 };
        var norc = new Option<bool>("--norc") { Description = "Scan the forward strand only." };
        var qvalues = new Option<bool>("--qvalues") { Description = "Also compute Benjamini-Hochberg q-values over every scanned window." };
        var command = new Command("scan", "Scan sequences for motif sites (FIMO-style log-odds scores, exact p-values, both strands).")
        {
            motifs, sequences, output, threshold, norc, qvalues,
        };
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--motifs", result.GetValue(motifs)), ("--sequences", result.GetValue(sequences))]);
            var set = MotifFile.Read(result.GetValue(motifs)!.FullName);
            var records = FastaReader.Read(result.GetValue(sequences)!.FullName).ToList();
            var options = new MotifScanOptions
            {
                PValueThreshold = result.GetValue(threshold),
                BothStrands = !result.GetValue(norc),
                ComputeQValues = result.GetValue(qvalues),
            }.Validate();
            var text = new StringBuilder("motif_id\tsequence_name\tstart\tstop\tstrand\tscore\tp-value\tq-value\tmatched_sequence\n");
            var hits = 0;
            var progress = console.Progress();
            var encoded = EncodedSequences.FromStrings(records.Select(r => r.Sequence).ToList());
            for (var m = 0; m < set.Count; m++)
            {
                ct.ThrowIfCancellationRequested();
                var scanner = new MotifScanner(set[m], options);
                foreach (var hit in scanner.Scan(encoded, ct))
                {
                    hits++;
                    text.Append(CultureInfo.InvariantCulture, $"{hit.MotifId}\t{records[hit.SequenceIndex].Id}\t{hit.Start + 1}\t{hit.End}\t{(hit.Strand == Strand.Reverse ? '-' : '+')}\t{hit.Score:G6}\t{hit.PValue:G4}\t{(hit.QValue is double q ? q.ToString("G4", CultureInfo.InvariantCulture) : string.Empty)}\t{hit.Site}\n");
                }

                progress?.Report(new Genomics.Models.Compute.OperationProgress("scan", m + 1, set.Count));
            }

            if (result.GetValue(output) is { } file)
            {
                AtomicFile.WriteAllText(file.FullName, text.ToString());
                console.Info($"{hits} site(s) of {set.Count} motif(s) in {records.Count} sequence(s) written to {file.FullName}");
            }
            else
            {
                console.Out.Write(text.ToString());
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}

using System.CommandLine;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Interpret.Statistics;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics scan</c>: finds motif occurrences in sequences with exact p-values, as FIMO does.</summary>
internal static class ScanCommand
{
    public static Command Create(CliConsole console)
    {
        var motifs = new Option<FileInfo>("--motifs", "-m") { Description = "Motifs: MEME, JASPAR (.jaspar/.pfm), Chen counts (.chen) or consensus CSV.", Required = true };
        var sequences = new Option<FileInfo>("--sequences", "-s") { Description = "Sequences to scan (FASTA, optionally .gz).", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Hit table (tab-separated, FIMO's fimo.tsv columns); standard output when omitted." };
        var gff = new Option<FileInfo?>("--gff") { Description = "Also write the hits as GFF3, as FIMO's fimo.gff." };
        var threshold = new Option<double>("--thresh") { Description = "Report sites with p-value (and with --qv-thresh also q-value) at most this.", DefaultValueFactory = _ => 1e-4 };
        var norc = new Option<bool>("--norc") { Description = "Scan the forward strand only." };
        var qvalues = new Option<string>("--qvalues") { Description = "q-values: storey (FIMO's: pi0 estimated by MEME's bootstrap) or bh (Benjamini-Hochberg, pi0 = 1).", DefaultValueFactory = _ => "storey" };
        qvalues.Arity = ArgumentArity.ZeroOrOne;   // a bare --qvalues (its earlier on/off form) means storey
        qvalues.AcceptOnlyFromAmong("storey", "bh");
        var noQValue = new Option<bool>("--no-qvalue") { Description = "Do not compute q-values (FIMO's --no-qvalue); scanning is faster." };
        var qvThresh = new Option<bool>("--qv-thresh") { Description = "Apply --thresh to q-values too (FIMO's --qv-thresh: sites with p-value and q-value at most --thresh)." };
        var maxStored = new Option<int>("--max-stored-scores") { Description = "Most sites kept per motif (FIMO's --max-stored-scores); the least significant are dropped beyond it.", DefaultValueFactory = _ => 100_000 };
        var pseudo = new Option<double>("--motif-pseudo", "--pseudocount") { Description = "Pseudocount added to every motif with the background before log-odds scoring (FIMO's --motif-pseudo).", DefaultValueFactory = _ => 0.1 };
        var background = new Option<string>("--background") { Description = "Background of the log-odds scores and p-values (FIMO's --bfile), made strand-symmetric unless --norc: " + BackgroundArgument.Help + " Uniform by default.", DefaultValueFactory = _ => "uniform" };
        var command = new Command("scan", "Scan sequences for motif sites (FIMO-style log-odds scores, exact p-values, both strands).")
        {
            motifs, sequences, output, gff, threshold, norc, qvalues, noQValue, qvThresh, maxStored, pseudo, background,
        };
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output)), ("--gff", result.GetValue(gff))], [("--motifs", result.GetValue(motifs)), ("--sequences", result.GetValue(sequences))]);
            var set = MotifFile.Read(result.GetValue(motifs)!.FullName);
            var records = FastaReader.Read(result.GetValue(sequences)!.FullName).ToList();
            var both = !result.GetValue(norc);
            if (result.GetValue(noQValue) && result.GetValue(qvThresh))
            {
                throw new CliArgumentException("--qv-thresh", "cannot be used with --no-qvalue (as in FIMO).");
            }

            if (result.GetValue(maxStored) < 1)
            {
                throw new CliArgumentException("--max-stored-scores", "must be at least 1.");
            }

            var bg = BackgroundArgument.Parse(result.GetValue(background), set, "--background");
            var options = new MotifScanOptions
            {
                PValueThreshold = result.GetValue(threshold),
                BothStrands = both,
                ComputeQValues = !result.GetValue(noQValue),
                QValues = result.GetValue(qvalues) == "bh" ? QValueMethod.BenjaminiHochberg : QValueMethod.Storey,   // null (bare flag): storey
                QValueThreshold = result.GetValue(qvThresh) ? result.GetValue(threshold) : null,
                MaxStoredScores = result.GetValue(maxStored),
                Pseudocount = result.GetValue(pseudo),

                // FIMO reads its background symmetrised when it scans both strands.
                Background = both ? bg?.Symmetrized() : bg,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == nameof(MotifScanOptions.Pseudocount))
            {
                throw new CliArgumentException("--motif-pseudo", "must be finite and ≥ 0.", e);
            }

            var hits = new List<MotifHit>();
            var progress = console.Progress();
            var encoded = EncodedSequences.FromStrings(records.Select(r => r.Sequence).ToList());

            // One FIMO run draws every motif's pi0 bootstrap from one never-seeded drand48 stream.
            var bootstrap = new Drand48();
            for (var m = 0; m < set.Count; m++)
            {
                ct.ThrowIfCancellationRequested();
                hits.AddRange(new MotifScanner(set[m], options).Scan(encoded, bootstrap, ct));
                progress?.Report(new Genomics.Models.Compute.OperationProgress("scan", m + 1, set.Count));
            }

            var names = records.Select(r => r.Id).ToList();
            if (result.GetValue(output) is { } file)
            {
                MotifHitTable.WriteTsv(file.FullName, hits, names);
                console.Info($"{hits.Count} site(s) of {set.Count} motif(s) in {records.Count} sequence(s) written to {file.FullName}");
            }
            else
            {
                MotifHitTable.WriteTsv(console.Out, hits, names);
            }

            if (result.GetValue(gff) is { } gffFile)
            {
                MotifHitTable.WriteGff3(gffFile.FullName, hits, names);
                console.Info($"GFF3 written to {gffFile.FullName}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Genomics.Interpret.Variants;
using Genomics.Models.Compute;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary>
/// <c>genomics variants</c>: scores the variants of a VCF on a genome with a DNA model — reference and alternative
/// windows centred on each allele (<see cref="VariantWindow"/>), streamed chunk by chunk — and writes one row per
/// variant allele as Parquet or TSV(.gz) (<see cref="VariantTable"/>).
/// </summary>
internal static class VariantsCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var models = new ModelArgument("A checkpoint of a DNA model with a fixed input length.");
        var fasta = new Option<FileInfo>("--fasta") { Description = "The genome (FASTA; its .fai index is used when present, built in memory otherwise).", Required = true };
        var vcf = new Option<FileInfo>("--vcf") { Description = "The variants (VCF, plain or bgzip/gzip). Multi-allelic records give one row per ALT allele; symbolic alleles are skipped and counted.", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The table to write: .parquet, .tsv or .tsv.gz.", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Score raw (pre-activation) outputs instead of probabilities." };
        var chunk = new Option<int>("--chunk-size") { Description = "Variant alleles per chunk (memory is bounded by this).", DefaultValueFactory = _ => 512 };
        var skipMismatch = new Option<bool>("--skip-ref-mismatch") { Description = "Skip (and count) records whose REF differs from the genome instead of stopping." };
        var passOnly = new Option<bool>("--pass-only") { Description = "Score only records whose FILTER is PASS or '.'." };
        var pseudocount = new Option<double>("--pseudocount") { Description = "ε in the log2 ratio log2((alt + ε) / (ref + ε)).", DefaultValueFactory = _ => 1e-6 };
        var shardOptions = new ShardOptions("VCF's records");
        var command = new Command("variants", "Score the variants of a VCF on a genome: reference and alternative predictions, their difference and log2 ratio.")
        {
            fasta, vcf, output, raw, chunk, skipMismatch, passOnly, pseudocount,
        };
        shardOptions.AddTo(command);
        common.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var outputPath = result.GetValue(output)!;
            OutputPaths.Check([("--output", outputPath)], [("--model", result.GetValue(models.Model)), ("--fasta", result.GetValue(fasta)), ("--vcf", result.GetValue(vcf))]);
            if (!VariantTable.IsSupported(outputPath.Name))
            {
                throw new CliArgumentException("--output", $"'{outputPath.Name}' must end in .parquet, .tsv or .tsv.gz.");
            }

            if (result.GetValue(chunk) < 1)
            {
                throw new CliArgumentException("--chunk-size", "must be at least 1.");
            }

            if (result.GetValue(pseudocount) is var eps && (eps < 0 || !double.IsFinite(eps)))
            {
                throw new CliArgumentException("--pseudocount", "must be a finite number ≥ 0.");
            }

            var shard = shardOptions.Resolve(result);
            if (!shard.IsWhole && outputPath.Name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliArgumentException("--shard", "sharded runs write TSV or TSV.gz, which 'genomics merge' joins; give -o NAME.tsv or NAME.tsv.gz.");
            }

            foreach (var (name, file) in new[] { ("--fasta", result.GetValue(fasta)!), ("--vcf", result.GetValue(vcf)!) })
            {
                if (!file.Exists)
                {
                    throw new CliArgumentException(name, $"'{file.FullName}' does not exist.");
                }
            }

            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            return Task.FromResult(models.Run(result, net =>
            {
                if (net.Input.Kind != Genomics.Models.Abstractions.InputKind.OneHot || net.Input.Channels != 4 || net.Input.Length is not int length)
                {
                    throw new CliArgumentException("--model", "variant scoring needs a DNA model with a fixed input length.");
                }

                using var genome = IndexedFasta.Open(result.GetValue(fasta)!.FullName);
                var read = new VcfReadSummary();
                var scored = new VariantScoringSummary();
                var target = shard.IsWhole ? outputPath.FullName : shard.PathFor(outputPath.FullName);
                var scorer = new VariantScorer(new VariantScorerOptions { ChunkSize = result.GetValue(chunk), ApplyActivation = !result.GetValue(raw), RecordBlockSize = shard.BlockSize });
                var settings = new Dictionary<string, string>
                {
                    ["genomics.command"] = "variants",
                    ["genomics.version"] = typeof(VariantScorer).Assembly.GetName().Version?.ToString() ?? "unknown",
                    ["genomics.model"] = result.GetValue(models.Model)!.FullName,
                    ["genomics.model_sha256"] = ShardManifest.Hash(result.GetValue(models.Model)!.FullName),
                    ["genomics.fasta"] = result.GetValue(fasta)!.FullName,
                    ["genomics.vcf"] = result.GetValue(vcf)!.FullName,
                    ["genomics.window_length"] = length.ToString(CultureInfo.InvariantCulture),
                    ["genomics.outputs"] = result.GetValue(raw) ? "raw" : "activated",
                    ["genomics.pseudocount"] = result.GetValue(pseudocount).ToString("R", CultureInfo.InvariantCulture),
                    ["genomics.window_rule"] = "centred on REF; longer ALT crops the right end, shorter ALT pulls in the genome's next bases",
                    ["genomics.chunk_size"] = result.GetValue(chunk).ToString(CultureInfo.InvariantCulture),
                    ["genomics.block_size"] = shard.BlockSize.ToString(CultureInfo.InvariantCulture),
                };
                var job = settings.ToList();
                if (!shard.IsWhole && ShardManifest.Read(target, "--shard") is { } done && done.SameJob(shard, job) && done.Matches(target))
                {
                    console.Info($"Shard {shard.Index}/{shard.Count} is already complete in {target} ({done.Rows} row(s)); skipped.");
                    return ExitCodes.Success;
                }

                var progress = console.Progress();
                var readOptions = new VcfReadOptions { SkipReferenceMismatches = result.GetValue(skipMismatch), PassOnly = result.GetValue(passOnly) };
                VariantTable OpenTable(Stream stream, bool header) => VariantTable.Open(stream, target, net.Output.TargetNames, result.GetValue(pseudocount), settings, header);
                if (shard.IsWhole)
                {
                    AtomicFile.Write(target, stream =>
                    {
                        using var table = OpenTable(stream, true);
                        var variants = VcfReader.Read(result.GetValue(vcf)!.FullName, genome, readOptions, read);
                        foreach (var rows in scorer.Run(net, genome, variants, scored, context, progress, ct).Chunk(4096))
                        {
                            table.Write(rows);
                        }

                        settings["genomics.records"] = read.Records.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.alleles_scored"] = scored.Scored.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.symbolic_skipped"] = read.SymbolicSkipped.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.ref_mismatches_skipped"] = read.ReferenceMismatches.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.filtered_out"] = read.FilteredOut.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.near_chromosome_end_skipped"] = scored.NearChromosomeEnd.ToString(CultureInfo.InvariantCulture);
                        table.Complete(settings);
                    });
                }
                else
                {
                    using var output = ShardOutput<VariantTable>.Open(target, shard, job, OpenTable);
                    if (output.Resumed)
                    {
                        console.Info(output.ResumeMessage());
                    }

                    var variants = VcfReader.Read(result.GetValue(vcf)!.FullName, genome, readOptions, read)
                        .Where(v => shard.Owns(v.RecordIndex) && output.IsAfterResumePoint(v.RecordIndex, v.AlleleIndex));
                    foreach (var finished in scorer.RunChunks(net, genome, variants, scored, context, progress, ct))
                    {
                        var last = finished.Variants[^1];
                        output.Write(finished.Scores.Select(s => s.Variant.RecordIndex).ToList(), table => table.Write(finished.Scores), (last.RecordIndex, last.AlleleIndex));
                    }

                    output.Complete();
                }

                console.Info($"Scored {scored.Scored} variant allele(s) of {read.Records} record(s) into {target}; skipped {read.SymbolicSkipped} symbolic allele(s), {read.ReferenceMismatches} REF mismatch(es), {read.FilteredOut} filtered record(s), {scored.NearChromosomeEnd} allele(s) too near a chromosome end.");
                return ExitCodes.Success;
            }));
        });
        return command;
    }
}

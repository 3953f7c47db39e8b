using System.CommandLine;
using System.Globalization;
using Genomics.Interpret.Abstractions;
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
    /// <summary>Attributions of the reference and alternative windows of every scored allele, kept in table order.</summary>
    /// <param name="engine">Creates the engine with its references drawn for alleles numbered from the argument, so both
    /// windows of an allele get the same reference draws whatever the chunking.</param>
    /// <param name="target">The output explained.</param>
    /// <param name="genome">The genome the windows come from.</param>
    /// <param name="length">The model's input length.</param>
    private sealed class AlleleAttributions(Func<long, IAttributionMethod> engine, AttributionTarget target, IndexedFasta genome, int length)
    {
        private readonly List<float[]> _referenceInputs = [];
        private readonly List<float[]> _alternativeInputs = [];
        private readonly List<float[]> _referenceScores = [];
        private readonly List<float[]> _alternativeScores = [];
        private readonly List<float[]> _referenceHypothetical = [];
        private readonly List<float[]> _alternativeHypothetical = [];
        private int _rows;

        /// <summary>Attributes both windows of a chunk's scored alleles.</summary>
        public void Add(Genomics.Models.Abstractions.ISequenceModel model, IReadOnlyList<VariantScore> scores, Genomics.Models.Compute.ComputeContext context, CancellationToken ct)
        {
            if (scores.Count == 0)
            {
                return;
            }

            var windows = scores.Select(s => VariantWindow.Make(genome, s.Variant, length)!).ToList();
            foreach (var (sequences, inputs, outputs, hypothetical) in new[]
            {
                (windows.Select(w => w.Reference).ToList(), _referenceInputs, _referenceScores, _referenceHypothetical),
                (windows.Select(w => w.Alternative).ToList(), _alternativeInputs, _alternativeScores, _alternativeHypothetical),
            })
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                var encoded = Genomics.Models.Encoding.OneHotEncoder.Encode(sequences);
                using var attribution = engine(_rows).Attribute(model, encoded, target, context, null, ct);
                inputs.Add(AttributeCommand.Floats(encoded));
                outputs.Add(AttributeCommand.Floats(attribution.Scores));
                if (attribution.Hypothetical is { } h)
                {
                    hypothetical.Add(AttributeCommand.Floats(h));
                }
            }

            _rows += scores.Count;
        }

        /// <summary>Writes the archive atomically.</summary>
        public void Write(string path)
        {
            int[] shape = [_rows, 4, length];
            List<KeyValuePair<string, NumpyArray>> arrays =
            [
                new("ref_ohe", new NumpyArray([.. _referenceInputs.SelectMany(a => a)], shape)),
                new("alt_ohe", new NumpyArray([.. _alternativeInputs.SelectMany(a => a)], shape)),
                new("ref_scores", new NumpyArray([.. _referenceScores.SelectMany(a => a)], shape)),
                new("alt_scores", new NumpyArray([.. _alternativeScores.SelectMany(a => a)], shape)),
            ];
            if (_referenceHypothetical.Count > 0)
            {
                arrays.Add(new("ref_hypothetical", new NumpyArray([.. _referenceHypothetical.SelectMany(a => a)], shape)));
                arrays.Add(new("alt_hypothetical", new NumpyArray([.. _alternativeHypothetical.SelectMany(a => a)], shape)));
            }

            NpzFile.Write(path, arrays, compress: true);
        }
    }

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
        var attribute = new Option<string?>("--attribute") { Description = "Also attribute the model's output on both windows of every allele: saliency, gradxinput, ig, deeplift or ism. Needs --attributions; not with --shard." };
        attribute.AcceptOnlyFromAmong("saliency", "gradxinput", "ig", "deeplift", "ism");
        var attributions = new Option<FileInfo?>("--attributions") { Description = "With --attribute: a compressed NumPy archive, one row per table row, channels-first float32: ref_ohe, alt_ohe (N, 4, L), ref_scores, alt_scores (N, 4, L) and, when the method gives them, ref_hypothetical, alt_hypothetical." };
        var explained = new Option<string?>("--target") { Description = "With --attribute: the output to explain (0-based index, name, or 'all' for their sum). Default: output 0." };
        var references = new Option<int>("--references") { Description = "With --attribute deeplift: dinucleotide-shuffled references per window.", DefaultValueFactory = _ => 20 };
        var shardOptions = new ShardOptions("VCF's records");
        var command = new Command("variants", "Score the variants of a VCF on a genome: reference and alternative predictions, their difference and log2 ratio.")
        {
            fasta, vcf, output, raw, chunk, skipMismatch, passOnly, pseudocount, attribute, attributions, explained, references,
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

            if ((result.GetValue(attribute) is null) != (result.GetValue(attributions) is null))
            {
                throw new CliArgumentException(result.GetValue(attribute) is null ? "--attributions" : "--attribute", "--attribute METHOD and --attributions FILE.npz go together.");
            }

            if (result.GetValue(attribute) is not null && !shard.IsWhole)
            {
                throw new CliArgumentException("--attribute", "attributions of both alleles are written by a single run, not by shards.");
            }

            if (result.GetValue(references) < 1)
            {
                throw new CliArgumentException("--references", "must be at least 1.");
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
                var progress = console.Progress();
                var readOptions = new VcfReadOptions { SkipReferenceMismatches = result.GetValue(skipMismatch), PassOnly = result.GetValue(passOnly) };
                VariantTable OpenTable(Stream stream, bool header) => VariantTable.Open(stream, target, net.Output.TargetNames, result.GetValue(pseudocount), settings, header);
                if (shard.IsWhole)
                {
                    var allelesAttributed = result.GetValue(attribute) is { } method
                        ? new AlleleAttributions(first => AttributeCommand.CreateEngine(method, result.GetValue(references), 50, common.SeedValue(result), first), AttributeCommand.ParseTarget(result.GetValue(explained), net), genome, length)
                        : null;
                    AtomicFile.Write(target, stream =>
                    {
                        using var table = OpenTable(stream, true);
                        var variants = VcfReader.Read(result.GetValue(vcf)!.FullName, genome, readOptions, read);
                        foreach (var finished in scorer.RunChunks(net, genome, variants, scored, context, progress, ct))
                        {
                            table.Write(finished.Scores);
                            allelesAttributed?.Add(net, finished.Scores, context, ct);
                        }

                        settings["genomics.records"] = read.Records.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.alleles_scored"] = scored.Scored.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.symbolic_skipped"] = read.SymbolicSkipped.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.ref_mismatches_skipped"] = read.ReferenceMismatches.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.filtered_out"] = read.FilteredOut.ToString(CultureInfo.InvariantCulture);
                        settings["genomics.near_chromosome_end_skipped"] = scored.NearChromosomeEnd.ToString(CultureInfo.InvariantCulture);
                        table.Complete(settings);
                    });
                    if (allelesAttributed is not null)
                    {
                        var archive = result.GetValue(attributions)!.FullName;
                        allelesAttributed.Write(archive);
                        console.Info($"Attributions of both windows of {scored.Scored} allele(s) written to {archive}");
                    }
                }
                else
                {
                    using var output = ShardOutputs.Start(console, target, shard, job, OpenTable);
                    if (output is null)
                    {
                        return ExitCodes.Success;
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

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Genomics.Interpret.Asmm;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics asmm</c>: motif autonomy and sequence-context synergy scores (DeepASMM) for a saved model.</summary>
internal static class AsmmCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var models = new ModelArgument("A checkpoint of a one-hot DNA model (written by 'genomics train' or ModelCatalog.Save), or a Keras full-model .h5 file (model.save) of a sequential CNN.");
        var input = new Option<FileInfo>("--input", "-i") { Description = "DeepASMM's input table of true-positive samples (Seqs,Labels; CSV/TSV/TXT, optionally .gz).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Result CSV with DeepASMM's columns (written atomically).", Required = true };
        var k = new Option<int>("-k", "--motif-length") { Description = "k-mer length of the candidate motifs.", DefaultValueFactory = _ => 8 };
        var minCount = new Option<int>("--min-count") { Description = "Keep candidates occurring at least this many times in the background.", DefaultValueFactory = _ => 10 };
        var motifs = new Option<FileInfo?>("--motifs") { Description = "Score database motifs (MEME/JASPAR/Chen/consensus CSV) located by FIMO-style scanning instead of k-mers." };
        var scanThreshold = new Option<double>("--scan-thresh") { Description = "p-value threshold of motif sites when --motifs is given.", DefaultValueFactory = _ => 1e-4 };
        var top = new Option<double>("--top-fraction") { Description = "Fraction of the largest per-occurrence changes averaged into each score.", DefaultValueFactory = _ => 0.1 };
        var target = new Option<int?>("--target") { Description = "Score one model output (0-based) instead of all of them." };
        var algorithm = new Option<EvaluationAlgorithm>("--algorithm")
        {
            Description = "How perturbations are evaluated: Auto (local edits when the model has a convolutional trunk, else full forward passes), Full or LocalEdits (the earlier names Naive and Fast are accepted).",
            DefaultValueFactory = _ => EvaluationAlgorithm.Auto,
            CustomParser = ParseAlgorithm,
        };
        var original = new Option<bool>("--original") { Description = "Reproduce the original DeepASMM's synergy score (its reference row and occurrence order quirks) instead of the intended behaviour." };
        var processors = new Option<int>("--num-processor") { Description = "With --original: the original's num_processor, which decides the sample indices its synergy step uses (its locator numbers samples within slices of ceil(N / p)).", DefaultValueFactory = _ => 8 };
        var shardOptions = new ShardOptions("candidate motifs");
        var command = new Command("asmm", "Score candidate motifs by autonomy (motif alone in an empty input) and context synergy (motif erased from its context) over a model's outputs.")
        {
            input, output, k, minCount, motifs, scanThreshold, top, target, algorithm, original, processors,
        };
        shardOptions.AddTo(command);
        common.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--model", result.GetValue(models.Model)), ("--input", result.GetValue(input)), ("--motifs", result.GetValue(motifs))]);
            var shard = shardOptions.Resolve(result);
            var blocksGiven = result.GetResult(shardOptions.BlockSize) is { Implicit: false };
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            return Task.FromResult(models.Run(result, net =>
            {
                var background = AsmmBackground.FromTable(AsmmTableReader.Read(result.GetValue(input)!.FullName));
                var options = (result.GetValue(original) ? DeepAsmmOptions.Original : DeepAsmmOptions.Default) with
                {
                    TopFraction = result.GetValue(top),
                    Target = result.GetValue(target),
                    Algorithm = result.GetValue(algorithm),
                    LocatorProcessors = result.GetValue(processors),
                };
                var engine = new DeepAsmm(options.Validate());
                IMotifCandidateSource source = result.GetValue(motifs) is { } motifFile
                    ? new PwmCandidateSource(MotifFile.Read(motifFile.FullName), new MotifScanOptions { PValueThreshold = result.GetValue(scanThreshold) }, result.GetValue(minCount))
                    : new KmerCandidateSource(result.GetValue(k), result.GetValue(minCount));
                var path = result.GetValue(output)!.FullName;
                DeepAsmmResult scores;
                if (shard.IsWhole && !blocksGiven)
                {
                    scores = engine.Run(net, background, source, context, console.Progress(), ct);
                }
                else
                {
                    // Raw scores block by block (a candidate's raw scores depend only on the candidate), then the final
                    // scores over all candidates: the same bytes whether the blocks run in one process or in shards.
                    if (options.SynergyReference == SynergyReference.ChunkRow && shard.BlockSize % options.MotifsPerChunk != 0)
                    {
                        throw new CliArgumentException("--block-size", $"with --original, blocks must hold a multiple of the original's {options.MotifsPerChunk} motifs per chunk, so that its synergy reference rows stay those of one run.");
                    }

                    var candidates = source.Locate(background, ct);
                    IEnumerable<(int First, DeepAsmmResult Raw)> Blocks(long after) =>
                        Enumerable.Range(0, (candidates.Count + shard.BlockSize - 1) / shard.BlockSize).Where(b => shard.Owns((long)b * shard.BlockSize) && (long)b * shard.BlockSize > after)
                            .Select(b => (b * shard.BlockSize, Math.Min(shard.BlockSize, candidates.Count - (b * shard.BlockSize))))
                            .Select(r => (r.Item1, engine.Run(net, background, candidates.Select(Enumerable.Range(r.Item1, r.Item2).ToList()), context, console.Progress(), ct)));
                    if (!shard.IsWhole)
                    {
                        var shardPath = shard.PathFor(path);
                        var job = new List<KeyValuePair<string, string>>
                        {
                            new("genomics.command", "asmm"),
                            new("genomics.version", typeof(DeepAsmm).Assembly.GetName().Version?.ToString() ?? "unknown"),
                            new("genomics.model", result.GetValue(models.Model)!.FullName),
                            new("genomics.model_sha256", ShardManifest.Hash(result.GetValue(models.Model)!.FullName)),
                            new("genomics.input", result.GetValue(input)!.FullName),
                            new("genomics.input_sha256", ShardManifest.Hash(result.GetValue(input)!.FullName)),
                            new("genomics.candidates", result.GetValue(motifs) is { } m ? $"{m.FullName} p<{result.GetValue(scanThreshold).ToString("R", CultureInfo.InvariantCulture)}" : $"k={result.GetValue(k).ToString(CultureInfo.InvariantCulture)}"),
                            new("genomics.min_count", result.GetValue(minCount).ToString(CultureInfo.InvariantCulture)),
                            new("genomics.options", options.ToString()),
                            new("genomics.block_size", shard.BlockSize.ToString(CultureInfo.InvariantCulture)),
                        };
                        using var sharded = ShardOutputs.Start(console, shardPath, shard, job, (stream, withHeader) => new TextTableWriter(stream, shardPath, withHeader ? string.Join(',', DeepAsmmResult.Columns) : null));
                        if (sharded is null)
                        {
                            return ExitCodes.Success;
                        }

                        foreach (var (first, raw) in Blocks(sharded.ResumeAfterRecord))
                        {
                            sharded.Write(Enumerable.Range(first, raw.Motifs.Count).Select(i => (long)i).ToList(), table => table.Write(raw.Motifs.Select(DeepAsmmResult.CsvRow)), (first + raw.Motifs.Count - 1, 0));
                        }

                        var rows = sharded.Complete();
                        console.Info($"Raw scores of {rows} of {candidates.Count} candidate(s) (shard {shard.Index}/{shard.Count}) written to {shardPath}; 'genomics merge -o {path}' builds the final scores over every shard.");
                        return ExitCodes.Success;
                    }

                    var all = Blocks(-1).SelectMany(b => b.Raw.Motifs).ToList();
                    scores = DeepAsmmResult.FromRawScores([.. all.Select(m => m.Motif)], [.. all.Select(m => m.Count)], [.. all.Select(m => m.AutonomyRaw)], [.. all.Select(m => m.SynergyRaw)]);
                }

                scores.WriteCsv(path);
                console.Info(string.Create(CultureInfo.InvariantCulture, $"{scores.Motifs.Count} motif(s) scored over {background.Count} sample(s); written to {path}"));
                foreach (var m in scores.RankedByAutonomy().Take(5))
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Motif}\tcount {m.Count}\tautonomy {m.Autonomy:G4}\tsynergy {m.Synergy:G4}"));
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

    /// <summary>Parses an evaluation algorithm, case-insensitively, accepting the earlier names Naive (Full) and Fast (LocalEdits).</summary>
    /// <param name="value">The word given on the command line.</param>
    /// <returns>The algorithm, or null when the word names none.</returns>
    internal static EvaluationAlgorithm? ParseAlgorithm(string value) => value.Trim().ToUpperInvariant() switch
    {
        "AUTO" => EvaluationAlgorithm.Auto,
        "FULL" or "NAIVE" => EvaluationAlgorithm.Full,
        "LOCALEDITS" or "LOCAL-EDITS" or "FAST" => EvaluationAlgorithm.LocalEdits,
        _ => null,
    };

    private static EvaluationAlgorithm ParseAlgorithm(ArgumentResult result)
    {
        var word = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (ParseAlgorithm(word) is { } algorithm)
        {
            return algorithm;
        }

        result.AddError($"'{word}' is not an evaluation algorithm of --algorithm: use Auto, Full or LocalEdits (or the earlier Naive or Fast).");
        return EvaluationAlgorithm.Auto;
    }
}

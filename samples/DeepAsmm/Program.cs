// DeepAsmm: DeepASMM's motif autonomy (AF) and sequence-context synergy (SCS) scores for every k-mer seen at least
// --min-count times in a DeepASMM input table, scored with a Basset-class model.
//
// Without --train: the first --sequences of the 200 shipped sequences of DeepASMM's Basset demo table, scored with the
// published Basset architecture, untrained (seeded): the point is the pipeline.
//
// With --train: the whole table (--table, e.g. the demo's 1,497 positives of Basset target 0) is the positive class and
// one dinucleotide shuffle of each sequence the negative class; a reduced Basset (--filters per convolution, one hidden
// layer of --hidden units, one output) is trained with Adam on a random 80 % of the pairs (seed 1) for --epochs epochs,
// keeping the epoch with the best AUROC on the held-out 20 %. DeepASMM then runs like the original's demo (k = 8,
// top_r 0.1, min_top_r_num 30, min_motif_count 10, all outputs: here the one output) on all positives, with the
// intended synergy score (--original: the original's quirks, num_processor 8), and the rank plot of the two final
// scores is drawn (asmm-ranks.svg).
// --plot CSV redraws the rank plot from a written output.csv.
//
// Writes output.csv with the original tool's columns and prints the top motifs by AF and by SCS.
//
//   dotnet run --project samples/DeepAsmm -c Release [-- --device cpu|auto|cuda] [--threads N] [--k 8] [--sequences 100] [--min-count 20]
//       [--out DIR]
//   dotnet run --project samples/DeepAsmm -c Release -- --train --table basset_8988T.csv [--epochs 10] [--filters 64] [--hidden 64]
//       [--min-count 10] [--original] [--batch 128] [--out DIR]
//   dotnet run --project samples/DeepAsmm -c Release -- --plot DIR/output.csv [--out DIR]
using System.Diagnostics;
using System.Globalization;
using Genomics.Interpret.Asmm;
using Genomics.Interpret.Plots;
using Genomics.Interpret.References;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.Evaluation;
using Genomics.Models.Training;
using TorchSharp;

const long seed = 1;   // initialisation, training order and every engine left without a seed of its own
var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, CultureInfo.InvariantCulture) : null, Seed = seed, BatchSize = int.Parse(Option(args, "--batch") ?? "128", CultureInfo.InvariantCulture) };
var train = args.Contains("--train");
var k = int.Parse(Option(args, "--k") ?? "8", CultureInfo.InvariantCulture);
var minCount = int.Parse(Option(args, "--min-count") ?? (train ? "10" : "20"), CultureInfo.InvariantCulture);
var sequences = int.Parse(Option(args, "--sequences") ?? (train ? int.MaxValue.ToString(CultureInfo.InvariantCulture) : "100"), CultureInfo.InvariantCulture);
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-deepasmm")).FullName;

if (Option(args, "--plot") is { } recorded)
{
    var scores = DeepAsmmResult.ReadCsv(recorded);
    Console.WriteLine($"{scores.Motifs.Count} motifs from {recorded}");
    Report(scores);
    DrawRanks(scores, Path.Combine(outDir, "asmm-ranks.svg"));
    return 0;
}

var tablePath = Option(args, "--table") ?? Path.Combine(AppContext.BaseDirectory, "data", "basset_8988T_200.csv");
var table = AsmmTableReader.Read(tablePath);
var background = AsmmBackground.FromTable(table).Subset(Enumerable.Range(0, Math.Min(sequences, table.Records.Count)).ToArray());
Console.WriteLine($"Background: {background.Count} sequences of {background.TotalLength} bp from {Path.GetFileName(tablePath)}");

BassetModel model;
if (train)
{
    model = Train(table.Records.Take(background.Count).Select(r => r.Sequences[0]).ToList());
}
else
{
    using (new TorchSeedScope(seed))
    {
        model = new BassetModel(BassetOptions.Published);
    }
}

var options = args.Contains("--original") ? DeepAsmmOptions.Original : DeepAsmmOptions.Default;
Console.WriteLine($"DeepASMM: k = {k}, min count {minCount}, top fraction {options.TopFraction}, min top count {options.MinimumTopCount}, all {model.Output.Targets} output(s), synergy reference {options.SynergyReference}, selection {options.SynergySelection}" + (options.SynergyReference == SynergyReference.ChunkRow ? $", {options.MotifsPerChunk} motifs per chunk, num_processor {options.LocatorProcessors}" : ""));
var clock = Stopwatch.StartNew();
var lastTenth = new Dictionary<string, long>();
var progress = new Progress<OperationProgress>(p =>
{
    // One line per stage and tenth of the way, for long runs.
    var tenth = p.Total > 0 ? p.Completed * 10 / p.Total : 0;
    if (train && (!lastTenth.TryGetValue(p.Stage, out var last) || tenth > last))
    {
        lastTenth[p.Stage] = tenth;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Stage}: {p.Completed}/{p.Total} ({clock.Elapsed.TotalMinutes:F1} min)"));
    }
});
var result = new DeepAsmm(options).Run(model, background, motifLength: k, minimumCount: minCount, context: context, progress: progress);
var csv = Path.Combine(outDir, "output.csv");
result.WriteCsv(csv);
Console.WriteLine($"{result.Motifs.Count} {k}-mers with at least {minCount} occurrences ({result.Motifs.Min(m => m.Count)}…{result.Motifs.Max(m => m.Count)}), scored in {clock.Elapsed.TotalMinutes:F1} min; table: {csv}");
if (train)
{
    Report(result);
    DrawRanks(result, Path.Combine(outDir, "asmm-ranks.svg"));
}
else
{
    Console.WriteLine("Top by autonomous functionality:  " + string.Join("  ", result.RankedByAutonomy().Take(5).Select(m => $"{m.Motif} ({m.Count}) {m.Autonomy:F3}")));
    Console.WriteLine("Top by sequence-context synergy:  " + string.Join("  ", result.RankedBySynergy().Take(5).Select(m => $"{m.Motif} ({m.Count}) {m.Synergy:F3}")));
}

model.Dispose();
return 0;

// Positives against one dinucleotide shuffle each; pairs split 80/20 at random; the best held-out AUROC is kept.
BassetModel Train(List<string> positives)
{
    var epochs = int.Parse(Option(args, "--epochs") ?? "10", CultureInfo.InvariantCulture);
    var filters = int.Parse(Option(args, "--filters") ?? "64", CultureInfo.InvariantCulture);
    var hidden = int.Parse(Option(args, "--hidden") ?? "64", CultureInfo.InvariantCulture);
    var n = positives.Count;
    using var pos = OneHotEncoder.Encode(positives);
    using var shuffled = new DinucleotideShuffle().Generate(pos, 1, seed);
    using var neg = shuffled.reshape(pos.shape);
    var order = Enumerable.Range(0, n).ToArray();
    new Random((int)seed).Shuffle(order);
    var cut = n * 4 / 5;
    (TrainingSet Set, int Count) Split(int[] pairs)
    {
        using var index = torch.tensor(pairs.Select(i => (long)i).ToArray());
        using var p = pos.index_select(0, index);
        using var q = neg.index_select(0, index);
        var x = torch.cat([p, q], 0);
        var y = torch.cat([torch.ones(pairs.Length, 1), torch.zeros(pairs.Length, 1)], 0);
        return (new TrainingSet(x, y), pairs.Length);
    }

    var (trainSet, trainPairs) = Split(order[..cut]);
    var (validSet, validPairs) = Split(order[cut..]);
    var basset = BassetOptions.Published with { ConvFilters = [filters, filters, filters], HiddenUnits = [hidden], HiddenDropouts = [0.3], Targets = 1 };
    Console.WriteLine($"Training: {trainPairs} positives + {trainPairs} dinucleotide shuffles; held out: {validPairs} + {validPairs}; Basset convolutions {filters}/{filters}/{filters} (widths 19/11/7, pools 3/4/4), hidden {hidden}, 1 output; Adam 1e-3, batch 64, {epochs} epochs, seed {seed}");
    BassetModel trained;
    using (new TorchSeedScope(seed))
    {
        trained = new BassetModel(basset);
    }

    Console.WriteLine($"  {trained.parameters().Sum(p => p.numel())} parameters");
    var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Optimizer = OptimizerOptions.Adam(1e-3), Epochs = epochs, BatchSize = 64, Monitor = ValidationMetric.Auroc, RestoreBestWeights = true, Seed = seed }, context);
    var clock = Stopwatch.StartNew();
    trainer.EpochCompleted += (_, e) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {e.Epoch}: training loss {e.TrainingLoss:F3}, held-out AUROC {e.ValidationMetric:F3} ({clock.Elapsed.TotalMinutes:F1} min)"));
    trainer.Train(trained, trainSet, validSet);
    using var logits = new BatchedPredictor(context).Predict(trained, validSet.Inputs);
    var scores = logits.to(torch.float64).data<double>().ToArray();
    var labels = Enumerable.Range(0, 2 * validPairs).Select(i => i < validPairs).ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out AUROC of the kept model: {Metrics.Auroc(scores, labels):F4}"));
    return trained;
}

// The top 10 by each score, and where the k-mers the original's demo puts on top (spec §1.5) rank here.
void Report(DeepAsmmResult scores)
{
    Print("final autonomous functionality", scores.RankedByAutonomy().Take(10).ToList());
    Print("final sequence-context synergy", scores.RankedBySynergy().Take(10).ToList());
    var byRawAf = scores.Motifs.OrderByDescending(m => m.AutonomyRaw).ToList();
    Print("raw autonomous functionality", byRawAf.Take(10).ToList());
    var byAf = scores.RankedByAutonomy().ToList();
    var byScs = scores.RankedBySynergy().ToList();
    Console.WriteLine($"Ranks (1 = top, of {scores.Motifs.Count}) of the original demo's top k-mers:");
    foreach (var motif in new[] { "CCCCGCCC", "GGGGCGGG", "GGGCGGGG", "CCCGCCCC", "TGAGTCAC", "GTGACTCA", "ATGAGTCA", "TGACTCAT", "CCAGCTGC", "CAGCTGCT", "CCACCTCC" })
    {
        var at = byAf.FindIndex(m => m.Motif == motif);
        Console.WriteLine(at < 0
            ? $"  {motif}  not a candidate"
            : $"  {motif}  count {byAf[at].Count,3}  final AF #{at + 1}  raw AF #{byRawAf.FindIndex(m => m.Motif == motif) + 1}  final SCS #{byScs.FindIndex(m => m.Motif == motif) + 1}");
    }
}

void Print(string what, IReadOnlyList<AsmmMotifScore> motifs)
{
    Console.WriteLine($"Top 10 by {what}:");
    foreach (var m in motifs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Motif}  count {m.Count,3}  final AF {m.Autonomy:F4}  final SCS {m.Synergy:F4}  raw AF {m.AutonomyRaw:G4}  raw SCS {m.SynergyRaw:G4}"));
    }
}

void DrawRanks(DeepAsmmResult scores, string path)
{
    var plot = AsmmRankPlot.Draw(scores, new AsmmRankPlotOptions { Seed = (int)seed });
    plot.Image.Save(path);
    plot.Image.Save(Path.ChangeExtension(path, ".png"));
    var all = Metrics.Spearman(scores.Motifs.Select(m => m.Autonomy).ToArray(), scores.Motifs.Select(m => m.Synergy).ToArray());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Spearman rho(final AF, final SCS) = {all:F4} over all {scores.Motifs.Count} motifs; {plot.Rho:F4} (p = {plot.PValue:G3}) over the {plot.Points} plotted; least-squares line y = {plot.Slope:F3} x + {plot.Intercept:F3}; plot: {path}"));
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// DeepAsmm: DeepASMM's motif autonomy (AF) and sequence-context synergy (SCS) scores for every 8-mer seen at least
// --min-count times in the first --sequences of the 200 shipped sequences of DeepASMM's Basset demo table, scored
// with the Basset architecture. The model is untrained (published sizes, seeded): the point is the pipeline; pass a
// trained model for meaningful scores.
// Writes output.csv with the original tool's columns and prints the top motifs by AF and by SCS.
//
//   dotnet run --project samples/DeepAsmm -c Release [-- --device cpu|auto|cuda] [--threads N] [--k 8] [--sequences 100] [--min-count 20]
//       [--out DIR]
// (the original's demo setting is --min-count 10 on all 1,497 sequences: hours on a CPU, minutes on a GPU)
using System.Globalization;
using Genomics.Interpret.Asmm;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using Genomics.Models.Training;

const long seed = 1;   // initialisation, training order and every engine left without a seed of its own
var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : null, Seed = seed, BatchSize = 128 };
var k = int.Parse(Option(args, "--k") ?? "8", CultureInfo.InvariantCulture);
var minCount = int.Parse(Option(args, "--min-count") ?? "20", CultureInfo.InvariantCulture);
var sequences = int.Parse(Option(args, "--sequences") ?? "100", CultureInfo.InvariantCulture);
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-deepasmm")).FullName;

var table = AsmmTableReader.Read(Path.Combine(AppContext.BaseDirectory, "data", "basset_8988T_200.csv"));
var background = AsmmBackground.FromTable(table).Subset(Enumerable.Range(0, Math.Min(sequences, table.Records.Count)).ToArray());
Console.WriteLine($"Background: {background.Count} sequences of {background.TotalLength} bp");

BassetModel model;
using (new TorchSeedScope(seed))
{
    model = new BassetModel(BassetOptions.Published);
}

var result = new DeepAsmm(DeepAsmmOptions.Default).Run(model, background, motifLength: k, minimumCount: minCount, context: context);
var csv = Path.Combine(outDir, "output.csv");
result.WriteCsv(csv);
Console.WriteLine($"{result.Motifs.Count} {k}-mers with at least {minCount} occurrences; table: {csv}");
Console.WriteLine("Top by autonomous functionality:  " + string.Join("  ", result.RankedByAutonomy().Take(5).Select(m => $"{m.Motif} ({m.Count}) {m.Autonomy:F3}")));
Console.WriteLine("Top by sequence-context synergy:  " + string.Join("  ", result.RankedBySynergy().Take(5).Select(m => $"{m.Motif} ({m.Count}) {m.Synergy:F3}")));
model.Dispose();
return 0;

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

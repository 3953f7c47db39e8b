// DeepDifEDemo: DeepDifE's published interpretation demo (notebooks/tfmodisco_tutorial.ipynb) on the original data.
// 1. The published ABA model (model_single.json + weights_single.h5) in its conjoined form: forward and reverse-complement
//    one-hot inputs, output the mean of both sigmoid outputs.
// 2. DeepLIFT-SHAP with DeepExplainer's semantics on the first 101 promoters of example.fasta_c1 and of example.fasta_c2
//    (202 sequences, 620 nt, N as all-zero columns), references = the 100 background promoters of
//    background_100samples.pkl (forward and reverse complement, each padded with its own 10 + 10 random bases to 620),
//    one attribution map per input strand.
// 3. TF-MoDISco-lite on the forward maps used as hypothetical contributions (the demo's quirk: contributions = SHAP ⊙
//    one-hot), min_metacluster_size 2, tfmodisco-lite's other defaults.
// 4. Report: trimming (Σ|CWM| ≥ 0.3 × max), TOMTOM against the plant motif database (-no-ssc -min-overlap 5 -dist
//    pearson -evalue -thresh 10), top 3 matches, and a comparison with the published report's 15 TOMTOM tables.
//
//   dotnet run --project samples/DeepDifEDemo -c Release [-- --data DIR] [--out DIR] [--per-file N] [--threads N] [--device cpu|cuda]
// DIR holds the DeepDifE files (default: ../shared/data/deepdife beside the repository root); writes patterns.tsv,
// comparison.tsv and report.html to --out (default: a temporary folder). A recorded run (stdout, patterns.tsv,
// comparison.tsv) is in samples/DeepDifEDemo/recorded/; docs/results.md discusses it.
using System.Diagnostics;
using System.Globalization;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Plots;
using Genomics.Interpret.References;
using Genomics.Interpret.Seqlets;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Augmentation;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using TorchSharp;

var dataDir = Option(args, "--data") ?? FindSharedData() ?? throw new ArgumentException("Pass --data DIR: the folder with DeepDifE's published files (model_single.json, weights_single.h5, background_100samples.pkl, example.fasta_c1/_c2, the .meme database and report_tomtom/).");
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-deepdife-demo")).FullName;
var perFile = int.Parse(Option(args, "--per-file") ?? "101", CultureInfo.InvariantCulture);
var context = new ComputeContext
{
    Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"),
    Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, CultureInfo.InvariantCulture) : null,
    Seed = 1234,
    BatchSize = 400,   // 2 examples × 100 references × [input; reference] per batch (about 2 GB)
};
string Data(string name) => Path.Combine(dataDir, name);

// 1. The published model, conjoined: (N, 8, 620) = forward one-hot stacked with the reverse-complement one-hot.
using var model = DeepDifEModel.FromKeras(Data("model_single.json"), Data("weights_single.h5"));
var conjoined = new ConjoinedStrands(model, averageProbabilities: true);
var length = model.Input.Length ?? 620;

// 2. The demo's sequences: the first 101 records of each FASTA chunk (the notebook breaks at index > 100).
var records = new[] { "example.fasta_c1", "example.fasta_c2" }.SelectMany(f => FastaReader.Read(Data(f)).Take(perFile)).ToList();
if (records.Any(r => r.Sequence.Length != length))
{
    throw new InvalidDataException($"Every demo sequence must be {length} nt; {records.First(r => r.Sequence.Length != length).Id} is not.");
}

using var forward = OneHotEncoder.Encode(records.Select(r => r.Sequence).ToList());
using var explained = ConjoinedStrands.StackWithReverseComplement(forward);

// The background pickle holds 100 unpadded 600-nt promoters and their exact reverse complements; DeepDifE pads each
// strand separately with 10 + 10 random bases (EvoAug's _pad_end, unseeded there). Seeds 1234 and 1235 here.
var background = DeepDifEBackground.Read(Data("background_100samples.pkl"));
var padding = new RandomPadding(length - background.Length);
using var backgroundForward = background.ForwardTensor();
using var backgroundReverse = background.ReverseComplementTensor();
using var paddedForward = padding.ApplyForEvaluation(backgroundForward, 1234);
using var paddedReverse = padding.ApplyForEvaluation(backgroundReverse, 1235);
using var references = ConjoinedStrands.Stack(paddedForward, paddedReverse);

using (torch.no_grad())
{
    using var predictions = conjoined.Evaluate(explained);
    using var backgroundPredictions = conjoined.Evaluate(references);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"model: {records.Count} sequences, mean conjoined probability {predictions.mean().item<float>():F4} ({predictions.gt(0.5).sum().item<long>()} above 0.5); background mean {backgroundPredictions.mean().item<float>():F4}"));
}

var deepLift = new DeepLiftShap(new DeepLiftShapOptions { References = background.Count, ReferenceGenerator = new BackgroundReferences(references) });
var clock = Stopwatch.StartNew();
using var shap = deepLift.Attribute(conjoined, explained, AttributionTarget.Output(0), context);
clock.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"DeepLIFT-SHAP: {records.Count} sequences x {background.Count} background references, two strands; largest convergence delta {shap.MaxConvergenceDelta:G2}; {clock.Elapsed.TotalSeconds:F0} s"));

// 3. TF-MoDISco-lite on the forward maps (channels 0-3), treated as hypothetical contributions as the demo does.
using var forwardShap = shap.Scores.narrow(1, 0, 4);
var hypothetical = SeqletArrays.FromTensor(forwardShap);
var oneHot = SeqletArrays.FromTensor(forward);
var modiscoOptions = new ModiscoOptions
{
    MinMetaclusterSize = 2,
    FinalMinClusterSize = 20,            // tfmodisco-lite's final_min_cluster_size
    RedundantPatternSimilarity = null,   // tfmodisco-lite folds no redundant patterns
    ReassignSeqlets = false,             // nor reassigns uncovered seqlets
    Seed = 1234,
};
clock.Restart();
var modisco = new TfModisco(modiscoOptions).Run(SeqletArrays.TimesOneHot(hypothetical, oneHot), hypothetical, oneHot, context);
clock.Stop();
var positiveSeqlets = modisco.SeqletCall.Seqlets.Count(s => s.Score > 0);
var negativeSeqlets = modisco.SeqletCall.Seqlets.Count(s => s.Score < 0);
// tfmodisco-lite prints its metacluster sizes ("Using N positive seqlets"), split by the sign of each seqlet's core
// window (flanks cut): the window scores here. The port's metaclusters split by the total over the whole seqlet.
var metaclusters = modisco.Diagnostic?.Metaclusters ?? [];
var positiveMeta = metaclusters.Where(m => m.Name.StartsWith("pos", StringComparison.Ordinal)).Sum(m => m.Seqlets);
var negativeMeta = metaclusters.Where(m => m.Name.StartsWith("neg", StringComparison.Ordinal)).Sum(m => m.Seqlets);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"TF-MoDISco-lite: {modisco.SeqletCall.Seqlets.Count} seqlets called ({positiveSeqlets} positive / {negativeSeqlets} negative window scores); metaclusters {positiveMeta} positive / {negativeMeta} negative seqlets -> {modisco.PositivePatterns.Count} positive / {modisco.NegativePatterns.Count} negative patterns; {clock.Elapsed.TotalSeconds:F0} s"));
Console.WriteLine("published run: metaclusters 633 positive / 722 negative seqlets -> 8 positive / 7 negative patterns");
foreach (var stage in metaclusters)
{
    Console.WriteLine($"  {stage}");
}

// 4. TOMTOM (the report's settings are ModiscoReportOptions' defaults), patterns.tsv, report.html.
var database = MemeMotifFormat.Read(Data("jaspar_cisbp_other_source_no_high_similarity_tfbs_annot.meme"));
var matches = ModiscoReport.Match(modisco, database, context: context);
var table = new List<string> { "pattern\tseqlets\tconsensus\ttrimmed_consensus\tmatches" };
foreach (var m in matches)
{
    var row = string.Create(CultureInfo.InvariantCulture,
        $"{m.Pattern.Name}\t{m.Pattern.Seqlets.Count}\t{m.Pattern.Probabilities.Consensus()}\t{m.Query.Probabilities.Consensus()}\t{string.Join(";", m.Matches.Select(x => $"{x.TargetId}={x.QValue:G3}"))}");
    table.Add(row);
    Console.WriteLine(row);
}

// Where the demo's ABRE/G-box family ranks for our top positive pattern (most seqlets) among all its TOMTOM matches.
var topPattern = modisco.PositivePatterns.OrderByDescending(p => p.Seqlets.Count).First();
var allMatches = ModiscoReport.Match(modisco, database, new ModiscoReportOptions { TopMatches = int.MaxValue }, context)
    .First(m => m.Pattern.Name == topPattern.Name).Matches;
foreach (var family in new[] { "bHLH", "bZIP" })
{
    var rank = allMatches.Select((x, i) => (x, i)).FirstOrDefault(t => Family(t.x.TargetId) == family);
    Console.WriteLine(rank.x is null
        ? $"top positive pattern {topPattern.Name}: no {family} match among its {allMatches.Count} TOMTOM matches"
        : string.Create(CultureInfo.InvariantCulture, $"top positive pattern {topPattern.Name}: best {family} match {rank.x.TargetId} at rank {rank.i + 1} of {allMatches.Count} (q = {rank.x.QValue:G3})"));
}

AtomicFile.WriteAllText(Path.Combine(outDir, "patterns.tsv"), string.Join("\n", table) + "\n");
ModiscoReport.Write(Path.Combine(outDir, "report.html"), modisco, database, context: context);

// Comparison with the published report: for every reference pattern, the motif families (database id suffix after the
// first '_', e.g. MA0552.2_bHLH -> bHLH) of its top 3 TOMTOM matches, against the families among our same-sign
// patterns' top 3 matches.
var ours = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
{
    ["pos"] = matches.Where(m => m.Pattern.Sign > 0).SelectMany(m => m.Matches.Select(x => Family(x.TargetId))).ToHashSet(StringComparer.Ordinal),
    ["neg"] = matches.Where(m => m.Pattern.Sign < 0).SelectMany(m => m.Matches.Select(x => Family(x.TargetId))).ToHashSet(StringComparer.Ordinal),
};
var comparison = new List<string> { "reference_pattern\treference_top3\treference_families\ttop_family_recovered\tany_family_recovered\tour_patterns_with_top_family" };
int withMatches = 0, topRecovered = 0, anyRecovered = 0;
var referenceDir = Path.Combine(dataDir, "report_tomtom");
foreach (var sign in new[] { "pos", "neg" })
{
    for (var i = 0; File.Exists(Path.Combine(referenceDir, $"{sign}_patterns.pattern_{i}.tomtom.tsv")); i++)
    {
        var name = $"{sign}_patterns.pattern_{i}";
        var top = File.ReadLines(Path.Combine(referenceDir, $"{name}.tomtom.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(c => c.Length >= 6 && c[1].Length > 0).Take(3)
            .Select(c => (Id: c[1], Q: double.Parse(c[5], CultureInfo.InvariantCulture))).ToList();
        var families = top.Select(t => Family(t.Id)).Distinct(StringComparer.Ordinal).ToList();
        var topHit = top.Count > 0 && ours[sign].Contains(Family(top[0].Id));
        var anyHit = families.Any(ours[sign].Contains);
        withMatches += top.Count > 0 ? 1 : 0;
        topRecovered += topHit ? 1 : 0;
        anyRecovered += anyHit ? 1 : 0;
        var carriers = top.Count == 0 ? [] : matches.Where(m => (m.Pattern.Sign > 0) == (sign == "pos") && m.Matches.Any(x => Family(x.TargetId) == Family(top[0].Id))).Select(m => m.Pattern.Name).ToList();
        comparison.Add(string.Create(CultureInfo.InvariantCulture,
            $"{name}\t{(top.Count == 0 ? "-" : string.Join(";", top.Select(t => $"{t.Id}={t.Q:G3}")))}\t{(families.Count == 0 ? "-" : string.Join(";", families))}\t{(topHit ? "yes" : "no")}\t{(anyHit ? "yes" : "no")}\t{(carriers.Count == 0 ? "-" : string.Join(";", carriers))}"));
    }
}

AtomicFile.WriteAllText(Path.Combine(outDir, "comparison.tsv"), string.Join("\n", comparison) + "\n");
Console.WriteLine();
comparison.ForEach(Console.WriteLine);
var total = comparison.Count - 1;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"reference patterns: {total} ({withMatches} with TOMTOM matches); top-match family among our same-sign top-3 families: {topRecovered}; any of their top-3 families: {anyRecovered}"));
Console.WriteLine($"report and tables in {outDir}");
return 0;

static string Family(string id)
{
    var cut = id.IndexOf('_', StringComparison.Ordinal);
    return cut < 0 ? id : id[(cut + 1)..];
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// ../shared/data/deepdife beside the repository root (the folder holding Genomics.sln), searched from the working
// directory and from the program's folder.
static string? FindSharedData()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Genomics.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "deepdife"));
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
    }

    return null;
}

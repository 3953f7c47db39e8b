// NeuronMotif: neuron-level motifs of NeuronMotif's demo 2 model (82 bp, five convolutions, trained to detect two
// CTCF sites at a fixed spacing). Samples and demixes one second-layer neuron at a reduced setting, matches its modes
// to a JASPAR subset plus the simulation CTCF PWM (TOMTOM), classifies the output neuron's contribution on generated
// sequences, tests the CTCF-CTCF pair for epistasis, and draws the modes' logos.
//
//   dotnet run --project samples/NeuronMotif -c Release [-- --device cpu|auto|cuda] [--threads N] [--layer conv2] [--neuron 1]
//       [--population 300] [--out DIR]      (published setting: --population 1000 and every neuron of the layer)
using System.Globalization;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using Genomics.Interpret.Plots;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;

var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : null, Seed = 1, BatchSize = 512 };
var layer = Option(args, "--layer") ?? "conv2";
var neuron = int.Parse(Option(args, "--neuron") ?? "1", CultureInfo.InvariantCulture);
var population = int.Parse(Option(args, "--population") ?? "300", CultureInfo.InvariantCulture);
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-neuronmotif")).FullName;
var data = Path.Combine(AppContext.BaseDirectory, "data");

using var model = NeuronMotifDemoModel.FromKeras(Path.Combine(data, "demo2-weight.hdf5"));
var network = NeuronNetwork.FromModel(model, context);
Console.WriteLine(string.Join("; ", network.Layers.Select(l => $"{l.Name}: {l.Channels} neurons, RF {l.ReceptiveField}")));

// 1. Sampling and demixing (reduced: smaller population, 60 windows per activation bin, 3 k-means restarts).
var sampling = new NeuronSamplingOptions { PopulationSize = population, SamplesPerBin = 60, Seed = 1 };
var result = new NeuronDemixer(network, new DemixingOptions { Restarts = 3, Seed = 1 }, sampling).Run(layer, [neuron])[0];
Console.WriteLine($"{layer} neuron {neuron}: {result.Samples.Sequences.Count} windows sampled over {result.Samples.Generations} generations, max activation {result.Samples.MaxActivation:F2}, {result.Modes.Count} modes");
foreach (var (mode, k) in result.Modes.Select((m, k) => (m, k)))
{
    Console.WriteLine($"  mode {k} ({mode.Path}): {mode.SampleCount} windows, max {mode.MaxActivation:F2}, {mode.Consensus()}");
    SequenceLogo.InformationContent(mode.Probabilities(), new LogoOptions { Title = $"{layer} neuron {neuron} mode {k}" }).Save(Path.Combine(outDir, $"{layer}-neuron{neuron}-mode{k}.svg"));
}

// 2. Match the modes (whole modes, both strands) to the JASPAR subset plus the simulation CTCF PWM.
var ctcfCounts = ReadCounts(Path.Combine(data, "demo2-ctcf-pwm.txt"));
var database = MemeMotifFormat.Read(Path.Combine(data, "jaspar2022-subset.meme")).Append(new Motif("PWM", PositionProbabilityMatrix.FromCounts(ctcfCounts), "simulated_CTCF")).ToList();
var matches = NeuronMotifMatching.Match([result], database, new TomtomComparer(new TomtomOptions { MinOverlap = 5 }), useSegments: false);
foreach (var m in matches.GroupBy(m => m.Mode).Select(g => g.MinBy(m => m.Match.PValue)!))
{
    Console.WriteLine($"  mode {m.Mode} best match: {m.Match.TargetName ?? m.Match.TargetId} (p = {m.Match.PValue:G2}, {m.Match.Orientation})");
}

// 3. Neuron contribution of the output neuron on generated sequences: positives hold two CTCF sites ~44 bp apart.
var ctcf = PositionProbabilityMatrix.FromCounts(ctcfCounts).Consensus();
var random = new Random(1);
var sequences = new List<string>();
var labels = new List<double>();
for (var i = 0; i < 600; i++)
{
    var bases = Enumerable.Range(0, 82).Select(_ => "ACGT"[random.Next(4)]).ToArray();
    if (i % 2 == 0)
    {
        var first = random.Next(0, 16);
        ctcf.CopyTo(0, bases, first, ctcf.Length);
        ctcf.CopyTo(0, bases, Math.Min(first + 44, 82 - ctcf.Length), ctcf.Length);
    }

    sequences.Add(new string(bases));
    labels.Add(i % 2 == 0 ? 1 : 0);
}

using var oneHot = OneHotEncoder.Encode(sequences);
var max = NeuronContributionAnalysis.EstimateMaxActivations(network, "conv5", oneHot, rounds: 5, windowsPerRound: 2_000, seed: 1);
foreach (var c in NeuronContributionAnalysis.Classify(network, "conv5", oneHot, labels, max))
{
    Console.WriteLine($"conv5 neuron {c.Neuron}: {c.Kind} (t = {c.Statistic:F2}, p = {c.PValue:G2}; {c.Activating} activating vs {c.Inactive} other sequences)");
}

// 4. Motif-pair epistasis on the output neuron: scramble either CTCF core, both or neither (fragments above half the
//    maximum activation; CombMotif uses 0.9 on real data with many more sequences).
var core = ctcf[4..14];
var pair = new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Seed = 1, FragmentThreshold = 0.5 }).Analyze("conv5", 0, max[0], sequences, [new MotifPair(core, core)]);
foreach (var e in pair)
{
    Console.WriteLine($"{e.Task} {e.Pair.MotifA}-{e.Pair.MotifB}: {e.Quadruples} quadruples, {e.Interaction} (p = {e.InteractionP:G2}; joint {e.MeanJoint:F3}, marginal {e.MeanMarginal:F3})");
}

Console.WriteLine($"Logos in {outDir}");
return 0;

static double[,] ReadCounts(string path)
{
    var rows = File.ReadAllLines(path).Where(l => l.Trim().Length > 0)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    var m = new double[4, rows[0].Length];
    for (var b = 0; b < 4; b++) { for (var j = 0; j < rows[0].Length; j++) { m[b, j] = rows[b][j]; } }
    return m;
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// DeepAllele: a paired-allele model (DeepAllele's residual CNN at tiny sizes) trained briefly on generated allele pairs
// in which an SNV that breaks a planted AP-1 site (TGACTCA) shifts the allelic ratio. Then allele-swap variant effects,
// the paired ISM maps, z-score seqlets, and attribution tracks and seqlet logos as SVG.
//
//   dotnet run --project samples/DeepAllele -c Release [-- --device cpu|auto|cuda] [--threads N] [--pairs N] [--epochs N] [--out DIR]
using System.Globalization;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Plots;
using Genomics.Interpret.Seqlets;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.Training;
using TorchSharp;

const long seed = 1;   // initialisation, training order and every engine left without a seed of its own
var context = new ComputeContext { Device = DevicePolicy.Parse(Option(args, "--device") ?? "cpu"), Threads = Option(args, "--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : null, Seed = seed, BatchSize = 256 };
var pairs = int.Parse(Option(args, "--pairs") ?? "600", CultureInfo.InvariantCulture);
var epochs = int.Parse(Option(args, "--epochs") ?? "8", CultureInfo.InvariantCulture);
var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-deepallele")).FullName;
const int Length = 100, Site = 45;

// 1. Allele pairs: both alleles carry TGACTCA at 45 and differ by one SNV; in half the pairs the SNV breaks the site
//    in one allele (targets: log counts 1 + 1.5·site, ratio = their difference, plus noise).
var random = new Random(1);
var (firstSeqs, secondSeqs, targets) = (new List<string>(), new List<string>(), new List<float>());
for (var i = 0; i < pairs; i++)
{
    var bases = Enumerable.Range(0, Length).Select(_ => "ACGT"[random.Next(4)]).ToArray();
    "TGACTCA".CopyTo(0, bases, Site, 7);
    var other = (char[])bases.Clone();
    var breaks = i % 2 == 0;
    var position = breaks ? Site + 3 : (Site + 10 + random.Next(Length - Site - 10));
    other[position] = "ACGT".Where(b => b != bases[position]).ElementAt(random.Next(3));
    var swap = random.Next(2) == 1;
    var (a, b) = swap ? (other, bases) : (bases, other);
    double siteA = breaks && swap ? 0 : 1, siteB = breaks && !swap ? 0 : 1;
    firstSeqs.Add(new string(a));
    secondSeqs.Add(new string(b));
    double countA = 1 + (1.5 * siteA) + (0.1 * Noise()), countB = 1 + (1.5 * siteB) + (0.1 * Noise());
    targets.AddRange([(float)countA, (float)countB, (float)(countA - countB)]);
}

using var first = OneHotEncoder.Encode(firstSeqs);
using var second = OneHotEncoder.Encode(secondSeqs);
using var stacked = PairedAlleleModel.Stack(first, second);
using var y = torch.tensor(targets.ToArray(), [pairs, 3]);
var cut = pairs * 4 / 5;

// 2. Model and training: DeepAllele's recipe (MSE on counts and ratio, Adam, cyclic rate, early stopping).
var options = new PairedAlleleOptions { Length = Length, FirstFilters = 32, FirstKernelSize = 11, Filters = 16, ResidualBlocks = 2, HiddenSize = 32, HiddenLayers = 1, Dropout = 0.1 };
using var model = Seeded(() => new PairedAlleleModel(options));
var trainer = new Trainer(PairedAlleleTraining.Options(learningRate: 2e-3, batchSize: 32, maxEpochs: epochs) with { Seed = 1 }, context);
trainer.EpochCompleted += (_, e) => Console.WriteLine($"  epoch {e.Epoch}: training loss {e.TrainingLoss:F3}, validation loss {e.ValidationLoss:F3}");
trainer.Train(model, new TrainingSet(stacked[..cut], y[..cut]), new TrainingSet(stacked[cut..], y[cut..]));

// 3. Allele-swap variant effects on four held-out pairs (two with a site-breaking SNV).
using var testFirst = first[cut..(cut + 4)];
using var testSecond = second[cut..(cut + 4)];
foreach (var pair in new AlleleSwapVariantEffects().Run(model, testFirst, testSecond, context))
{
    var main = pair.MainVariant!;
    var truth = targets[(3 * (cut + pair.Example)) + 2];
    Console.WriteLine($"pair {cut + pair.Example}: {main.Variant.Kind} at {main.Variant.Start} {main.Variant.FirstAllele}>{main.Variant.SecondAllele}, effect {main.Effect:+0.00;-0.00}, predicted ratio {pair.Prediction[pair.Target]:+0.00;-0.00} (target {truth:+0.00;-0.00})");
}

// 4. Paired ISM maps of the first two pairs (N, L, 4, 2) → per-allele (N, 4, L) attributions → z-score seqlets, tracks and logos.
using var ismFirst = testFirst[..2];
using var ismSecond = testSecond[..2];
using var ism = new PairedAlleleMutagenesis().Run(model, ismFirst, ismSecond, context);
var firstMap = SeqletArrays.FromTensor(ism[.., .., .., 0].permute(0, 2, 1));
var secondMap = SeqletArrays.FromTensor(ism[.., .., .., 1].permute(0, 2, 1));
var (firstOneHot, secondOneHot) = (SeqletArrays.FromTensor(ismFirst), SeqletArrays.FromTensor(ismSecond));
Console.WriteLine($"Paired ISM maps: [{string.Join(", ", ism.shape)}] (pair, position, base, allele)");
var seqlets = ZScoreSeqletCaller.Call(firstMap, firstOneHot, secondMap, secondOneHot, new ZScoreSeqletOptions { NegateSecondAllele = true });
foreach (var s in seqlets)
{
    Console.WriteLine($"  {s.Name(s.Sign > 0 ? "pos" : "neg")}: mean effect {s.MeanEffect:+0.000;-0.000}, other allele {s.OtherMeanEffect:+0.000;-0.000}");
}

Console.WriteLine($"{seqlets.Count} z-score seqlets");
for (var allele = 0; allele < 2; allele++)
{
    var (map, oneHot) = allele == 0 ? (firstMap, firstOneHot) : (secondMap, secondOneHot);
    AttributionPlot.Draw(SeqletArrays.Example(map, 0), SeqletArrays.Example(oneHot, 0), title: $"pair {cut}, allele {(allele == 0 ? "A" : "B")}: ISM (ratio)").Save(Path.Combine(outDir, $"ism-pair{cut}-allele{(allele == 0 ? "A" : "B")}.svg"));
}

foreach (var (s, i) in seqlets.Take(4).Select((s, i) => (s, i)))
{
    SequenceLogo.Contribution(s.Matrix, new LogoOptions { Title = s.Name(s.Sign > 0 ? "pos" : "neg") }).Save(Path.Combine(outDir, $"seqlet{i}.svg"));
}

Console.WriteLine($"Files in {outDir}");
return 0;

double Noise() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
T Seeded<T>(Func<T> create) { using var scope = new TorchSeedScope(seed); return create(); }

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

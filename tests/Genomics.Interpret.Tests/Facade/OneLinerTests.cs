using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Scanning;
using Genomics.Interpret.Tests.Modisco;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Facade;

/// <summary>Each one-liner of <see cref="Attributions"/> and <see cref="MotifTools"/> returns exactly what its engine returns.</summary>
[NonParallelizable]
public sealed class OneLinerTests
{
    private static readonly ToyModelOptions OneHot20 = new(InputKind.OneHot, 4, 20, 2);

    private static float[] Values(Tensor t)
    {
        using var c = t.contiguous();
        return c.data<float>().ToArray();
    }

    private static void AssertSame(AttributionResult actual, AttributionResult expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Method, Is.EqualTo(expected.Method));
            Assert.That(Values(actual.Scores), Is.EqualTo(Values(expected.Scores)));
            Assert.That(actual.Hypothetical is null, Is.EqualTo(expected.Hypothetical is null));
            if (expected.Hypothetical is not null)
            {
                Assert.That(Values(actual.Hypothetical!), Is.EqualTo(Values(expected.Hypothetical)));
            }
        }
    }

    [Test]
    public void DeepLiftShap_EqualsTheEngine()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(3, 20, seed: 5);
        var context = new ComputeContext { Seed = 7, BatchSize = 2 };
        using var expected = new DeepLiftShap(new DeepLiftShapOptions { References = 5 }).Attribute(model, x, AttributionTarget.Output(1), context);
        using var actual = Attributions.DeepLiftShap(model, x, target: 1, references: 5, context: context);
        using var viaTarget = Attributions.DeepLiftShap(model, x, AttributionTarget.Output(1), references: 5, context: context);
        AssertSame(actual, expected);
        AssertSame(viaTarget, expected);
    }

    [Test]
    public void DeepLiftShap_DefaultsToTwentyReferencesAndTheDefaultContext()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 6);
        using var expected = new DeepLiftShap().Attribute(model, x, AttributionTarget.Output(0));
        using var actual = Attributions.DeepLiftShap(model, x, target: 0);
        AssertSame(actual, expected);
    }

    [TestCase(SaliencyMethod.Gradient)]
    [TestCase(SaliencyMethod.GradientTimesInput)]
    [TestCase(SaliencyMethod.IntegratedGradients)]
    public void Saliency_EqualsTheEngine(SaliencyMethod method)
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(3, 20, seed: 8);
        using var expected = new Saliency(new SaliencyOptions { Method = method }).Attribute(model, x, AttributionTarget.Output(0));
        using var actual = Attributions.Saliency(model, x, target: 0, method: method);
        AssertSame(actual, expected);
    }

    [Test]
    public void Saliency_DefaultsToThePlainGradient()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 9);
        using var expected = new Saliency().Attribute(model, x, AttributionTarget.Output(1));
        using var actual = Attributions.Saliency(model, x, AttributionTarget.Output(1));
        AssertSame(actual, expected);
        Assert.That(actual.Method, Is.EqualTo("saliency"));
    }

    [Test]
    public void SaturationMutagenesis_EqualsTheEngine()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 10);
        using var whole = new InSilicoMutagenesis().Attribute(model, x, AttributionTarget.Output(0));
        using var window = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = 3, End = 11 }).Attribute(model, x, AttributionTarget.Output(1));
        using var actualWhole = Attributions.SaturationMutagenesis(model, x, target: 0);
        using var actualWindow = Attributions.SaturationMutagenesis(model, x, target: 1, start: 3, end: 11);
        AssertSame(actualWhole, whole);
        AssertSame(actualWindow, window);
    }

    [Test]
    public void OneLiners_PassProgressAndCancellationToTheEngine()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(4, 20, seed: 11);
        var reports = new List<OperationProgress>();
        using var result = Attributions.Saliency(model, x, target: 0, context: new ComputeContext { BatchSize = 2 }, progress: new SynchronousProgress<OperationProgress>(reports));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports, Is.Not.Empty);
            Assert.That(reports[^1].Completed, Is.EqualTo(reports[^1].Total));
            Assert.That(() => Attributions.DeepLiftShap(model, x, target: 0, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(() => Attributions.SaturationMutagenesis(model, x, target: 0, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public void DeepLiftShap_RejectsZeroReferencesNamingTheOption() =>
        Assert.That(() => Attributions.DeepLiftShap(ToyModel(), TestSequences.RandomOneHot(1, 20, seed: 1), target: 0, references: 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(nameof(DeepLiftShapOptions.References)));

    private static ToyConvModel ToyModel() => new(OneHot20, seed: 4);

    private static List<Motif> RandomMotifs(int count, int seed)
    {
        var random = new Random(seed);
        var motifs = new List<Motif>();
        for (var t = 0; t < count; t++)
        {
            var width = random.Next(5, 10);
            var counts = new double[4, width];
            for (var w = 0; w < width; w++)
            {
                var favourite = random.Next(4);
                for (var a = 0; a < 4; a++)
                {
                    counts[a, w] = random.NextDouble() + (a == favourite ? 4 * random.NextDouble() : 0);
                }
            }

            motifs.Add(new Motif($"M{t}", PositionProbabilityMatrix.FromCounts(counts)) { Sites = 20 });
        }

        return motifs;
    }

    [Test]
    public void Tomtom_EqualsTheComparer()
    {
        var database = RandomMotifs(30, seed: 3);
        var queries = new[] { database[2], database[17] };
        var options = new TomtomOptions { Threshold = double.PositiveInfinity };
        var expected = new TomtomComparer(options).Compare(queries, database);
        var actual = MotifTools.Tomtom(queries, database, options);
        var defaults = MotifTools.Tomtom(queries, database);
        var expectedDefaults = new TomtomComparer().Compare(queries, database);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(actual, Has.Count.GreaterThan(2));
            Assert.That(defaults, Is.EqualTo(expectedDefaults));
        }
    }

    [Test]
    public void Fimo_EqualsOneScannerPerMotif()
    {
        var motifs = RandomMotifs(3, seed: 5);
        var random = new Random(2);
        var sequences = Enumerable.Range(0, 4).Select(_ => new string(Enumerable.Range(0, 300).Select(_ => "ACGT"[random.Next(4)]).ToArray())).ToList();
        var options = new MotifScanOptions { PValueThreshold = 1e-3 };
        var expected = motifs.SelectMany(m => new MotifScanner(m, options).Scan(sequences)).ToList();
        var reports = new List<OperationProgress>();
        var actual = MotifTools.Fimo(motifs, sequences, options, new SynchronousProgress<OperationProgress>(reports));
        var defaults = MotifTools.Fimo(motifs, sequences);
        var expectedDefaults = motifs.SelectMany(m => new MotifScanner(m).Scan(sequences)).ToList();
        var withQ = options with { ComputeQValues = true, PValueThreshold = 0.05 };
        var encoded = EncodedSequences.FromStrings(sequences);
        var run = new Genomics.Interpret.Statistics.Drand48();
        var expectedQ = motifs.SelectMany(m => new MotifScanner(m, withQ).Scan(encoded, run)).ToList();
        var actualQ = MotifTools.Fimo(motifs, sequences, withQ);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actualQ, Is.EqualTo(expectedQ), "one bootstrap stream for every motif, as one FIMO run");
            Assert.That(actualQ.All(h => h.QValue is not null), Is.True);
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(actual, Is.Not.Empty);
            Assert.That(defaults, Is.EqualTo(expectedDefaults));
            Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new long[] { 1, 2, 3 }));
        }
    }

    [Test]
    public void Fimo_RejectsANullMotifNamingTheArgument() =>
        Assert.That(() => MotifTools.Fimo([null!], ["ACGT"]),
            Throws.TypeOf<ArgumentNullException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("motifs"));

    private static IEnumerable<string> Summary(ModiscoResult result) =>
        result.PositivePatterns.Concat(result.NegativePatterns)
            .Select(p => $"{p.Name}:{string.Join(";", p.Seqlets)}:{string.Join(",", p.Cwm.Cast<double>())}");

    [Test]
    public void TfModisco_EqualsTheEngine()
    {
        var data = new PlantedMotifs();
        var options = new ModiscoOptions { LeidenRuns = 5 };
        var expected = new Genomics.Interpret.Modisco.TfModisco(options).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var actual = MotifTools.TfModisco(data.Contributions, data.Hypothetical, data.OneHot, options);
        using var hypothetical = from_array(data.Hypothetical);
        using var contributions = from_array(data.Contributions);
        using var oneHot = from_array(data.OneHot);
        using var attributions = new AttributionResult("deeplift-shap", AttributionTarget.Output(0), contributions.clone(), hypothetical.clone());
        var fromResult = MotifTools.TfModisco(attributions, oneHot, options, ComputeContext.Default);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Summary(expected), Is.Not.Empty);
            Assert.That(Summary(actual), Is.EqualTo(Summary(expected)));
            Assert.That(Summary(fromResult), Is.EqualTo(Summary(expected)));
        }
    }

    [Test]
    public void TfModisco_TakesTheContextsSeedWhenTheOptionsHaveNone()
    {
        var data = new PlantedMotifs(n: 30);
        var seeded = new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 3, FinalMinClusterSize = 5, Seed = 5 }).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var fromContext = MotifTools.TfModisco(data.Contributions, data.Hypothetical, data.OneHot, new ModiscoOptions { LeidenRuns = 3, FinalMinClusterSize = 5 }, new ComputeContext { Seed = 5 });
        var optionsWin = MotifTools.TfModisco(data.Contributions, data.Hypothetical, data.OneHot, new ModiscoOptions { LeidenRuns = 3, FinalMinClusterSize = 5, Seed = 5 }, new ComputeContext { Seed = 9 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromContext.SeqletCall.Seqlets, Is.EqualTo(seeded.SeqletCall.Seqlets));
            Assert.That(Summary(fromContext), Is.EqualTo(Summary(seeded)));
            Assert.That(Summary(optionsWin), Is.EqualTo(Summary(seeded)));
        }
    }
}

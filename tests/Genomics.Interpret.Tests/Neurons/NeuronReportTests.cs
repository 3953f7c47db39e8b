using System.Xml;
using System.Xml.Linq;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class NeuronReportTests
{
    private const string SvgPrefix = "data:image/svg+xml;base64,";

    private static IReadOnlyList<NeuronMotifResult>? s_results;

    /// <summary>Two demixed conv2 neurons of NeuronMotif's demo 2 at a tiny sampling setting.</summary>
    private static IReadOnlyList<NeuronMotifResult> Results => s_results ??= RunOnce();

    private static TomtomComparer Comparer => new(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity });

    private static IReadOnlyList<NeuronMotifResult> RunOnce()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var sampling = new NeuronSamplingOptions { PopulationSize = 100, MaxGenerations = 6, SamplesPerBin = 20, Seed = 3 };
        return new NeuronDemixer(network, new DemixingOptions { FinalSize = 40, MinimumSamples = 10, Restarts = 2, Seed = 1 }, sampling).Run("conv2", [0, 1]);
    }

    private static XDocument Load(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static List<XElement> Elements(XContainer container, string name) => [.. container.Descendants().Where(e => e.Name.LocalName == name)];

    private static XElement? Table(XDocument document, string cls) => Elements(document, "table").SingleOrDefault(t => (string?)t.Attribute("class") == cls);

    /// <summary>The data rows of a table (header row excluded); zero when the table is absent.</summary>
    private static int DataRows(XDocument document, string cls) => Table(document, cls) is { } t ? Elements(t, "tr").Count - 1 : 0;

    [Test]
    public void Write_OnePagePerNeuronAndAnIndex_WellFormedWithTheExpectedLogosAndRows()
    {
        var results = Results;
        Assert.That(results.Sum(r => r.Modes.Count), Is.GreaterThan(0), "the tiny run yields modes");
        var database = DemoData.DatabaseWithSimulationMotifs(2);
        var options = new NeuronReportOptions { Comparer = Comparer, TopMatches = 2 };
        var matches = NeuronMotifMatching.Match(results, database, Comparer);
        using var scratch = new ScratchFolder();
        var folder = Path.Combine(scratch.Root, "report");
        var progress = new List<OperationProgress>();
        var written = NeuronReport.Write(folder, results, database, options, new SynchronousProgress<OperationProgress>(progress.Add));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(written.Select(Path.GetFileName), Is.EqualTo(new[] { "conv2_neuron0.html", "conv2_neuron1.html", "index.html" }));
            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(), Is.EqualTo(written.Select(Path.GetFileName).Order()), "no temporary file left");
            Assert.That(progress[^1], Is.EqualTo(new OperationProgress("neuron-report", 3, 3)));
        }

        foreach (var result in results)
        {
            var task = $"conv2_neuron{result.Samples.Neuron}";
            var page = Load(Path.Combine(folder, NeuronReport.PageFileName(result)));
            var images = Elements(page, "img");
            var segments = result.Modes.Sum(m => m.Segments.Count);
            var queries = NeuronMotifMatching.Queries(result);
            var expectedMatchRows = queries.Sum(q => Math.Min(2, matches.Count(m => m.Query.Id == q.Motif.Id)));
            var text = File.ReadAllText(Path.Combine(folder, NeuronReport.PageFileName(result)));
            TestContext.Out.WriteLine($"{task}: {result.Modes.Count} modes, {segments} segments, {expectedMatchRows} match rows");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(DataRows(page, "modes"), Is.EqualTo(result.Modes.Count), task);
                Assert.That(DataRows(page, "segments"), Is.EqualTo(segments), task);
                Assert.That(DataRows(page, "matches"), Is.EqualTo(expectedMatchRows), task);
                Assert.That(expectedMatchRows, Is.EqualTo(2 * queries.Count), "every query has at least two matches without a threshold");
                Assert.That(images, Has.Count.EqualTo(result.Modes.Count + segments + expectedMatchRows), "one logo per mode, segment and match");
                Assert.That(images.All(i => ((string)i.Attribute("src")!).StartsWith(SvgPrefix, StringComparison.Ordinal)), Is.True);
                Assert.That(images.Count(i => (string?)i.Attribute("alt") == $"{task}_mode0"), Is.EqualTo(result.Modes.Count > 0 ? 1 : 0));
                Assert.That(text, Does.Contain("receptive field").And.Contain($">{result.Samples.Layer.ReceptiveField} nt, stride {result.Samples.Layer.Stride}<").And.Contain("activation range sampled"));
                var best = matches.Where(m => m.Task == task).OrderBy(m => m.Match.PValue).First();
                Assert.That(text, Does.Contain(best.Match.TargetId), "the best match is listed");
                Assert.That(Elements(page, "a").Select(a => (string?)a.Attribute("href")), Does.Contain("index.html"));
            }

            var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(((string)images[0].Attribute("src")!)[SvgPrefix.Length..]));
            Assert.That(() => XDocument.Parse(svg), Throws.Nothing);
        }

        var index = Load(Path.Combine(folder, "index.html"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DataRows(index, "neurons"), Is.EqualTo(2));
            Assert.That(Elements(index, "a").Select(a => (string?)a.Attribute("href")), Is.EqualTo(new[] { "conv2_neuron0.html", "conv2_neuron1.html" }));
            Assert.That(Elements(index, "img"), Has.Count.EqualTo(results.Count(r => r.Modes.Count > 0)));
            Assert.That(Elements(index, "th").Select(t => t.Value), Does.Contain("best match"));
        }
    }

    [Test]
    public void Write_WithoutDatabase_HasNoMatchTables_AndOverwritesAtomically()
    {
        using var scratch = new ScratchFolder();
        var folder = scratch.Root;
        var result = Results[0];
        var page = Path.Combine(folder, NeuronReport.PageFileName(result));
        File.WriteAllText(page, "old");
        NeuronReport.Write(folder, [result]);
        var document = Load(page);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Table(document, "matches"), Is.Null);
            Assert.That(File.ReadAllText(page), Does.Not.Contain("Database matches").And.Not.Contain("old"));
            Assert.That(Elements(Load(Path.Combine(folder, "index.html")), "th").Select(t => t.Value), Does.Not.Contain("best match"));
            Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(2), "no temporary file left");
        }
    }

    [Test]
    public void Write_HandlesANeuronWithoutModes()
    {
        var layer = new NeuronLayer("conv.1", "conv.1", 3, 8, 1, 1);
        var empty = new NeuronMotifResult(new NeuronSamples(layer, 2, [], [], 0, 3, SamplingStop.Stalled), []);
        using var scratch = new ScratchFolder();
        var written = NeuronReport.Write(scratch.Root, [empty], [new Motif("M", PositionProbabilityMatrix.FromConsensus("ACGTAC"))], new NeuronReportOptions { Comparer = Comparer });
        var text = File.ReadAllText(written[0]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Path.GetFileName(written[0]), Is.EqualTo("conv_1_neuron2.html"));
            Assert.That(Elements(Load(written[0]), "img"), Is.Empty);
            Assert.That(text, Does.Contain("No mode has enough windows").And.Contain("No match passed"));
        }
    }

    [Test]
    public void Write_BadArguments_Throw()
    {
        using var scratch = new ScratchFolder();
        var result = Results[0];
        var file = scratch.PathOf("file.txt");
        File.WriteAllText(file, "x");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => NeuronReport.Write(" ", [result]), Throws.ArgumentException.With.Property("ParamName").EqualTo("folder"));
            Assert.That(() => NeuronReport.Write(file, [result]), Throws.ArgumentException.With.Property("ParamName").EqualTo("folder"));
            Assert.That(() => NeuronReport.Write(scratch.Root, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("results"));
            Assert.That(() => NeuronReport.Write(scratch.Root, [result, null!]), Throws.ArgumentException.With.Property("ParamName").EqualTo("results"));
            Assert.That(() => NeuronReport.Write(scratch.Root, [result, result]), Throws.ArgumentException.With.Property("ParamName").EqualTo("results"));
            Assert.That(() => NeuronReport.Write(scratch.Root, [result], []), Throws.ArgumentException.With.Property("ParamName").EqualTo("database"));
            Assert.That(() => NeuronReport.Write(scratch.Root, [result], null, new NeuronReportOptions { TopMatches = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("TopMatches"));
            Assert.That(() => NeuronReport.Write(scratch.Root, [result], null, null, null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(() => NeuronReport.PageFileName(null!), Throws.ArgumentNullException);
            Assert.That(Directory.GetFiles(scratch.Root), Is.EqualTo(new[] { file }), "nothing written on bad arguments");
        }
    }
}

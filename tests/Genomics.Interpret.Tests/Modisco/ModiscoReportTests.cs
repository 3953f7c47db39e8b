using System.Xml;
using System.Xml.Linq;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Modisco;

[TestFixture]
public sealed class ModiscoReportTests
{
    private static ModiscoResult? s_result;

    private static ModiscoResult Result => s_result ??= RunOnce();

    private static ModiscoResult RunOnce()
    {
        var data = new PlantedMotifs();
        return new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 5 }).Run(data.Contributions, data.Hypothetical, data.OneHot);
    }

    private static List<Motif> Database() =>
    [
        new Motif("DECOY1", PositionProbabilityMatrix.FromConsensus("TTTTGGGGTT"), "decoy one"),
        new Motif("MOTIF_A", PositionProbabilityMatrix.FromConsensus(PlantedMotifs.MotifA), "planted A"),
        new Motif("DECOY2", PositionProbabilityMatrix.FromConsensus("ACACACACAC"), "decoy two"),
        new Motif("MOTIF_B", PositionProbabilityMatrix.FromConsensus(PlantedMotifs.MotifB), "planted B"),
    ];

    [Test]
    public void EachPatternsBestMatchIsItsPlantedMotif()
    {
        var matches = ModiscoReport.Match(Result, Database());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matches, Has.Count.EqualTo(2));
            Assert.That(matches.Select(m => m.Matches.Count > 0 ? m.Matches[0].TargetId : "none").Order(), Is.EqualTo(new[] { "MOTIF_A", "MOTIF_B" }));
            Assert.That(matches.All(m => m.Query.Width < m.Pattern.Width), Is.True, "queries are trimmed to the informative core");
            Assert.That(matches.All(m => m.Matches.Count <= 3), Is.True);
        }
    }

    [Test]
    public void Match_LogsTheComparisonThroughTheContext()
    {
        var factory = new RecordingLoggerFactory();
        var matches = ModiscoReport.Match(Result, Database(), context: new ComputeContext { LoggerFactory = factory });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matches, Has.Count.EqualTo(2));
            Assert.That(factory.EventIds, Is.EqualTo(new[] { 2301, 2302 }));
        }
    }

    [Test]
    public void ReportIsWrittenAtomicallyAndWellFormed()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("report.html");
        ModiscoReport.Write(path, Result, Database());
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(path, settings);
        var document = XDocument.Load(reader);
        var images = document.Descendants().Where(e => e.Name.LocalName == "img").ToList();
        var rows = document.Descendants().Where(e => e.Name.LocalName == "tr").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Has.Count.EqualTo(1 + Result.Patterns.Count()));
            Assert.That(images.Count(i => ((string?)i.Attribute("alt"))!.EndsWith("forward", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(images.All(i => ((string)i.Attribute("src")!).StartsWith("data:image/svg+xml;base64,", StringComparison.Ordinal)), Is.True);
            Assert.That(File.ReadAllText(path), Does.Contain("planted A").And.Contain("planted B").And.Contain("pos_patterns.pattern_0"));
            Assert.That(Directory.GetFiles(scratch.Root), Has.Length.EqualTo(1), "no temporary file left");
        }

        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(((string)images[0].Attribute("src")!)["data:image/svg+xml;base64,".Length..]));
        Assert.That(() => XDocument.Parse(svg), Throws.Nothing);
    }

    [Test]
    public void ReportWithoutDatabaseHasNoMatchColumns()
    {
        var html = ModiscoReport.ToHtml(Result);
        Assert.That(html, Does.Not.Contain("match 1"));
        Assert.That(html, Does.Contain("CWM (reverse complement)"));
    }
}

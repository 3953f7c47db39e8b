using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>Command lines that docs/guides/cli.md describes work on the shipped data.</summary>
[NonParallelizable]
public sealed class DocumentedPathTests
{
    [Test]
    public void Train_AttentiveChrome_OnTheShippedTables_TrainsAndPredicts()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = scratch.PathOf("attentivechrome.gckpt");
        var (code, _, log) = CliHarness.TrainOnQuickStart("attentivechrome", checkpoint);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("epoch    2: training loss").And.Contain("validation loss"));
        var (predictCode, output, predictLog) = CliHarness.Run("predict", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--threads", "1");
        Assert.That(predictCode, Is.EqualTo(ExitCodes.Success), predictLog);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows[0], Is.EqualTo("id,high"));
        Assert.That(rows, Has.Length.EqualTo(1 + (File.ReadAllLines(CliHarness.QuickStartData("test.csv")).Length / 100)));
    }

    [Test]
    public void Attribute_PlotsOfATrackModel_AreMarkByBinHeatmaps()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("deepchrome.gckpt"), "deepchrome");
        var plots = scratch.PathOf("plots");
        var table = scratch.PathOf("attributions.tsv");
        var (code, _, log) = CliHarness.Run("attribute", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--method", "saliency", "-o", table, "--plots", plots, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var genes = File.ReadAllLines(CliHarness.QuickStartData("test.csv")).Length / 100;
        var svgs = Directory.GetFiles(plots, "*.svg");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(svgs, Has.Length.EqualTo(genes));
            Assert.That(File.ReadAllText(svgs[0]), Does.StartWith("<?xml").Or.StartWith("<svg").And.Contain("H3K4me3"));
            Assert.That(log, Does.Contain("Plots written"));
        }
    }

    [Test]
    public void Modisco_WithoutPatterns_WritesAnEmptyPatternFileAndWarns()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        var fasta = scratch.WriteText("s.fa", TestSequences.RandomFasta(4, 82, seed: 2));
        var patterns = scratch.PathOf("patterns.meme");
        var (code, _, log) = CliHarness.Run("modisco", "-m", checkpoint, "-i", fasta, "--references", "2", "--min-cluster-size", "1000", "-o", scratch.PathOf("report.html"), "--patterns", patterns, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log, Does.Contain("0 positive and 0 negative pattern(s)"));
            Assert.That(log, Does.Contain("warning: no patterns").And.Contain("patterns.meme"));
            Assert.That(log, Does.Contain("no patterns found: ").And.Contain("seqlets called").And.Contain("pos_patterns: "));
            Assert.That(File.Exists(patterns), Is.True);
            Assert.That(File.ReadAllText(patterns), Does.StartWith("MEME version").And.Not.Contain("MOTIF"));
        }
    }
}

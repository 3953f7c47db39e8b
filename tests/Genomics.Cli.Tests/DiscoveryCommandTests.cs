using System.Globalization;
using System.Text.RegularExpressions;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class DiscoveryCommandTests
{
    [Test]
    public void NeuronMotif_ListsLayers_AndWritesModesAndMatches()
    {
        using var scratch = new ScratchFolder();
        string checkpoint;
        using (new Genomics.Models.Compute.TorchSeedScope(3))
        {
            checkpoint = CatalogCheckpoint.Save(scratch.PathOf("demo1.gckpt"), "neuronmotif-demo", "demo1");
        }

        var (listCode, layers, listLog) = CliHarness.Run("neuronmotif", "-m", checkpoint, "--list-layers", "-o", scratch.PathOf("unused.meme"));
        Assert.That(listCode, Is.EqualTo(ExitCodes.Success), listLog);
        Assert.That(layers, Does.Contain("receptive field"));

        var modes = scratch.PathOf("modes.meme");
        var matches = scratch.PathOf("matches.tsv");
        var (code, _, log) = CliHarness.Run("neuronmotif", "-m", checkpoint, "--neurons", "0", "--population", "200", "--max-generations", "4",
            "--db", SharedData.Path("neuronmotif/motifDB.txt"), "-o", modes, "--matches", matches, "--report", scratch.PathOf("pages"), "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MemeMotifFormat.Read(modes).Select(m => m.Id), Is.All.Contains("_neuron0_mode"));
            Assert.That(File.ReadLines(matches).First(), Does.StartWith("neuron\tmode\tquery\ttarget"));
            Assert.That(File.Exists(Path.Combine(scratch.PathOf("pages"), "index.html")), Is.True);
        }

        var (badCode, _, badError) = CliHarness.Run("neuronmotif", "-m", checkpoint, "--neurons", "x", "-o", modes);
        Assert.That(badCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(badError, Does.Contain("--neurons"));
    }

    [Test]
    public void Modisco_WritesAReport()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        var fasta = scratch.WriteText("s.fa", TestSequences.RandomFasta(12, 82, seed: 2));
        var report = scratch.PathOf("report.html");
        var (code, _, log) = CliHarness.Run("modisco", "-m", checkpoint, "-i", fasta, "--references", "2", "--min-cluster-size", "2", "-o", report, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(File.ReadAllText(report), Does.Contain("<html"));
        Assert.That(log, Does.Contain("pattern(s)"));
    }

    [Test]
    public void Modisco_H5_WritesATfModiscoLiteResultsFileWithThePatterns()
    {
        using var scratch = new ScratchFolder();
        string checkpoint;
        using (new Genomics.Models.Compute.TorchSeedScope(3))
        {
            // The model's weights come from torch's random state: fixed here, so that what the run finds does not
            // depend on which tests ran before.
            checkpoint = CatalogCheckpoint.Save(scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        }

        var fasta = scratch.WriteText("s.fa", TestSequences.RandomFasta(12, 82, seed: 2));
        var results = scratch.PathOf("modisco_results.h5");
        var (code, _, log) = CliHarness.Run("modisco", "-m", checkpoint, "-i", fasta, "--references", "2", "--min-cluster-size", "2",
            "-o", scratch.PathOf("report.html"), "--h5", results, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var counts = Regex.Match(log, @"(\d+) positive and (\d+) negative pattern\(s\)");
        Assert.That(counts.Success, Is.True, log);
        var file = ModiscoHdf5.Read(results);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.PositivePatterns, Has.Count.EqualTo(int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture)));
            Assert.That(file.NegativePatterns, Has.Count.EqualTo(int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture)));
            Assert.That(file.Patterns, Is.Not.Empty, "the run finds patterns, so the file's content is checked");
            Assert.That(file.WindowSize, Is.EqualTo(82));
            Assert.That(file.Patterns.SelectMany(p => p.Seqlets), Has.All.Matches<Genomics.Interpret.Seqlets.Seqlet>(s => s.Example < 12 && s.Start >= 0 && s.End <= 82));
            Assert.That(file.Patterns.All(p => p.SeqletCount == p.Seqlets.Count && p.SeqletContributions!.GetLength(0) == p.SeqletCount), Is.True);
        }
    }
}

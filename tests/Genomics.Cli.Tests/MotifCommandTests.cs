using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

public sealed class MotifCommandTests
{
    [Test]
    public void Tomtom_MatchesTheQueryMotifsAgainstJaspar_WritingTomtomsColumns()
    {
        using var scratch = new ScratchFolder();
        var table = scratch.PathOf("matches.tsv");
        var (code, _, log) = CliHarness.Run(
            "tomtom", "-q", SharedData.Path("parallel_tomtom/Motifs.meme"), "-t", SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"),
            "--min-overlap", "5", "--dist", "pearson", "--evalue", "--thresh", "0.5", "-o", table, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var lines = File.ReadAllLines(table);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Does.StartWith("Query_ID\tTarget_ID\tOptimal_offset\tp-value\tE-value\tq-value"));
            // The options recorded for parallel_tomtom's meme_result.csv give its two hits, both for query 2.
            Assert.That(lines.Skip(1).Select(l => string.Join(' ', l.Split('\t')[..3])), Is.EquivalentTo(new[] { "2 MA1548.1 1", "2 MA1986.1 -1" }));
            Assert.That(double.Parse(lines.Single(l => l.Contains("MA1548.1", StringComparison.Ordinal)).Split('\t')[3], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.000186717).Within(1).Percent);
            Assert.That(log, Does.Contain("match(es)"));
        }
    }

    [Test]
    public void Scan_FindsAPlantedSite_OnBothStrands()
    {
        using var scratch = new ScratchFolder();
        var motifs = scratch.WriteText("m.csv", "consensus\nTGACTCA\n");
        var fasta = scratch.WriteText("s.fa", ">plus\nCCCCCCTGACTCACCCCCC\n>minus\nGGGGGTGAGTCAGGGGGG\n>none\nCCCCCCCCCCCCCCCCCC\n");
        var (code, output, log) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-3");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var hits = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits.Select(h => h[1]), Does.Contain("plus").And.Contain("minus").And.Not.Contain("none"));
            Assert.That(hits.Single(h => h[1] == "plus" && h[4] == "+")[2], Is.EqualTo("7"));
        }
    }

    [Test]
    public void Scan_ManyMotifs_ReportsEachMotifsHitsAsAScannerOfItsOwn()
    {
        using var scratch = new ScratchFolder();
        var motifs = scratch.WriteText("m.csv", "consensus\nTGACTCA\nCACGTG\nGGGAAATTCC\n");
        var random = new Random(4);
        var sequences = Enumerable.Range(0, 6).Select(i => new string(Enumerable.Range(0, 150).Select(_ => "ACGTN"[random.Next(random.NextDouble() < 0.01 ? 5 : 4)]).ToArray()) + "TGACTCACACGTGGGAAATTCC").ToList();
        var fasta = scratch.WriteText("s.fa", string.Concat(sequences.Select((q, i) => $">s{i}\n{q}\n")));
        var (code, output, log) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-2");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).Select(h => (h[0], h[1], h[2], h[4], h[8])).ToList();
        var options = new MotifScanOptions { PValueThreshold = 1e-2 };
        var expected = MotifFile.Read(motifs).SelectMany(m => new MotifScanner(m, options).Scan(sequences))
            .Select(h => (h.MotifId, $"s{h.SequenceIndex}", (h.Start + 1).ToString(CultureInfo.InvariantCulture), h.Strand == Strand.Reverse ? "-" : "+", h.Site)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Is.EqualTo(expected));
            Assert.That(rows.Select(r => r.Item1).Distinct().Count(), Is.EqualTo(3));
        }
    }

    [Test]
    public void Tomtom_MissingQueryFile_IsInvalidInput()
    {
        var (code, _, error) = CliHarness.Run("tomtom", "-q", "/nonexistent/q.meme", "-t", SharedData.Path("parallel_tomtom/Motifs.meme"));
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("q.meme"));
    }
}

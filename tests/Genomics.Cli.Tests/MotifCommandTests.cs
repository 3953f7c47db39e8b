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
            Assert.That(hits.Select(h => h[2]), Does.Contain("plus").And.Contain("minus").And.Not.Contain("none"));
            Assert.That(hits.Single(h => h[2] == "plus" && h[5] == "+")[3], Is.EqualTo("7"));
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
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).Select(h => (h[0], h[2], h[3], h[5], h[9])).ToList();
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
    public void Tomtom_QueryIdsBackgroundAndQValueMethod()
    {
        using var scratch = new ScratchFolder();
        var queries = SharedData.Path("parallel_tomtom/Motifs.meme");
        var jaspar = SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme");
        string[] common = ["tomtom", "-q", queries, "-t", jaspar, "--min-overlap", "5", "--evalue", "--thresh", "5", "--threads", "1"];
        var (code, all, log) = CliHarness.Run(common);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var (code2, two, log2) = CliHarness.Run([.. common, "--query-id", "2", "-m", "5"]);
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        var (code3, bh, log3) = CliHarness.Run([.. common, "--qvalues", "bh"]);
        Assert.That(code3, Is.EqualTo(ExitCodes.Success), log3);
        var (code4, motifFile, log4) = CliHarness.Run([.. common, "--background", "motif-file"]);
        Assert.That(code4, Is.EqualTo(ExitCodes.Success), log4);
        var (code5, skewed, log5) = CliHarness.Run([.. common, "--background", "0.35,0.15,0.15,0.35"]);
        Assert.That(code5, Is.EqualTo(ExitCodes.Success), log5);
        var bfile = scratch.WriteText("bg.txt", "# order-0\nA 0.35\nC 0.15\nG 0.15\nT 0.35\nAA 0.1\n");
        var (code6, fromFile, log6) = CliHarness.Run([.. common, "--background", bfile]);
        Assert.That(code6, Is.EqualTo(ExitCodes.Success), log6);
        var rows = Rows(all);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Rows(two).Select(r => r[0]).Distinct(), Is.EqualTo(new[] { "2", "5" }).Or.EqualTo(new[] { "2" }));
            Assert.That(Rows(two).Where(r => r[0] == "2").Select(r => string.Join(' ', r[..5])), Is.EqualTo(rows.Where(r => r[0] == "2").Select(r => string.Join(' ', r[..5]))), "p- and E-values do not depend on the other queries");
            Assert.That(Rows(bh).Select(r => r[1]), Is.EqualTo(rows.Select(r => r[1])));
            Assert.That(motifFile, Is.EqualTo(all), "Motifs.meme's background is uniform");
            Assert.That(Rows(skewed).Select(r => r[3]), Is.Not.EqualTo(rows.Select(r => r[3])), "a skewed background changes the pseudocounts and so the p-values");
            Assert.That(fromFile, Is.EqualTo(skewed), "a MEME background file gives what its frequencies give");
        }
    }

    [Test]
    public void Tomtom_DefaultBackground_IsTheQueryFiles()
    {
        using var scratch = new ScratchFolder();
        var uniformFile = File.ReadAllText(SharedData.Path("parallel_tomtom/Motifs.meme"));
        var skewedFile = System.Text.RegularExpressions.Regex.Replace(uniformFile, @"A 0\.25 C 0\.25 G 0\.25 T 0\.25", "A 0.35 C 0.15 G 0.15 T 0.35");
        Assert.That(skewedFile, Is.Not.EqualTo(uniformFile), "the fixture's background line was found");
        var queries = scratch.WriteText("q.meme", skewedFile);
        string[] common = ["tomtom", "-q", queries, "-t", SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"), "--min-overlap", "5", "--evalue", "--thresh", "5", "--threads", "1"];
        var (code, byDefault, log) = CliHarness.Run(common);
        var (code2, motifFile, log2) = CliHarness.Run([.. common, "--background", "motif-file"]);
        var (code3, uniform, log3) = CliHarness.Run([.. common, "--background", "uniform"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
            Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
            Assert.That(code3, Is.EqualTo(ExitCodes.Success), log3);
            Assert.That(byDefault, Is.EqualTo(motifFile));
            Assert.That(Rows(byDefault).Select(r => r[3]), Is.Not.EqualTo(Rows(uniform).Select(r => r[3])), "the file's skewed background changes the pseudocounts and so the p-values");
        }
    }

    [Test]
    public void Scan_QValuesByDefault_StoreyOrBh_NoQValueAndQvThresh()
    {
        using var scratch = new ScratchFolder();
        var motifs = scratch.WriteText("m.csv", "consensus\nTGACTCA\nCACGTG\n");
        var random = new Random(21);
        var sequences = Enumerable.Range(0, 4).Select(_ => new string(Enumerable.Range(0, 400).Select(_ => "ACGT"[random.Next(4)]).ToArray()) + "TGACTCACACGTG").ToList();
        var fasta = scratch.WriteText("s.fa", string.Concat(sequences.Select((q, i) => $">s{i}\n{q}\n")));
        string[] common = ["scan", "-m", motifs, "-s", fasta, "--thresh", "0.01"];
        var (code, storey, log) = CliHarness.Run(common);
        var (code2, bh, log2) = CliHarness.Run([.. common, "--qvalues", "bh"]);
        var (code3, none, log3) = CliHarness.Run([.. common, "--no-qvalue"]);
        var (code4, qv, log4) = CliHarness.Run([.. common, "--qv-thresh"]);
        var (code5, _, error5) = CliHarness.Run([.. common, "--qv-thresh", "--no-qvalue"]);
        var (code6, _, error6) = CliHarness.Run([.. common, "--max-stored-scores", "0"]);
        var (code7, capped, log7) = CliHarness.Run([.. common, "--max-stored-scores", "5"]);
        var (code8, bare, log8) = CliHarness.Run([.. common, "--qvalues"]);   // the flag's earlier on/off form

        // The library with FIMO's settings: one bootstrap stream for the motifs in turn.
        var options = new MotifScanOptions { PValueThreshold = 0.01, ComputeQValues = true, MaxStoredScores = 100_000 };
        var encoded = EncodedSequences.FromStrings(sequences);
        var bootstrap = new Genomics.Interpret.Statistics.Drand48();
        var expected = new StringWriter();
        MotifHitTable.WriteTsv(expected, [.. MotifFile.Read(motifs).SelectMany(m => new MotifScanner(m, options).Scan(encoded, bootstrap))], [.. sequences.Select((_, i) => $"s{i}")]);
        var storeyRows = Rows(storey);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { code, code2, code3, code4, code7 }, Is.All.EqualTo(ExitCodes.Success), log + log2 + log3 + log4 + log7);
            Assert.That(storeyRows, Is.EqualTo(Rows(expected.ToString())), "q-values by default, FIMO's");
            Assert.That(storeyRows.Select(r => r[8]), Has.All.Not.Empty);
            Assert.That(Rows(bh).Select(r => r[..8]), Is.EqualTo(storeyRows.Select(r => r[..8])));
            Assert.That(Rows(bh).Zip(storeyRows).All(x => double.Parse(x.First[8], CultureInfo.InvariantCulture) >= double.Parse(x.Second[8], CultureInfo.InvariantCulture)), Is.True, "π₀ ≤ 1 only lowers q-values");
            Assert.That(Rows(none).Select(r => r[8]), Has.All.Empty);
            Assert.That(Rows(qv), Is.EqualTo(storeyRows.Where(r => double.Parse(r[8], CultureInfo.InvariantCulture) <= 0.01)));
            Assert.That(code5, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error5, Does.Contain("--qv-thresh"));
            Assert.That(code6, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error6, Does.Contain("--max-stored-scores"));
            Assert.That(Rows(capped).GroupBy(r => r[0]).Select(g => g.Count()), Has.All.InRange(1, 5));
            Assert.That(code8, Is.EqualTo(ExitCodes.Success), log8);
            Assert.That(Rows(bare), Is.EqualTo(storeyRows));
        }
    }

    [Test]
    public void Tomtom_UnknownQueryIdOrBadBackground_IsInvalidInputNamingIt()
    {
        string[] common = ["tomtom", "-q", SharedData.Path("parallel_tomtom/Motifs.meme"), "-t", SharedData.Path("parallel_tomtom/Motifs.meme")];
        var (code, _, error) = CliHarness.Run([.. common, "--query-id", "nope"]);
        var (code2, _, error2) = CliHarness.Run([.. common, "--background", "0.5,0.5"]);
        var (code3, _, error3) = CliHarness.Run([.. common, "--qvalues", "storey2"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain("--query-id").And.Contain("'nope'"));
            Assert.That(code2, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error2, Does.Contain("--background"));
            Assert.That(code3, Is.Not.EqualTo(ExitCodes.Success));
        }
    }

    [Test]
    public void Scan_WritesFimoTsvAndGff_WithPseudocountAndBackground()
    {
        using var scratch = new ScratchFolder();
        var motifs = scratch.WriteText("m.meme", "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\nBackground letter frequencies\nA 0.35 C 0.15 G 0.15 T 0.35\n\n"
            + "MOTIF AP1 FOS::JUN\nletter-probability matrix: alength= 4 w= 7 nsites= 20 E= 0\n"
            + "0.05 0.05 0.05 0.85\n0.05 0.05 0.85 0.05\n0.85 0.05 0.05 0.05\n0.05 0.85 0.05 0.05\n0.05 0.05 0.05 0.85\n0.05 0.85 0.05 0.05\n0.85 0.05 0.05 0.05\n");
        var fasta = scratch.WriteText("s.fa", ">plus\nCCCCCCTGACTCACCCCCC\n>minus\nGGGGGTGAGTCAGGGGGG\n");
        var gff = scratch.PathOf("hits.gff");
        var tsv = scratch.PathOf("hits.tsv");
        var (code, _, log) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-3", "-o", tsv, "--gff", gff);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var (code2, pseudo, log2) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-3", "--pseudocount", "5");
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        var (code3, motifBackground, log3) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-3", "--background", "motif-file");
        Assert.That(code3, Is.EqualTo(ExitCodes.Success), log3);
        var (code4, explicitBackground, log4) = CliHarness.Run("scan", "-m", motifs, "-s", fasta, "--thresh", "1e-3", "--background", "0.35,0.15,0.15,0.35");
        Assert.That(code4, Is.EqualTo(ExitCodes.Success), log4);
        var tsvRows = File.ReadAllLines(tsv);
        var gffRows = File.ReadAllLines(gff);
        var set = MotifFile.Read(motifs);
        var expected = new MotifScanner(set[0], new MotifScanOptions { PValueThreshold = 1e-3 }).Scan(["CCCCCCTGACTCACCCCCC", "GGGGGTGAGTCAGGGGGG"]);
        var expectedPseudo = new MotifScanner(set[0], new MotifScanOptions { PValueThreshold = 1e-3, Pseudocount = 5 }).Scan(["CCCCCCTGACTCACCCCCC", "GGGGGTGAGTCAGGGGGG"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tsvRows[0], Is.EqualTo("motif_id\tmotif_alt_id\tsequence_name\tstart\tstop\tstrand\tscore\tp-value\tq-value\tmatched_sequence"));
            Assert.That(tsvRows.Skip(1).Select(r => r.Split('\t')[1]), Is.All.EqualTo("FOS::JUN"));
            Assert.That(tsvRows, Has.Length.EqualTo(expected.Count + 1));
            Assert.That(gffRows[0], Is.EqualTo("##gff-version 3"));
            Assert.That(gffRows, Has.Length.EqualTo(expected.Count + 1));
            Assert.That(gffRows[1], Does.StartWith("plus\tfimo\tnucleotide_motif\t7\t13\t").And.Contain("\t+\t.\tName=AP1_plus+;Alias=FOS::JUN;ID=AP1-FOS::JUN-1-plus;pvalue="));
            Assert.That(Rows(pseudo).Select(r => double.Parse(r[6], CultureInfo.InvariantCulture)), Is.EqualTo(expectedPseudo.Select(h => h.Score)).Within(1e-4));
            Assert.That(motifBackground, Is.EqualTo(explicitBackground), "motif-file reads the file's background letter frequencies");
            Assert.That(Rows(motifBackground).Select(r => r[6]), Is.Not.EqualTo(tsvRows.Skip(1).Select(r => r.Split('\t')[6])), "a skewed background changes the scores");
        }
    }

    private static List<string[]> Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'))];

    [Test]
    public void Tomtom_MissingQueryFile_IsInvalidInput()
    {
        var (code, _, error) = CliHarness.Run("tomtom", "-q", "/nonexistent/q.meme", "-t", SharedData.Path("parallel_tomtom/Motifs.meme"));
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("q.meme"));
    }
}

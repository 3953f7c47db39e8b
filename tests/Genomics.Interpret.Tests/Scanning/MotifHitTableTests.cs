using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Scanning;

/// <summary>FIMO's output files (fimo.tsv and fimo.gff) and the scanner's alt id, pseudocount and background.</summary>
public sealed class MotifHitTableTests
{
    private const string Meme = """
        MEME version 4

        ALPHABET= ACGT

        strands: + -

        Background letter frequencies
        A 0.3 C 0.2 G 0.2 T 0.3

        MOTIF MA0099.3 FOS::JUN
        letter-probability matrix: alength= 4 w= 7 nsites= 20 E= 0
        0.05 0.05 0.05 0.85
        0.05 0.05 0.85 0.05
        0.85 0.05 0.05 0.05
        0.05 0.85 0.05 0.05
        0.05 0.05 0.05 0.85
        0.05 0.85 0.05 0.05
        0.85 0.05 0.05 0.05

        MOTIF plain
        letter-probability matrix: alength= 4 w= 4 nsites= 10 E= 0
        0.7 0.1 0.1 0.1
        0.1 0.7 0.1 0.1
        0.1 0.1 0.7 0.1
        0.1 0.1 0.1 0.7
        """;

    private static MotifSet Motifs() => MemeMotifFormat.Read(new StringReader(Meme));

    [TestCase(0.0001, 6, "0.0001")]
    [TestCase(0.00001, 6, "1e-05")]
    [TestCase(123456.0, 6, "123456")]
    [TestCase(1234567.0, 6, "1.23457e+06")]
    [TestCase(100.0, 6, "100")]
    [TestCase(-2.25, 6, "-2.25")]
    [TestCase(0.000123456, 3, "0.000123")]
    [TestCase(1.23456e-7, 3, "1.23e-07")]
    [TestCase(1000.0, 3, "1e+03")]
    [TestCase(999.5, 3, "1e+03")]
    [TestCase(1e-300, 3, "1e-300")]
    [TestCase(0.99996, 4, "1")]
    [TestCase(0.0, 3, "0")]
    public void CFormat_PrintsAsCsPercentG(double value, int precision, string expected) =>
        Assert.That(CFormat.G(value, precision), Is.EqualTo(expected)); // expected values from Python's C-backed '%.*g'

    [Test]
    public void Tsv_HasFimosColumnsInFimosOrder()
    {
        MotifHit[] hits =
        [
            new("MA0099.3", 0, 9, 16, Strand.Forward, 12.3456789, 1.234e-5, null, "TGACTCA") { MotifAltId = "FOS::JUN" },
            new("plain", 1, 0, 4, Strand.Reverse, -3.5, 0.00033, 0.0123456, "ACGT"),
        ];
        var writer = new StringWriter();
        MotifHitTable.WriteTsv(writer, hits, ["chr1:100-200", "s2"]);
        Assert.That(writer.ToString(), Is.EqualTo(
            "motif_id\tmotif_alt_id\tsequence_name\tstart\tstop\tstrand\tscore\tp-value\tq-value\tmatched_sequence\n"
            + "MA0099.3\tFOS::JUN\tchr1:100-200\t10\t16\t+\t12.3457\t1.23e-05\t\tTGACTCA\n"
            + "plain\t\ts2\t1\t4\t-\t-3.5\t0.00033\t0.0123\tACGT\n"));
    }

    [Test]
    public void Gff3_WritesFimosFeatureLines()
    {
        MotifHit[] hits =
        [
            new("MA0099.3", 0, 9, 16, Strand.Forward, 12.3, 1.234e-5, null, "TGACTCA") { MotifAltId = "FOS::JUN" },
            new("MA0099.3", 0, 30, 37, Strand.Reverse, 11.0, 0.00033, null, "TGAGTCA") { MotifAltId = "FOS::JUN" },
            new("MA0099.3", 1, 2, 9, Strand.Forward, 20, 0.0, null, "TGACTCA") { MotifAltId = "FOS::JUN" },
            new("plain", 1, 0, 4, Strand.Forward, 5, 0.00033, 0.0123456, "ACGT"),
        ];
        var writer = new StringWriter();
        MotifHitTable.WriteGff3(writer, hits, ["chr1", "s2"]);
        var lines = writer.ToString().Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo("##gff-version 3"));
            Assert.That(lines[1], Is.EqualTo("chr1\tfimo\tnucleotide_motif\t10\t16\t49.1\t+\t.\tName=MA0099.3_chr1+;Alias=FOS::JUN;ID=MA0099.3-FOS::JUN-1-chr1;pvalue=1.23e-05;sequence=TGACTCA;"));
            Assert.That(lines[2], Is.EqualTo("chr1\tfimo\tnucleotide_motif\t31\t37\t34.8\t-\t.\tName=MA0099.3_chr1-;Alias=FOS::JUN;ID=MA0099.3-FOS::JUN-2-chr1;pvalue=0.00033;sequence=TGAGTCA;"));
            Assert.That(lines[3], Is.EqualTo("s2\tfimo\tnucleotide_motif\t3\t9\t1e+03\t+\t.\tName=MA0099.3_s2+;Alias=FOS::JUN;ID=MA0099.3-FOS::JUN-1-s2;pvalue=0;sequence=TGACTCA;"));
            Assert.That(lines[4], Is.EqualTo("s2\tfimo\tnucleotide_motif\t1\t4\t34.8\t+\t.\tName=plain_s2+;Alias=;ID=plain-1-s2;pvalue=0.00033;qvalue=0.0123;sequence=ACGT;"));
            Assert.That(lines[5], Is.Empty);
        }
    }

    [Test]
    public void Writers_RefuseAHitWithoutASequenceName()
    {
        MotifHit[] hits = [new("m", 3, 0, 4, Strand.Forward, 1, 0.01, null, "ACGT")];
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => MotifHitTable.WriteTsv(new StringWriter(), hits, ["a"]));
            Assert.Throws<ArgumentOutOfRangeException>(() => MotifHitTable.WriteGff3(new StringWriter(), hits, ["a"]));
        }
    }

    [Test]
    public void Scanner_ReportsTheMotifsAltId()
    {
        var motifs = Motifs();
        var sequence = "CCCCCTGACTCACCCCCACGTCC";
        var named = new MotifScanner(motifs[0], new MotifScanOptions { PValueThreshold = 1e-2 }).Scan(sequence);
        var plain = new MotifScanner(motifs[1], new MotifScanOptions { PValueThreshold = 0.05 }).Scan(sequence);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(named, Is.Not.Empty);
            Assert.That(named.Select(h => h.MotifAltId), Is.All.EqualTo("FOS::JUN"));
            Assert.That(plain, Is.Not.Empty);
            Assert.That(plain.Select(h => h.MotifAltId), Is.All.Null);
        }
    }

    [Test]
    public void PseudocountAndBackground_EnterTheLogOddsAsFimosMotifPseudo()
    {
        // FIMO: p' = (p · nsites + c · b) / (nsites + c), score = log2(p' / b), with b the background.
        var motif = Motifs()[0];
        var background = new MotifBackground([0.3, 0.2, 0.2, 0.3]);
        const double c = 1.5;
        var scanner = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 1, Pseudocount = c, Background = background, BothStrands = false });
        const string site = "TGACTCA";
        var hit = scanner.Scan(site).Single();
        var expected = 0.0;
        for (var w = 0; w < site.Length; w++)
        {
            var a = "ACGT".IndexOf(site[w], StringComparison.Ordinal);
            var p = ((motif.Probabilities[a, w] * 20) + (c * background[a])) / (20 + c);
            expected += Math.Log2(p / background[a]);
        }

        var defaults = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 1, BothStrands = false }).Scan(site).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hit.Score, Is.EqualTo(expected).Within(1e-12));
            Assert.That(defaults.Score, Is.Not.EqualTo(hit.Score).Within(1e-6), "the options must change the score");
        }
    }
}

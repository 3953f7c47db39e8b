using Genomics.Interpret.Motifs;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class MemeMotifFormatTests
{
    [TestCase("basset/Homo_sapiens.meme", 734, "M0085_1.02", "(TFAP2E)_(Mus_musculus)_(DBD_0.99)", 10)]
    [TestCase("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme", 841, "MA0004.1", "Arnt", 6)]
    [TestCase("deepallele/JASPAR2020_CORE_vertebrates_non-redundant_pfms.TFnames.meme", 746, "Arnt", null, 6)]
    [TestCase("neuronmotif/motifDB.txt", 1011, "MA0006.1", "Ahr::Arnt", 6)]
    [TestCase("deepdife/jaspar_cisbp_other_source_no_high_similarity_tfbs_annot.meme", 2016, "M00008_AT_hook", null, 7)]
    [TestCase("parallel_tomtom/Motifs.meme", 10, "1", "TCTACCTTGC", 10)]
    public void Read_RealDatabases_HaveExpectedCounts(string file, int count, string firstId, string? firstName, int firstWidth)
    {
        var set = MemeMotifFormat.Read(SharedData.Path(file));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Has.Count.EqualTo(count));
            Assert.That(set[0].Id, Is.EqualTo(firstId));
            Assert.That(set[0].Name, Is.EqualTo(firstName));
            Assert.That(set[0].Width, Is.EqualTo(firstWidth));
            Assert.That(set.BothStrands, Is.True);
            Assert.That(set.Background, Is.EqualTo(MotifBackground.Uniform));
            Assert.That(set.Select(m => m.Id).Distinct().Count(), Is.EqualTo(count));
        }
    }

    [Test]
    public void Read_JasparValuesUrlAndSites()
    {
        var set = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"));
        var arnt = set[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arnt.Probabilities.Column(0), Is.EqualTo(new[] { 0.2, 0.8, 0, 0 }));
            Assert.That(arnt.Probabilities.Column(1), Is.EqualTo(new[] { 0.95, 0, 0.05, 0 }));
            Assert.That(arnt.Sites, Is.EqualTo(20));
            Assert.That(arnt.EValue, Is.Zero);
            Assert.That(arnt.Url, Is.EqualTo("http://jaspar2022.genereg.net/matrix/MA0004.1"));
            Assert.That(arnt.Probabilities.Consensus(), Is.EqualTo("CACGTG"));
            Assert.That(arnt.Provenance, Does.EndWith(":10"));
            Assert.That(set.Find("MA1548.1")!.Probabilities.Consensus(), Is.EqualTo("TGGGCCCCCT"));
            Assert.That(set.Find("MA1548.1")!.Probabilities.ReverseComplement().Consensus(), Is.EqualTo("AGGGGGCCCA"));
        }
    }

    [Test]
    public void Read_ToleratesRnaTabsMissingWidthAndLogOddsBlocks()
    {
        const string text = "MEME version 5.0.5\r\n\r\nALPHABET= ACGU\n\nstrands: +\n\nBackground letter frequencies (from file):\n"
            + "A 0.3 C 0.2\nG 0.2 U 0.3\n\n"
            + "MOTIF  r1\tmiR-1 seed  \n"
            + "log-odds matrix: alength= 4 w= 2 E= 0\n 1 -1 -1 -1\n -1 1 -1 -1\n"
            + "letter-probability matrix:alength=4 nsites=  7 E= 1.5e-3\n"
            + "\t1.0\t0\t0\t0\n\n0 0.5 0.5 0\n0,0,0,1\n"
            + "URL   http://example.org/r1\n"
            + "MOTIF r2\nletter-probability matrix: alength= 4 w= 1\n0.25 0.25 0.25 0.25\n";
        var set = MemeMotifFormat.Read(new StringReader(text), "inline.meme");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Has.Count.EqualTo(2));
            Assert.That(set.Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(set.BothStrands, Is.False);
            Assert.That(set.Background.ToArray(), Is.EqualTo(new[] { 0.3, 0.2, 0.2, 0.3 }).Within(1e-12));
            Assert.That(set[0].Name, Is.EqualTo("miR-1 seed"));
            Assert.That(set[0].Width, Is.EqualTo(3));
            Assert.That(set[0].Sites, Is.EqualTo(7));
            Assert.That(set[0].EValue, Is.EqualTo(1.5e-3));
            Assert.That(set[0].Url, Is.EqualTo("http://example.org/r1"));
            Assert.That(set[0].Probabilities.Consensus(), Is.EqualTo("ACU"));
            Assert.That(set[1].Sites, Is.Null);
        }
    }

    [Test]
    public void Read_CustomAlphabetBlock()
    {
        const string text = "MEME version 5\nALPHABET \"RNA\" RNA-LIKE\nA\nC\nG\nU\nEND ALPHABET\nMOTIF x\nletter-probability matrix: w= 1\n0 0 0 1\n";
        Assert.That(MemeMotifFormat.Read(new StringReader(text)).Alphabet, Is.SameAs(Alphabet.Rna));
    }

    [TestCase("MOTIF a\nletter-probability matrix: w= 1\n1 0 0 0\n", 1, "MEME version")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 2\n1 0 0 0\n", 3, "ended early")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 2\n1 0 0 0\nURL x\n", 5, "row expected")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 1\n1 0 0\n", 4, "3 values")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 1\n0.5 0 0 0\n", 3, "sums to")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 1\n1.5 -0.5 0 0\n", 3, "≥ 0")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 1\nNaN 0 0 1\n", 3, "finite")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: w= 999999999\n1 0 0 0\n", 3, "width")]
    [TestCase("MEME version 4\nMOTIF a\nMOTIF b\nletter-probability matrix: w= 1\n1 0 0 0\n", 2, "no letter-probability")]
    [TestCase("MEME version 4\nALPHABET= ACDEFGHIKLMNPQRSTVWY\n", 2, "unsupported alphabet")]
    [TestCase("MEME version 4\nBackground letter frequencies\nA 0.5 C 0.5 G 0.5 T 0.5\n", 2, "sum")]
    [TestCase("MEME version 4\nMOTIF a\nletter-probability matrix: alength= 20 w= 1\n1 0 0 0\n", 3, "alength")]
    public void Read_MalformedInput_NamesLineAndReason(string text, int line, string reason)
    {
        var error = Assert.Throws<DataFormatException>(() => MemeMotifFormat.Read(new StringReader(text), "bad.meme"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.File, Is.EqualTo("bad.meme"));
            Assert.That(error.Line, Is.EqualTo(line));
            Assert.That(error.Reason, Does.Contain(reason));
        }
    }

    [Test]
    public void Read_NullArguments_Throw()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => MemeMotifFormat.Read((string)null!), Throws.ArgumentNullException);
            Assert.That(() => MemeMotifFormat.Read((TextReader)null!), Throws.ArgumentNullException);
        }
    }

    [Test]
    public void WriteThenRead_RoundTripsExactly()
    {
        var original = MemeMotifFormat.Read(SharedData.Path("basset/Homo_sapiens.meme"));
        var rna = new MotifSet(
            [new Motif("r", PositionProbabilityMatrix.FromConsensus("ACGU"), "x y") { Sites = 3.5, EValue = 1e-20, Url = "u" }],
            new MotifBackground([0.1, 0.4, 0.4, 0.1]),
            bothStrands: false);
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("out.meme");
        MemeMotifFormat.Write(path, original);
        var back = MemeMotifFormat.Read(path);
        MemeMotifFormat.Write(path, rna);
        var rnaBack = MemeMotifFormat.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Has.Count.EqualTo(original.Count));
            Assert.That(back.Select(m => m.Probabilities), Is.EqualTo(original.Select(m => m.Probabilities)));
            Assert.That(back.Select(m => m.Name), Is.EqualTo(original.Select(m => m.Name)));
            Assert.That(back.Select(m => m.Url), Is.EqualTo(original.Select(m => m.Url)));
            Assert.That(rnaBack.Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(rnaBack.BothStrands, Is.False);
            Assert.That(rnaBack.Background, Is.EqualTo(rna.Background));
            Assert.That(rnaBack[0] with { Provenance = null }, Is.EqualTo(rna[0]));
            Assert.That(Directory.GetFiles(scratch.Root), Has.Length.EqualTo(1));
        }
    }
}

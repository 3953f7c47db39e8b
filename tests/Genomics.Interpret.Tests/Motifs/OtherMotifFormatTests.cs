using Genomics.Interpret.Motifs;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class JasparMotifFormatTests
{
    private const string Jaspar = ">MA0004.1\tArnt\nA  [     4     19      0      0      0      0 ]\nC  [    16      0     20      0      0      0 ]\n"
        + "G  [     0      1      0     20      0     20 ]\nT  [     0      0      0      0     20      0 ]\n\n"
        + ">MA0006.1 Ahr::Arnt\nT [ 11 1 1 1 24 0 ]\nA [ 3 0 0 0 0 0 ]\nC [ 8 0 23 0 0 0 ]\nG [ 2 23 0 23 0 24 ]\n";

    [Test]
    public void Read_JasparRecordsInAnyRowOrder()
    {
        var set = JasparMotifFormat.Read(new StringReader(Jaspar), "x.jaspar");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Has.Count.EqualTo(2));
            Assert.That(set[0].Id, Is.EqualTo("MA0004.1"));
            Assert.That(set[0].Name, Is.EqualTo("Arnt"));
            Assert.That(set[0].Sites, Is.EqualTo(20));
            Assert.That(set[0].Probabilities.Column(1), Is.EqualTo(new[] { 0.95, 0, 0.05, 0 }));
            Assert.That(set[1].Probabilities.Consensus(), Is.EqualTo("TGCGTG"));
            Assert.That(set[1].Probabilities.Column(0), Is.EqualTo(new[] { 3 / 24.0, 8 / 24.0, 2 / 24.0, 11 / 24.0 }));
        }
    }

    [Test]
    public void Read_NeuronMotifPfmFiles()
    {
        var zeb1 = JasparMotifFormat.Read(SharedData.Path("neuronmotif/demo1/PWM0"));
        var ctcf = JasparMotifFormat.Read(SharedData.Path("neuronmotif/demo2/PWM"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(zeb1, Has.Count.EqualTo(1));
            Assert.That(zeb1[0].Id, Is.EqualTo("PWM0"));
            Assert.That(zeb1[0].Width, Is.EqualTo(8));
            Assert.That(zeb1[0].Probabilities[0, 0], Is.EqualTo(3211.0 / (3211 + 7998 + 5228 + 3692)).Within(1e-12));
            Assert.That(zeb1[0].Probabilities.Consensus(), Is.EqualTo("CCCACCTG"));
            Assert.That(ctcf[0].Width, Is.EqualTo(19));
        }
    }

    [Test]
    public void WriteThenRead_RoundTrips()
    {
        var original = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"));
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("db.jaspar");
        JasparMotifFormat.Write(path, original);
        var back = JasparMotifFormat.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Has.Count.EqualTo(841));
            Assert.That(back.Select(m => m.Id), Is.EqualTo(original.Select(m => m.Id)));
            Assert.That(back.Select(m => m.Name), Is.EqualTo(original.Select(m => m.Name)));
            Assert.That(back.Zip(original).All(p => p.First.Probabilities.ApproximatelyEquals(p.Second.Probabilities, 1e-5)), Is.True);
        }
    }

    [TestCase(">a\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\n", 1, "3 rows")]
    [TestCase(">a\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\nT [ 1 ]\n", 1, "different lengths")]
    [TestCase(">a\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\nX [ 1 2 ]\n", 5, "row label")]
    [TestCase(">a\nA [ 0 2 ]\nC [ 0 2 ]\nG [ 0 2 ]\nT [ 0 2 ]\n", 1, "no counts")]
    [TestCase(">a\nA [ 1 -2 ]\nC [ 1 2 ]\nG [ 1 2 ]\nT [ 1 2 ]\n", 1, "finite")]
    [TestCase(">a\nA [ 1 2\n", 2, "']'")]
    [TestCase("1 2\nfoo\n", 2, "numbers")]
    public void Read_MalformedInput_Throws(string text, int line, string reason)
    {
        var error = Assert.Throws<DataFormatException>(() => JasparMotifFormat.Read(new StringReader(text), "bad.jaspar"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Line, Is.EqualTo(line));
            Assert.That(error.Reason, Does.Contain(reason));
        }
    }
}

public sealed class ChenMotifFormatTests
{
    [Test]
    public void Read_CountRows()
    {
        var set = ChenMotifFormat.Read(new StringReader(">m1 neuron 5\n10 0 0 0\n0 5 5 0\n\n>m2\n1 1 1 1\n"), "c.txt", Alphabet.Rna);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Has.Count.EqualTo(2));
            Assert.That(set[0].Name, Is.EqualTo("neuron 5"));
            Assert.That(set[0].Sites, Is.EqualTo(10));
            Assert.That(set[0].Probabilities.Column(1), Is.EqualTo(new[] { 0, 0.5, 0.5, 0 }));
            Assert.That(set.Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(set[1].Width, Is.EqualTo(1));
        }
    }

    [Test]
    public void WriteThenRead_RoundTripsWithinRounding()
    {
        var original = MemeMotifFormat.Read(SharedData.Path("neuronmotif/motifDB.txt"));
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("chen.txt");
        ChenMotifFormat.Write(path, original, totalCount: 10000);
        var back = ChenMotifFormat.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Has.Count.EqualTo(1011));
            Assert.That(back.Select(m => m.Id), Is.EqualTo(original.Select(m => m.Id)));
            Assert.That(back.Zip(original).All(p => p.First.Probabilities.ApproximatelyEquals(p.Second.Probabilities, 3e-4)), Is.True);
            Assert.That(() => ChenMotifFormat.Write(path, original, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [TestCase("10 0 0 0\n", 1, "'>name'")]
    [TestCase(">a\n", 1, "no rows")]
    [TestCase(">a\n1 2 3\n", 2, "4 counts")]
    [TestCase(">a\n0 0 0 0\n", 1, "no counts")]
    public void Read_MalformedInput_Throws(string text, int line, string reason)
    {
        var error = Assert.Throws<DataFormatException>(() => ChenMotifFormat.Read(new StringReader(text)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Line, Is.EqualTo(line));
            Assert.That(error.Reason, Does.Contain(reason));
        }
    }
}

public sealed class ConsensusCsvFormatTests
{
    [Test]
    public void Read_ParallelTomtomQueries_MatchTheMemeFile()
    {
        var csv = ConsensusCsvFormat.Read(SharedData.Path("parallel_tomtom/Motifs.csv"));
        var meme = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/Motifs.meme"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(csv, Has.Count.EqualTo(10));
            Assert.That(csv.Select(m => m.Id), Is.EqualTo(meme.Select(m => m.Id)));
            Assert.That(csv.Select(m => m.Name), Is.EqualTo(meme.Select(m => m.Name)));
            Assert.That(csv.Select(m => m.Probabilities), Is.EqualTo(meme.Select(m => m.Probabilities)));
        }
    }

    [Test]
    public void WriteThenRead_RoundTripsConsensus()
    {
        var motifs = new[] { "ACGTRYN", "GGGGGCACAC" }.Select((c, i) => new Motif($"m{i}", PositionProbabilityMatrix.FromConsensus(c))).ToList();
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("m.csv");
        ConsensusCsvFormat.Write(path, motifs);
        var back = ConsensusCsvFormat.Read(path);
        Assert.That(back.Select(m => m.Probabilities), Is.EqualTo(motifs.Select(m => m.Probabilities)));
    }

    [Test]
    public void Read_InvalidRowAfterHeader_Throws()
    {
        var error = Assert.Throws<DataFormatException>(() => ConsensusCsvFormat.Read(new StringReader("Motifs\nACGT\nAC-T\n"), "q.csv"));
        Assert.That(error!.Line, Is.EqualTo(3));
    }
}

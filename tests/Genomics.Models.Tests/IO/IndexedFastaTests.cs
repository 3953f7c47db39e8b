using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class IndexedFastaTests
{
    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [TestCase("\n")]
    [TestCase("\r\n")]
    public void Fetch_EqualsSlicingForEveryRange(string newline)
    {
        var random = new Random(11);
        var records = new[] { 23, 7, 1, 30 }
            .Select((length, i) => new FastaRecord($"s{i}", "synthetic", new string(Enumerable.Range(0, length).Select(_ => "ACGTacgtN"[random.Next(9)]).ToArray())))
            .ToArray();
        using var writer = new StringWriter();
        FastaWriter.Write(writer, records, lineWidth: 7);
        var path = _folder.WriteText("random.fa", writer.ToString().Replace("\n", newline, StringComparison.Ordinal));

        using var fasta = IndexedFasta.Open(path);
        foreach (var record in records)
        {
            var length = record.Sequence.Length;
            Assert.That(fasta.GetLength(record.Id), Is.EqualTo(length));
            for (var start = 0; start <= length; start++)
            {
                for (var end = start; end <= length; end++)
                {
                    Assert.That(fasta.Fetch(record.Id, start, end), Is.EqualTo(record.Sequence[start..end]), $"{record.Id}:{start}-{end}");
                }
            }
        }
    }

    [Test]
    public void Fetch_ExamplePromotersMatchTheReader()
    {
        var path = SharedData.Path("deepdife", "example.fasta_c1");
        var records = FastaReader.Read(path).ToList();
        using var fasta = IndexedFasta.Open(path);
        using (Assert.EnterMultipleScope())
        {
            foreach (var i in new[] { 0, 1, 500, 988 })
            {
                Assert.That(fasta.Fetch(records[i].Id), Is.EqualTo(records[i].Sequence));
            }

            Assert.That(fasta.Fetch(records[1].Id, 100, 131), Is.EqualTo(new string('N', 31)), "samtools faidx region :101-131");
        }
    }

    [Test]
    public void Open_UsesAnExistingIndexFile()
    {
        var path = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        FastaIndex.Build(path).Write(FastaIndex.DefaultPathFor(path));
        using var fasta = IndexedFasta.Open(path);
        Assert.That(fasta.Fetch("last", 8, 12), Is.EqualTo("acgg"));
    }

    [Test]
    public void Open_StaleIndexPointingPastTheEndIsAnError()
    {
        var path = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        File.WriteAllText(FastaIndex.DefaultPathFor(path), "chr1\t5000\t23\t10\t11\n");
        Assert.That(
            () => IndexedFasta.Open(path),
            Throws.TypeOf<DataFormatException>().With.Message.Contains("stale").And.Property("File").EqualTo(FastaIndex.DefaultPathFor(path)));
    }

    [Test]
    public void Fetch_IntervalOnReverseStrandIsReverseComplemented()
    {
        var path = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        using var fasta = IndexedFasta.Open(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fasta.Fetch(new BedInterval("chr1", 8, 14, Strand: Strand.Forward)), Is.EqualTo("ACGGCC"));
            Assert.That(fasta.Fetch(new BedInterval("chr1", 8, 14)), Is.EqualTo("ACGGCC"));
            Assert.That(fasta.Fetch(new BedInterval("chr1", 8, 14, Strand: Strand.Reverse)), Is.EqualTo("GGCCGT"));
            Assert.That(fasta.Fetch(new BedInterval("last", 9, 12, Strand: Strand.Reverse)), Is.EqualTo("ccg"));
        }
    }

    [Test]
    public void FetchRecords_ExtractsStrandAwareSequencesFromBed()
    {
        var fastaPath = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        var bedPath = _folder.WriteText("regions.bed", "track name=test\nchr2\t2\t10\tpeak1\t0\t-\nchr1\t0\t4\nchrM\t1\t4\t.\t.\t+\n");
        using var fasta = IndexedFasta.Open(fastaPath);
        var records = fasta.FetchRecords(BedReader.Read(bedPath)).ToList();
        Assert.That(records, Is.EqualTo(new[]
        {
            new FastaRecord("peak1", "chr2:2-10(-)", Alphabet.Dna.ReverseComplement("TTGGGGCC")),
            new FastaRecord("chr1:0-4", string.Empty, "ACGT"),
            new FastaRecord("chrM:1-4(+)", string.Empty, "CGT"),
        }));
    }

    [Test]
    public void Fetch_InvalidArgumentsThrowWithParameterNames()
    {
        var path = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        using var fasta = IndexedFasta.Open(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => fasta.Fetch("chrX", 0, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
            Assert.That(() => fasta.Fetch("chr1", -1, 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("start"));
            Assert.That(() => fasta.Fetch("chr1", 5, 4), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("end"));
            Assert.That(() => fasta.Fetch("chr1", 0, 24), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("end"));
            Assert.That(() => fasta.Fetch(new BedInterval("chrX", 0, 1)), Throws.ArgumentException.With.Property("ParamName").EqualTo("interval"));
            Assert.That(() => fasta.Fetch(new BedInterval("chr1", 20, 30)), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("interval"));
        }
    }

    [Test]
    public void Fetch_AfterDisposeThrows()
    {
        var path = _folder.WriteText("layout.fa", FastaIndexTests.LayoutFasta);
        var fasta = IndexedFasta.Open(path);
        fasta.Dispose();
        Assert.That(() => fasta.Fetch("chr1", 0, 1), Throws.TypeOf<ObjectDisposedException>());
    }
}

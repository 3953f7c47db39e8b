using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class VcfReaderTests
{
    //                           1         2         3
    //                  123456789012345678901234567890
    private const string Chr1 = "ACGTACGTTTGACTCAGGGGCCCCAAAATT";
    private const string Chr2 = "GATTACAGATTACA";

    private const string Header = "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=30>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n";

    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void MultiAllelicRecords_AreSplit_SymbolicAllelesSkippedAndCounted()
    {
        var path = _folder.WriteText("calls.vcf", Header +
            "chr1\t3\trs1\tG\tA,T\t50\tPASS\t.\tGT\t1/2\n" +
            "chr1\t9\t.\tTTG\tT\t.\t.\tDP=3\tGT\t0/1\n" +
            "chr1\t12\tsv1\tA\t<DEL>,*,AC\t.\tPASS\tSVTYPE=DEL\tGT\t0/1\n" +
            "chr2\t5\t.\ta\tG[chr1:3[\t.\tPASS\t.\tGT\t0/1\n");
        var summary = new VcfReadSummary();
        using var genome = Genome();
        var variants = VcfReader.Read(path, genome, summary: summary).ToList();
        Assert.That(variants.Select(v => v.Key), Is.EqualTo(new[] { "chr1:3:G:A", "chr1:3:G:T", "chr1:9:TTG:T", "chr1:12:A:AC" }));
        Assert.That(variants.Select(v => (v.RecordIndex, v.AlleleIndex, v.Line)), Is.EqualTo(new[] { (0L, 1, 4), (0L, 2, 4), (1L, 1, 5), (2L, 3, 6) }));
        Assert.That(variants[0].Id, Is.EqualTo("rs1"));
        Assert.That(variants[2].Id, Is.Null);
        Assert.That((variants[2].Start, variants[2].End, variants[2].IsSnv, variants[0].IsSnv), Is.EqualTo((8L, 11L, false, true)));
        Assert.That((summary.Records, summary.Alleles, summary.SymbolicSkipped, summary.ReferenceMismatches), Is.EqualTo((4L, 4L, 3L, 0L)));
        Assert.That(summary.ToString(), Does.Contain("3 symbolic"));
    }

    [Test]
    public void ReferenceMismatch_NamesFileLineAndBothSequences_OrIsSkippedWhenAsked()
    {
        var path = _folder.WriteText("wrong.vcf", Header + "chr1\t3\t.\tG\tA\t.\t.\t.\n" + "chr1\t5\t.\tC\tT\t.\t.\t.\n" + "chr1\t6\t.\tC\tT\t.\t.\t.\n");
        using var genome = Genome();
        var error = Assert.Throws<DataFormatException>(() => VcfReader.Read(path, genome).ToList())!;
        Assert.That(error.Message, Does.Contain(path).And.Contain(":5:").And.Contain("'C'").And.Contain("'A'").And.Contain("chr1:5"));
        var summary = new VcfReadSummary();
        var kept = VcfReader.Read(path, genome, new VcfReadOptions { SkipReferenceMismatches = true }, summary).ToList();
        Assert.That(kept.Select(v => v.Key), Is.EqualTo(new[] { "chr1:3:G:A", "chr1:6:C:T" }));
        Assert.That(summary.ReferenceMismatches, Is.EqualTo(1));
    }

    [Test]
    public void UnknownChromosome_OrAlleleBeyondItsEnd_IsAnError()
    {
        using var genome = Genome();
        var unknown = _folder.WriteText("chrom.vcf", Header + "1\t3\t.\tG\tA\t.\t.\t.\n");
        Assert.That(() => VcfReader.Read(unknown, genome).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("chromosome '1'").And.Message.Contain("'chr1'"));
        var beyond = _folder.WriteText("end.vcf", Header + "chr2\t14\t.\tAC\tA\t.\t.\t.\n");
        Assert.That(() => VcfReader.Read(beyond, genome).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("past the end"));
    }

    [TestCase("chr1\tX\t.\tG\tA\t.\t.\t.\n", "POS 'X'")]
    [TestCase("chr1\t0\t.\tG\tA\t.\t.\t.\n", "POS '0'")]
    [TestCase("chr1\t3\t.\tG\tA\n", "8 tab-separated columns")]
    [TestCase("chr1\t3\t.\tQ\tA\t.\t.\t.\n", "REF 'Q'")]
    [TestCase("chr1\t3\t.\tG\tAZ\t.\t.\t.\n", "ALT allele 'AZ'")]
    public void MalformedRecords_NameTheFileAndLine(string record, string reason)
    {
        var path = _folder.WriteText("bad.vcf", Header + record);
        var error = Assert.Throws<DataFormatException>(() => VcfReader.Read(path).ToList())!;
        Assert.That(error.Message, Does.Contain($"{path}:4:").And.Contain(reason));
    }

    [Test]
    public void MissingOrWrongHeader_IsAnError()
    {
        Assert.That(() => VcfReader.Read(new StringReader("chr1\t3\t.\tG\tA\t.\t.\t.\n"), "x.vcf").ToList(),
            Throws.TypeOf<DataFormatException>().With.Message.Contain("x.vcf:1:").And.Message.Contain("#CHROM"));
        Assert.That(() => VcfReader.Read(new StringReader("##fileformat=VCFv4.2\n"), "y.vcf").ToList(),
            Throws.TypeOf<DataFormatException>().With.Message.Contain("no '#CHROM' header"));
        Assert.That(() => VcfReader.Read(new StringReader("#CHR\tPOS\tID\tREF\tALT\n"), "z.vcf").ToList(),
            Throws.TypeOf<DataFormatException>().With.Message.Contain("z.vcf:1:"));
        Assert.That(() => VcfReader.Read(_folder.PathOf("absent.vcf")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void PassOnly_SkipsFilteredRecords()
    {
        var summary = new VcfReadSummary();
        var text = Header + "chr1\t3\t.\tG\tA\t.\tPASS\t.\n" + "chr1\t4\t.\tT\tA\t.\tLowQual\t.\n" + "chr1\t5\t.\tA\tC\t.\t.\t.\n";
        var variants = VcfReader.Read(new StringReader(text), options: new VcfReadOptions { PassOnly = true }, summary: summary).ToList();
        Assert.That(variants.Select(v => v.Position), Is.EqualTo(new long[] { 3, 5 }));
        Assert.That(summary.FilteredOut, Is.EqualTo(1));
    }

    [Test]
    public void BgzipStyleMultiMemberGzip_IsReadWhole()
    {
        var lines = Enumerable.Range(1, 28).Select(p => $"chr1\t{p}\t.\t{Chr1[p - 1]}\t{(Chr1[p - 1] == 'A' ? 'C' : 'A')}\t.\t.\t.\n").ToList();
        var path = _folder.PathOf("calls.vcf.gz");
        using (var file = File.Create(path))
        {
            foreach (var block in new[] { Header + string.Concat(lines.Take(10)), string.Concat(lines.Skip(10)) })
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(block);
                file.Write(ScratchFolder.Gzip(bytes));   // one gzip member per block, as bgzip writes
            }
        }

        using var genome = Genome();
        Assert.That(VcfReader.Read(path, genome).Count(), Is.EqualTo(28));
    }

    [Test]
    public void Reading_IsLazy_AndDoesNotHoldTheFile()
    {
        var path = _folder.WriteText("lazy.vcf", Header + "chr1\t3\t.\tG\tA\t.\t.\t.\n" + "chr1\t4\t.\tQ\tA\t.\t.\t.\n");
        using var enumerator = VcfReader.Read(path).GetEnumerator();
        Assert.That(enumerator.MoveNext(), Is.True, "the first record is returned before the bad second line is read");
        Assert.That(() => enumerator.MoveNext(), Throws.TypeOf<DataFormatException>());
    }

    private IndexedFasta Genome() => IndexedFasta.Open(_folder.WriteText("genome.fa", $">chr1\n{Chr1[..20]}\n{Chr1[20..]}\n>chr2\n{Chr2}\n"));
}

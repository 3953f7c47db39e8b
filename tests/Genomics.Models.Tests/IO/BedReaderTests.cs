using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class BedReaderTests
{
    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Read_ParsesBed3ToBed6AndSkipsHeaderLines()
    {
        const string Text =
            "browser position chr1:1-100\ntrack name=peaks\n# comment\n\n" +
            "chr1\t10\t20\n" +
            "chr1\t30\t45\tpeakA\n" +
            "chr2\t0\t5\tpeakB\t960\t-\n" +
            "chr3\t7\t7\t.\t.\t.\textra\tcolumns\n";
        var intervals = BedReader.Read(new StringReader(Text)).ToList();
        Assert.That(intervals, Is.EqualTo(new[]
        {
            new BedInterval("chr1", 10, 20),
            new BedInterval("chr1", 30, 45, "peakA"),
            new BedInterval("chr2", 0, 5, "peakB", 960, Strand.Reverse),
            new BedInterval("chr3", 7, 7, null, null, Strand.Unspecified),
        }));
    }

    [Test]
    public void Read_AcceptsSpaceSeparatedLinesAndCrlf()
    {
        var intervals = BedReader.Read(new StringReader("chr1 5 9 a 1.5 +\r\nchr2  1  2\r\n")).ToList();
        Assert.That(intervals, Is.EqualTo(new[]
        {
            new BedInterval("chr1", 5, 9, "a", 1.5, Strand.Forward),
            new BedInterval("chr2", 1, 2),
        }));
    }

    [Test]
    public void Read_GzipFileIsDecompressed()
    {
        var path = _folder.WriteGzip("peaks.bed", "chr1\t1\t3\tp\t0\t+\n");
        Assert.That(BedReader.Read(path).Single(), Is.EqualTo(new BedInterval("chr1", 1, 3, "p", 0, Strand.Forward)));
    }

    [Test]
    public void Length_AndLocusString()
    {
        var interval = new BedInterval("chr2", 100, 250, Strand: Strand.Reverse);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(interval.Length, Is.EqualTo(150));
            Assert.That(interval.ToLocusString(), Is.EqualTo("chr2:100-250(-)"));
        }
    }

    [TestCase("chr1\t20\t10", "before start")]
    [TestCase("chr1\tten\t20", "start 'ten' is not an integer")]
    [TestCase("chr1\t10\t2.5e1", "end '2.5e1' is not an integer")]
    [TestCase("chr1\t-5\t20", "negative")]
    [TestCase("chr1\t10\t20\tname\t0\tx", "strand 'x'")]
    [TestCase("chr1\t10\t20\tname\thigh\t+", "score 'high'")]
    [TestCase("chr1\t10", "at least 3")]
    public void Read_MalformedLineNamesFileAndLine(string badLine, string reason)
    {
        var path = _folder.WriteText("bad.bed", "track name=x\nchr1\t0\t5\n" + badLine + "\n");
        Assert.That(() => BedReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{path}:3: ").And.Message.Contains(reason));
    }

    [Test]
    public void Read_InvalidArgumentsThrowWithParameterNames()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => BedReader.Read(string.Empty), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
            Assert.That(() => BedReader.Read((TextReader)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("reader"));
            Assert.That(() => BedReader.Read(_folder.PathOf("missing.bed")), Throws.TypeOf<FileNotFoundException>());
        }
    }
}

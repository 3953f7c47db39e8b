using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class FastaWriterTests
{
    private static readonly FastaRecord[] s_records =
    [
        new("r1", "first one", "ACGTACGTAC"),
        new("r2", string.Empty, "GG"),
        new("r3", "empty", string.Empty),
    ];

    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Write_WrapsSequencesAtTheLineWidth()
    {
        using var writer = new StringWriter();
        FastaWriter.Write(writer, s_records, lineWidth: 4);
        Assert.That(writer.ToString(), Is.EqualTo(">r1 first one\nACGT\nACGT\nAC\n>r2\nGG\n>r3 empty\n"));
    }

    [Test]
    public void Write_NullLineWidthWritesOneLinePerSequence()
    {
        using var writer = new StringWriter();
        FastaWriter.Write(writer, s_records.Take(1), lineWidth: null);
        Assert.That(writer.ToString(), Is.EqualTo(">r1 first one\nACGTACGTAC\n"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Write_RoundTripsThroughReader(bool gzip)
    {
        var path = _folder.PathOf("out.fa");
        FastaWriter.Write(path, s_records, new FastaWriterOptions { LineWidth = 3, Gzip = gzip });
        var start = File.ReadAllBytes(path)[..2];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FastaReader.Read(path).ToList(), Is.EqualTo(s_records));
            Assert.That(start[0] == 0x1f && start[1] == 0x8b, Is.EqualTo(gzip), "gzip magic bytes");
        }
    }

    [Test]
    public void Write_ReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        var path = _folder.WriteText("out.fa", "old content\n");
        FastaWriter.Write(path, s_records.Take(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo(">r1 first one\nACGTACGTAC\n>r2\nGG\n"));
            Assert.That(Directory.GetFiles(_folder.Root), Is.EqualTo(new[] { path }));
        }
    }

    [Test]
    public void Write_InvalidRecordLeavesTheExistingFileUntouched()
    {
        var path = _folder.WriteText("out.fa", ">keep\nAAAA\n");
        FastaRecord[] records = [new("ok", string.Empty, "AC"), new("bad id", string.Empty, "GG")];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => FastaWriter.Write(path, records),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("records").And.Message.Contains("Record 1"));
            Assert.That(File.ReadAllText(path), Is.EqualTo(">keep\nAAAA\n"));
            Assert.That(Directory.GetFiles(_folder.Root), Is.EqualTo(new[] { path }));
        }
    }

    [Test]
    public void Write_SequenceWithWhitespaceIsRejected()
    {
        using var writer = new StringWriter();
        Assert.That(
            () => FastaWriter.Write(writer, [new FastaRecord("a", string.Empty, "AC GT")]),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("records").And.Message.Contains("position 2"));
    }

    [Test]
    public void Write_InvalidArgumentsThrowWithParameterNames()
    {
        using var writer = new StringWriter();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => FastaWriter.Write(writer, s_records, lineWidth: 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("lineWidth"));
            Assert.That(
                () => FastaWriter.Write(_folder.PathOf("x.fa"), s_records, new FastaWriterOptions { LineWidth = 0 }),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("LineWidth"));
            Assert.That(() => FastaWriter.Write(string.Empty, s_records), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
            Assert.That(() => FastaWriter.Write(writer, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("records"));
            Assert.That(
                () => FastaWriter.Write(Path.Combine(_folder.Root, "missing", "x.fa"), s_records),
                Throws.TypeOf<DirectoryNotFoundException>());
        }
    }
}

using System.Security.Cryptography;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class FastaIndexTests
{
    // Keep identical to the text in tools/reference/fasta-index.sh, which produced the expected index lines with samtools 1.16.1.
    internal const string LayoutFasta =
        ">chr1 first chromosome\nACGTACGTAC\nGGCCAATTGG\nACG\n>chr2\nTTTTGGGG\nCCCCAAAA\n>chrM mito\nACGTN\n\n>empty\n>last\nacgtacgtac\ngg";

    private const string SamtoolsIndex = "chr1\t23\t23\t10\t11\nchr2\t16\t55\t8\t9\nchrM\t5\t84\t5\t6\nlast\t12\t104\t10\t11\n";

    private const string SamtoolsCrlfIndex = "chr1\t23\t24\t10\t12\nchr2\t16\t60\t8\t10\nchrM\t5\t92\t5\t7\nlast\t12\t116\t10\t12\n";

    // SHA-256 of `samtools faidx` output for the DeepDifE example promoters (tools/reference/fasta-index.sh).
    private const string ExampleIndexSha256 = "56390752eba8cd098f53f8e1401af0bafbc608c97748276a5840eae1d90ea3f9";

    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Build_MatchesSamtoolsForLfFile()
    {
        var index = FastaIndex.Build(_folder.WriteText("layout.fa", LayoutFasta));
        Assert.That(ToText(index), Is.EqualTo(SamtoolsIndex));
    }

    [Test]
    public void Build_MatchesSamtoolsForCrlfFile()
    {
        var index = FastaIndex.Build(_folder.WriteText("layout.crlf.fa", LayoutFasta.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.That(ToText(index), Is.EqualTo(SamtoolsCrlfIndex));
    }

    [Test]
    public void Build_MatchesSamtoolsOnExamplePromoters()
    {
        var index = FastaIndex.Build(SharedData.Path("deepdife", "example.fasta_c1"));
        var text = ToText(index);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(index.Entries, Has.Count.EqualTo(989));
            Assert.That(index.Entries[0], Is.EqualTo(new FastaIndexEntry("AT1G34550::Chr1:12650862-12651474(-)", 620, 38, 70, 71)));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), Is.EqualTo(ExampleIndexSha256));
        }
    }

    [Test]
    public void Write_ThenReadGivesTheSameEntries()
    {
        var index = FastaIndex.Build(_folder.WriteText("layout.fa", LayoutFasta));
        var path = _folder.PathOf("layout.fa.fai");
        index.Write(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo(SamtoolsIndex));
            Assert.That(FastaIndex.Read(path).Entries, Is.EqualTo(index.Entries));
        }
    }

    [Test]
    public void Lookup_FindsEntriesByName()
    {
        var index = FastaIndex.Build(_folder.WriteText("layout.fa", LayoutFasta));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(index.Names, Is.EqualTo(new[] { "chr1", "chr2", "chrM", "last" }));
            Assert.That(index["chrM"].Offset, Is.EqualTo(84));
            Assert.That(index.TryGetEntry("empty", out _), Is.False, "samtools leaves records without bases out");
            Assert.That(() => index["chrX"], Throws.TypeOf<KeyNotFoundException>());
        }
    }

    [TestCase(">a\nACGT\nACGTA\n", 3, "5 bases")]
    [TestCase(">a\nACGT\nAC\nACGT\n", 4, "shorter or blank line 3")]
    [TestCase(">a\nACGT\n\nACGT\n", 4, "shorter or blank line 3")]
    [TestCase("ACGT\n>a\nAC\n", 1, "before the first")]
    [TestCase(">a\nAC\n>a\nGG\n", 3, "already used at line 1")]
    [TestCase(">a\nACGT\nAC GT\n", 3, "column 3")]
    [TestCase(">a\nACGT\r\nACGT\nAC\n", 3, "mixes LF and CRLF")]
    [TestCase(">a\nAC\n> \nGG\n", 3, "empty FASTA header")]
    public void Build_MalformedLayoutNamesFileAndLine(string text, int line, string reason)
    {
        var path = _folder.WriteText("bad.fa", text);
        Assert.That(() => FastaIndex.Build(path), Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{path}:{line}: ").And.Message.Contains(reason));
    }

    [Test]
    public void Build_GzipFileIsRejectedWithTheFileName()
    {
        var path = _folder.WriteGzip("genome.fa", ">a\nACGT\n");
        Assert.That(
            () => FastaIndex.Build(path),
            Throws.TypeOf<DataFormatException>().With.Message.StartsWith($"{path}: ").And.Message.Contains("gzip"));
    }

    [TestCase("chr1\t10\t5\t10\n", "5 tab-separated fields")]
    [TestCase("chr1\t10\tx\t10\t11\n", "offset 'x'")]
    [TestCase("chr1\t10\t5\t12\t11\n", "greater than linewidth")]
    public void Read_MalformedIndexNamesFileAndLine(string line, string reason)
    {
        var path = _folder.WriteText("bad.fai", "chr0\t4\t6\t4\t5\n" + line);
        Assert.That(() => FastaIndex.Read(path), Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{path}:2: ").And.Message.Contains(reason));
    }

    [Test]
    public void Constructor_DuplicateNamesThrowWithParameterName()
    {
        FastaIndexEntry[] entries = [new("a", 4, 3, 4, 5), new("a", 4, 11, 4, 5)];
        Assert.That(() => new FastaIndex(entries), Throws.ArgumentException.With.Property("ParamName").EqualTo("entries"));
    }

    private static string ToText(FastaIndex index)
    {
        using var writer = new StringWriter();
        index.Write(writer);
        return writer.ToString();
    }
}

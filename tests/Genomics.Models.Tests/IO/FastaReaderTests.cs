using System.IO.Compression;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.IO;

[TestFixture]
[NonParallelizable]
public sealed class FastaReaderTests
{
    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Read_JoinsMultiLineSequencesAndSplitsHeaders()
    {
        var records = FastaReader.Read(new StringReader(">s1 first record\nACGT\nAC\n>s2\nGG\nTT\n")).ToList();
        Assert.That(records, Is.EqualTo(new[]
        {
            new FastaRecord("s1", "first record", "ACGTAC"),
            new FastaRecord("s2", string.Empty, "GGTT"),
        }));
    }

    [Test]
    public void Read_HandlesCrlfBlankLinesWhitespaceAndEmptySequences()
    {
        const string Text = "\r\n>a  x y \r\nAC GT\r\n\r\n\tTT \r\n>b\r\n\r\n>c\nnn";
        var records = FastaReader.Read(new StringReader(Text)).ToList();
        Assert.That(records, Is.EqualTo(new[]
        {
            new FastaRecord("a", "x y", "ACGTTT"),
            new FastaRecord("b", string.Empty, string.Empty),
            new FastaRecord("c", string.Empty, "nn"),
        }));
    }

    [Test]
    public void Read_DetectsGzipByMagicBytesNotExtension()
    {
        var path = _folder.WriteGzip("sequences.fa", ">x\nACGT\nA\n");
        Assert.That(FastaReader.Read(path).Single(), Is.EqualTo(new FastaRecord("x", string.Empty, "ACGTA")));
    }

    [Test]
    public void Read_DetectsGzipOnAForwardOnlyStream()
    {
        // Decompressing gzip(gzip(text)) gives a non-seekable stream whose bytes are gzip(text).
        var twice = ScratchFolder.Gzip(ScratchFolder.Gzip(System.Text.Encoding.UTF8.GetBytes(">y desc\nGG\nCC\n")));
        using var forwardOnly = new GZipStream(new MemoryStream(twice), CompressionMode.Decompress);
        Assert.That(forwardOnly.CanSeek, Is.False);
        Assert.That(FastaReader.Read(forwardOnly).Single(), Is.EqualTo(new FastaRecord("y", "desc", "GGCC")));
    }

    [Test]
    public void Read_PlainStreamIsReadFromItsStart()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(">z\nAT\n"));
        Assert.That(FastaReader.Read(stream).Single().Sequence, Is.EqualTo("AT"));
    }

    [Test]
    public void Read_ToUpperCaseOptionUpperCasesSequences()
    {
        var options = new FastaReaderOptions { ToUpperCase = true };
        Assert.That(FastaReader.Read(new StringReader(">a\nacgTn\n"), options: options).Single().Sequence, Is.EqualTo("ACGTN"));
    }

    [Test]
    public void Read_ValidationAcceptsAlphabetCaseInsensitivelyPlusN()
    {
        var options = new FastaReaderOptions { ValidationAlphabet = Alphabet.Dna };
        Assert.That(FastaReader.Read(new StringReader(">a\nacgtuN\n"), options: options).Single().Sequence, Is.EqualTo("acgtuN"));
    }

    [Test]
    public void Read_ExampleFastaHas989PromotersOf620Nucleotides()
    {
        var records = FastaReader.Read(SharedData.Path("deepdife", "example.fasta_c1")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(records, Has.Count.EqualTo(989));
            Assert.That(records.Select(r => r.Sequence.Length), Is.All.EqualTo(620));
            Assert.That(records[0].Id, Is.EqualTo("AT1G34550::Chr1:12650862-12651474(-)"));
            Assert.That(records[^1].Id, Is.EqualTo("AT1G43650::Chr1:16446419-16446503(-)"));
            Assert.That(records.Select(r => r.Id), Is.All.Match(@"^AT[1-5CM]G\d+::Chr[1-5CM]:\d+-\d+\([+-]\)$"));
            Assert.That(records[0].Sequence, Does.StartWith("GGATTCAGATATTTCAGGTCAGATTCGG"));
        }
    }

    [Test]
    public void Read_ExampleFastaOneHotEncodesToNByFourBy620()
    {
        var sequences = FastaReader.Read(SharedData.Path("deepdife", "example.fasta_c1")).Select(r => r.Sequence).ToArray();
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode(sequences);
        var knownBases = sequences.Sum(s => s.Count(c => "ACGTacgt".Contains(c)));
        var nCount = sequences.Sum(s => s.Count(c => c is 'N' or 'n'));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.shape, Is.EqualTo(new long[] { 989, 4, 620 }));
            Assert.That(encoded.sum().item<float>(), Is.EqualTo(knownBases));
            Assert.That(nCount, Is.EqualTo(280_928), "N padding counted with grep");
            Assert.That(encoded.sum(1).eq(0).sum().item<long>(), Is.EqualTo(nCount));
            Assert.That(OneHotEncoder.Decode(encoded[..3])[0], Is.EqualTo(sequences[0].ToUpperInvariant()));
        }
    }

    [Test]
    public void Read_SequenceBeforeFirstHeaderNamesFileAndLine()
    {
        var path = _folder.WriteText("noheader.fa", "\nACGT\n>a\nAC\n");
        Assert.That(() => FastaReader.Read(path).ToList(), DataErrors.At(path, 2));
    }

    [TestCase(">\nACGT\n", 1)]
    [TestCase(">a\nAC\n>   \nGG\n", 3)]
    public void Read_EmptyHeaderNamesFileAndLine(string text, int line)
    {
        var path = _folder.WriteText("emptyheader.fa", text);
        Assert.That(() => FastaReader.Read(path).ToList(), DataErrors.At(path, line));
    }

    [Test]
    public void Read_InvalidCharacterWithValidationNamesFileLineAndColumn()
    {
        var path = _folder.WriteText("bad.fa", ">a\nACGT\nACXT\n");
        var options = new FastaReaderOptions { ValidationAlphabet = Alphabet.Dna };
        Assert.That(
            () => FastaReader.Read(path, options).ToList(),
            Throws.TypeOf<DataFormatException>().With.Message.StartsWith($"{path}:3: ").And.Message.Contains("'X'").And.Message.Contains("column 3"));
    }

    [Test]
    public void Read_WithoutValidationKeepsAnyCharacter()
    {
        Assert.That(FastaReader.Read(new StringReader(">a\nAC*X-\n")).Single().Sequence, Is.EqualTo("AC*X-"));
    }

    [Test]
    public void Read_InvalidArgumentsThrowWithParameterNames()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => FastaReader.Read(string.Empty), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
            Assert.That(() => FastaReader.Read((TextReader)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("reader"));
            Assert.That(() => FastaReader.Read((Stream)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("stream"));
            Assert.That(() => FastaReader.Read(_folder.PathOf("missing.fa")), Throws.TypeOf<FileNotFoundException>());
        }
    }
}

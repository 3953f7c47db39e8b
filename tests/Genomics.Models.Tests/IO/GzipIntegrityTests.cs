using System.Buffers.Binary;
using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>Compressed input is read completely or not at all: truncation and CRC damage are typed errors naming the file.</summary>
public sealed class GzipIntegrityTests
{
    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    /// <summary>A FASTA text of <paramref name="records"/> random 120-base records.</summary>
    internal static string RandomFasta(int records, int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder();
        for (var r = 0; r < records; r++)
        {
            text.Append(">r").Append(r).Append('\n');
            for (var i = 0; i < 120; i++)
            {
                text.Append("ACGT"[random.Next(4)]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One gzip member with optional FEXTRA ("BC" subfield, as BGZF writes) and FNAME fields.</summary>
    internal static byte[] Member(byte[] data, bool extra = false, string? name = null)
    {
        using var output = new MemoryStream();
        byte flags = (byte)((extra ? 0x04 : 0) | (name is null ? 0 : 0x08));
        output.Write([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 0xff]);
        if (extra)
        {
            output.Write([6, 0, (byte)'B', (byte)'C', 2, 0, 0, 0]);
        }

        if (name is not null)
        {
            output.Write(System.Text.Encoding.ASCII.GetBytes(name));
            output.WriteByte(0);
        }

        if (data.Length == 0)
        {
            // An empty final fixed-Huffman block, as in the BGZF end-of-file marker.
            output.Write([3, 0]);
        }
        else
        {
            using var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true);
            deflate.Write(data);
        }

        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
        return output.ToArray();
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = _folder.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Test]
    public void Crc32_MatchesTheStandardCheckValueAndGzipTrailers()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
        var data = System.Text.Encoding.ASCII.GetBytes(RandomFasta(20, 3));
        var gzip = ScratchFolder.Gzip(data);
        Assert.That(Crc32.Compute(data), Is.EqualTo(BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 8))));
        Assert.That(Crc32.Append(Crc32.Compute(data.AsSpan(0, 13)), data.AsSpan(13)), Is.EqualTo(Crc32.Compute(data)));
    }

    [Test]
    public void ValidFile_IsReadCompletely()
    {
        var text = RandomFasta(1000, 1);
        var path = _folder.WriteGzip("valid.fa.gz", text);
        var records = FastaReader.Read(path).ToList();
        Assert.That(records, Has.Count.EqualTo(1000));
        Assert.That(records[^1].Sequence, Has.Length.EqualTo(120));
    }

    [TestCase(0.1)]
    [TestCase(0.5)]
    [TestCase(0.9)]
    [TestCase(-8)]
    [TestCase(-4)]
    [TestCase(-1)]
    public void TruncatedFile_IsATypedErrorNamingTheFile(double cut)
    {
        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(RandomFasta(1000, 1)));
        var keep = cut < 0 ? full.Length + (int)cut : (int)(full.Length * cut);
        var path = WriteBytes("cut.fa.gz", full[..keep]);
        var error = Assert.Throws<DataFormatException>(() => FastaReader.Read(path).ToList())!;
        Assert.That(error.File, Is.EqualTo(path));
        Assert.That(error.Message, Does.StartWith(path + ": ").And.Contain("truncated"));
    }

    [Test]
    public void ThirtyByteStub_IsTruncatedNotEmpty()
    {
        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(RandomFasta(50, 2)));
        var path = WriteBytes("stub.fa.gz", full[..30]);
        Assert.That(() => FastaReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("truncated").And.Message.StartsWith(path));
    }

    [TestCase(2)]
    [TestCase(5)]
    [TestCase(12)]
    public void HeaderOnlyStub_IsTruncated(int length)
    {
        var full = Member(System.Text.Encoding.ASCII.GetBytes(RandomFasta(5, 2)), extra: true, name: "x.fa");
        var path = WriteBytes("header.fa.gz", full[..length]);
        Assert.That(() => FastaReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("truncated"));
    }

    [Test]
    public void CorruptedCrc_IsATypedError()
    {
        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(RandomFasta(100, 4)));
        full[^6] ^= 0x5a;
        var path = WriteBytes("crc.fa.gz", full);
        Assert.That(() => FastaReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("CRC-32").And.Property(nameof(DataFormatException.File)).EqualTo(path));
    }

    [Test]
    public void CorruptedLength_IsATypedError()
    {
        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(RandomFasta(100, 4)));
        full[^2] ^= 0x01;
        var path = WriteBytes("isize.fa.gz", full);
        Assert.That(() => FastaReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Property(nameof(DataFormatException.File)).EqualTo(path));
    }

    [Test]
    public void ConcatenatedMembers_AreReadAsOneText()
    {
        var first = RandomFasta(30, 5);
        var second = RandomFasta(40, 6).Replace(">r", ">s", StringComparison.Ordinal);
        var path = WriteBytes("two.fa.gz", [.. ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(first)), .. ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(second))]);
        var records = FastaReader.Read(path).ToList();
        Assert.That(records, Has.Count.EqualTo(70));
        Assert.That(records[30].Id, Is.EqualTo("s0"));
    }

    [Test]
    public void BgzfStyleMembers_WithExtraFieldsNamesAndAnEmptyEofBlock_AreRead()
    {
        var text = System.Text.Encoding.ASCII.GetBytes(RandomFasta(600, 7));
        var blocks = new List<byte>();
        for (var start = 0; start < text.Length; start += 5000)
        {
            blocks.AddRange(Member(text[start..Math.Min(text.Length, start + 5000)], extra: true, name: start == 0 ? "x.fa" : null));
        }

        blocks.AddRange(Member([], extra: true));
        var path = WriteBytes("bgzf.fa.gz", [.. blocks]);
        Assert.That(FastaReader.Read(path).Count(), Is.EqualTo(600));
    }

    [Test]
    public void LargeSingleMember_SpanningManyReads_IsVerified()
    {
        // Stored (incompressible) data makes a member far larger than the window the trailer search keeps.
        var random = new Random(8);
        var data = new byte[400_000];
        random.NextBytes(data);
        var gzip = ScratchFolder.Gzip(data);
        using (var reader = new VerifiedGzipStream(new MemoryStream(gzip), "big", leaveOpen: false))
        {
            var output = new MemoryStream();
            reader.CopyTo(output);
            Assert.That(output.ToArray(), Is.EqualTo(data));
        }

        using var cut = new VerifiedGzipStream(new MemoryStream(gzip[..^3]), "big", leaveOpen: false);
        Assert.That(() => cut.CopyTo(Stream.Null), Throws.TypeOf<DataFormatException>().With.Message.StartsWith("big: "));
    }

    [Test]
    public void TrailingGarbage_IsATypedError()
    {
        var path = WriteBytes("garbage.fa.gz", [.. ScratchFolder.Gzip(">a\nACGT\n"u8.ToArray()), (byte)'x', (byte)'y']);
        Assert.That(() => FastaReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Message.Contain("not another gzip member"));
    }

    [Test]
    public void TruncatedStream_NamesTheSourceGivenToTheReader()
    {
        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(RandomFasta(200, 9)));
        using var stream = new MemoryStream(full[..(full.Length / 2)]);
        Assert.That(() => FastaReader.Read(stream, "upload.fa.gz").ToList(), Throws.TypeOf<DataFormatException>().With.Property(nameof(DataFormatException.File)).EqualTo("upload.fa.gz"));
    }

    [Test]
    public void TruncatedBed_IsATypedError()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            text.Append("chr1\t").Append(i * 10).Append('\t').Append((i * 10) + 5).Append('\n');
        }

        var full = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(text.ToString()));
        var path = WriteBytes("cut.bed.gz", full[..(full.Length / 2)]);
        Assert.That(() => BedReader.Read(path).ToList(), Throws.TypeOf<DataFormatException>().With.Property(nameof(DataFormatException.File)).EqualTo(path));
    }
}

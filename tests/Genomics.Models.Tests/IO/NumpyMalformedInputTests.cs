using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using NUnit.Framework.Constraints;

namespace Genomics.Models.Tests.IO;

/// <summary>Every malformed NumPy file raises a NumpyFormatException naming the file, the .npz entry and the reason.</summary>
public sealed class NumpyMalformedInputTests
{
    private ScratchFolder _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = new ScratchFolder();

    [TearDown]
    public void DeleteScratch() => _scratch.Dispose();

    /// <summary>A .npy file with the given header dictionary (padded as NumPy pads it) and data.</summary>
    private static byte[] Npy(string dictionary, byte[] data, int major = 1)
    {
        var preamble = major == 1 ? 10 : 12;
        var total = (preamble + dictionary.Length + 1 + 63) / 64 * 64;
        var header = System.Text.Encoding.Latin1.GetBytes(dictionary.PadRight(total - preamble - 1) + "\n");
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        if (major == 1)
        {
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((uint)header.Length));
        }

        stream.Write(header);
        stream.Write(data);
        return stream.ToArray();
    }

    private static byte[] Floats(int count) => new byte[count * sizeof(float)];

    private string WriteNpy(string name, byte[] bytes)
    {
        var path = _scratch.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static IResolveConstraint Refused(string path, string reason, string? entry = null) =>
        Throws.TypeOf<NumpyFormatException>()
            .With.Message.StartsWith(entry is null ? path + ": " : $"{path}: entry '{entry}': ")
            .And.Message.Contains(reason)
            .And.Property(nameof(NumpyFormatException.File)).EqualTo(path)
            .And.Property(nameof(NumpyFormatException.Entry)).EqualTo(entry);

    [Test]
    public void ValidHandMadeFile_Reads_SoTheMalformedVariantsBelowFailForTheirOwnReason()
    {
        var path = WriteNpy("ok.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Floats(6)));
        Assert.That(NpyFile.Read(path).Shape, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void BadMagic_IsRefused() =>
        Assert.That(() => NpyFile.Read(WriteNpy("bad.npy", System.Text.Encoding.ASCII.GetBytes("not numpy at all, just text"))),
            Refused(_scratch.PathOf("bad.npy"), "not a .npy file"));

    [Test]
    public void FileEndingInsideThePreamble_IsTruncated() =>
        Assert.That(() => NpyFile.Read(WriteNpy("short.npy", [0x93, (byte)'N', (byte)'U'])),
            Refused(_scratch.PathOf("short.npy"), "truncated"));

    [Test]
    public void FileEndingInsideTheHeader_IsTruncated()
    {
        var bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", []);
        Assert.That(() => NpyFile.Read(WriteNpy("h.npy", bytes[..40])), Refused(_scratch.PathOf("h.npy"), "truncated: the file ends inside the"));
    }

    [Test]
    public void TruncatedData_IsRefusedWithTheSizesInvolved() =>
        Assert.That(() => NpyFile.Read(WriteNpy("t.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Floats(5)))),
            Refused(_scratch.PathOf("t.npy"), "truncated: the data is 20 byte(s), but shape (2, 3) of '<f4' needs 24"));

    [Test]
    public void ExtraData_IsAShapeMismatch() =>
        Assert.That(() => NpyFile.Read(WriteNpy("x.npy", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", new byte[24]))),
            Refused(_scratch.PathOf("x.npy"), "the data is 24 byte(s), but shape (2,) of '<f8' needs 16"));

    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3) ", "does not parse")]
    [TestCase("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3), }", "expected True or False")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "expected a non-negative integer dimension")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, }", "no 'shape'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}", "unexpected key 'extra'")]
    [TestCase("['descr', '<f4']", "expected '{'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "larger than")]
    public void HeaderThatDoesNotParse_IsRefused(string dictionary, string reason) =>
        Assert.That(() => NpyFile.Read(WriteNpy("p.npy", Npy(dictionary, Floats(6)))), Refused(_scratch.PathOf("p.npy"), reason));

    [TestCase("<c8", "'<c8' is not supported")]
    [TestCase("|O", "'|O' is not supported")]
    [TestCase("<U3", "'<U3' is not supported")]
    [TestCase("<M8[ns]", "'<M8[ns]' is not supported")]
    public void UnsupportedDtype_IsRefused(string descr, string reason) =>
        Assert.That(() => NpyFile.Read(WriteNpy("d.npy", Npy($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", new byte[32]))),
            Refused(_scratch.PathOf("d.npy"), reason));

    [Test]
    public void StructuredDtype_IsRefused() =>
        Assert.That(() => NpyFile.Read(WriteNpy("s.npy", Npy("{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[8]))),
            Refused(_scratch.PathOf("s.npy"), "structured dtypes"));

    [Test]
    public void UnknownFormatVersion_IsRefused()
    {
        var bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Floats(1));
        bytes[6] = 4;
        Assert.That(() => NpyFile.Read(WriteNpy("v.npy", bytes)), Refused(_scratch.PathOf("v.npy"), "unsupported .npy format version 4.0"));
    }

    [Test]
    public void FortranOrderOfAVector_ReadsBecauseItsLayoutIsTheSame_ButOfAMatrixIsRefused()
    {
        var vector = WriteNpy("fv.npy", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", Floats(3)));
        var matrix = WriteNpy("fm.npy", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", Floats(6)));
        Assert.That(NpyFile.Read(vector).Length, Is.EqualTo(3));
        Assert.That(() => NpyFile.Read(matrix), Refused(matrix, "Fortran (column-major) order"));
    }

    [Test]
    public void NpzGivenToTheNpyReader_IsNamedAsAnArchive() =>
        Assert.That(() => NpyFile.Read(NumpyFixtures.PathOf("savez_positional.npz")),
            Refused(NumpyFixtures.PathOf("savez_positional.npz"), "zip archive (.npz)"));

    [Test]
    public void NpyGivenToTheNpzReader_IsNamedAsANpyFile() =>
        Assert.That(() => NpzFile.Keys(NumpyFixtures.PathOf("float64_2x3.npy")),
            Refused(NumpyFixtures.PathOf("float64_2x3.npy"), "this is a .npy file, not a .npz archive"));

    [Test]
    public void NpzThatIsNotAZip_IsRefused() =>
        Assert.That(() => NpzFile.Read(WriteNpy("a.npz", System.Text.Encoding.ASCII.GetBytes("plain text, not a zip archive")), "arr_0"),
            Refused(_scratch.PathOf("a.npz"), "not a valid .npz (zip) archive"));

    [Test]
    public void TruncatedNpz_IsRefused()
    {
        var bytes = File.ReadAllBytes(NumpyFixtures.PathOf("savez_compressed_two.npz"));
        var path = WriteNpy("cut.npz", bytes[..(bytes.Length / 2)]);
        Assert.That(() => NpzFile.Read(path, "ohe"), Refused(path, "not a valid .npz (zip) archive"));
    }

    [Test]
    public void MissingKey_NamesTheKeyAndListsTheKeysTheArchiveHas()
    {
        var path = NumpyFixtures.PathOf("savez_compressed_two.npz");
        Assert.That(() => NpzFile.Read(path, "arr_0"), Refused(path, "the archive has no array 'arr_0'; its keys are 'ohe', 'hypothetical'", entry: "arr_0"));
    }

    [TestCase(CompressionLevel.NoCompression)]
    [TestCase(CompressionLevel.Optimal)]
    public void MalformedEntry_NamesTheArchiveAndTheEntry(CompressionLevel level)
    {
        var path = _scratch.PathOf("entries.npz");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var good = archive.CreateEntry("good.npy", level).Open())
            {
                good.Write(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", Floats(2)));
            }

            using (var bad = archive.CreateEntry("bad.npy", level).Open())
            {
                bad.Write(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", Floats(3)));
            }
        }

        Assert.That(NpzFile.Read(path, "good").Length, Is.EqualTo(2));
        Assert.That(() => NpzFile.Read(path, "bad"), Refused(path, "truncated: the data is 12 byte(s), but shape (4,) of '<f4' needs 16", entry: "bad"));
        Assert.That(() => NpzFile.ReadAll(path), Refused(path, "truncated", entry: "bad"));
    }

    [Test]
    public void CorruptDeflateData_NamesTheEntry()
    {
        var path = _scratch.PathOf("corrupt.npz");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("x.npy", CompressionLevel.Optimal).Open();
            entry.Write(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }", Enumerable.Range(0, 256).Select(i => (byte)(i * 37)).ToArray()));
        }

        // Overwrite the middle of the compressed data (after the 30-byte local header and the entry name).
        var bytes = File.ReadAllBytes(path);
        for (var i = 50; i < 90; i++)
        {
            bytes[i] = 0xFF;
        }

        File.WriteAllBytes(path, bytes);
        Assert.That(() => NpzFile.Read(path, "x"), Throws.TypeOf<NumpyFormatException>()
            .With.Property(nameof(NumpyFormatException.Entry)).EqualTo("x")
            .And.Property(nameof(NumpyFormatException.File)).EqualTo(path));
    }

    [TestCase(new[] { 2, 4 }, GenomicArrayLayout.Auto, "expected a 3-D array")]
    [TestCase(new[] { 2, 4, 4 }, GenomicArrayLayout.Auto, "ambiguous")]
    [TestCase(new[] { 2, 5, 6 }, GenomicArrayLayout.Auto, "no axis of 4 channels")]
    [TestCase(new[] { 2, 5, 4 }, GenomicArrayLayout.ChannelsFirst, "is not channels-first (N, 4, L): axis 1 has 5 entries")]
    [TestCase(new[] { 2, 4, 5 }, GenomicArrayLayout.ChannelsLast, "is not channels-last (N, L, 4): axis 2 has 5 entries")]
    public void GenomicArrayOfTheWrongShape_NamesTheFileTheShapeAndTheLayout(int[] shape, GenomicArrayLayout layout, string reason)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        var path = _scratch.PathOf("g.npz");
        NpzFile.Write(path, new NumpyArray(values, shape));
        var array = NpzFile.Read(path, "arr_0");
        Assert.That(() => array.ToGenomic(layout), Refused(path, reason, entry: "arr_0"));
    }
}

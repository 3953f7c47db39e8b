using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>What NpyFile and NpzFile write, they read back unchanged, in NumPy's own format.</summary>
public sealed class NumpyRoundTripTests
{
    private static float[,,] Genomic(int n, int l, int seed)
    {
        var random = new Random(seed);
        var values = new float[n, 4, l];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 4; c++)
            {
                for (var p = 0; p < l; p++)
                {
                    values[i, c, p] = (float)(random.NextDouble() * 2 - 1);
                }
            }
        }

        return values;
    }

    [Test]
    public void Float32_WrittenAndRead_IsUnchanged_WithAHeaderNumpyWrites()
    {
        using var scratch = new ScratchFolder();
        var values = Enumerable.Range(0, 60).Select(i => i * 0.1f - 2f).ToArray();
        var path = scratch.PathOf("a.npy");
        NpyFile.Write(path, new NumpyArray(values, 3, 4, 5));
        var read = NpyFile.Read(path);
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.Latin1.GetString(bytes, 10, headerLength);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.DataType, Is.EqualTo(NumpyDataType.Float32));
            Assert.That(read.Shape, Is.EqualTo(new[] { 3, 4, 5 }));
            Assert.That(read.ToSingleArray(), Is.EqualTo(values));
            Assert.That(bytes[6], Is.EqualTo(1), "format version 1.0");
            Assert.That((10 + headerLength) % 64, Is.Zero, "the data starts on a 64-byte boundary, as NumPy aligns it");
            Assert.That(header, Does.StartWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 5), }").And.EndWith("\n"));
            Assert.That(bytes, Has.Length.EqualTo(10 + headerLength + (60 * sizeof(float))));
        }
    }

    [Test]
    public void Float64_WrittenAndRead_IsUnchanged_IncludingOneAndZeroDimensionalShapes()
    {
        using var scratch = new ScratchFolder();
        double[] values = [1.0 / 3.0, Math.PI, -1e-300, 1e300, double.NaN, double.NegativeInfinity];
        NpyFile.Write(scratch.PathOf("v.npy"), new NumpyArray(values, 6));
        NpyFile.Write(scratch.PathOf("s.npy"), new NumpyArray([2.5], []));
        var vector = NpyFile.Read(scratch.PathOf("v.npy"));
        var scalar = NpyFile.Read(scratch.PathOf("s.npy"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(vector.DataType, Is.EqualTo(NumpyDataType.Float64));
            Assert.That(vector.ToDoubleArray(), Is.EqualTo(values));
            Assert.That(vector.Shape, Is.EqualTo(new[] { 6 }));
            Assert.That(File.ReadAllText(scratch.PathOf("v.npy")), Does.Contain("'shape': (6,)"));
            Assert.That(scalar.Shape, Is.Empty);
            Assert.That(scalar.ToDoubleArray(), Is.EqualTo(new[] { 2.5 }));
        }
    }

    [TestCase(GenomicArrayLayout.ChannelsFirst, 1)]
    [TestCase(GenomicArrayLayout.ChannelsLast, 2)]
    public void GenomicArray_WrittenInALayout_ReadsBackInThatLayoutAndByAutoDetection(GenomicArrayLayout layout, int channelAxis)
    {
        using var scratch = new ScratchFolder();
        var values = Genomic(3, 7, seed: 1);
        var path = scratch.PathOf("x.npy");
        NpyFile.Write(path, NumpyArray.FromGenomic(values, layout));
        var read = NpyFile.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Shape[channelAxis], Is.EqualTo(4));
            Assert.That(read.Shape[3 - channelAxis], Is.EqualTo(7));
            Assert.That(read.ToGenomic(layout), Is.EqualTo(values));
            Assert.That(read.ToGenomic(GenomicArrayLayout.Auto), Is.EqualTo(values));
        }
    }

    [Test]
    public void ChannelsLast_IsTheTransposeOfChannelsFirst()
    {
        var values = Genomic(2, 3, seed: 2);
        var last = NumpyArray.FromGenomic(values, GenomicArrayLayout.ChannelsLast).ToSingleArray();
        Assert.That(last[(1 * 3 * 4) + (2 * 4) + 3], Is.EqualTo(values[1, 3, 2]), "(n, l, c) holds [n, c, l]");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Npz_WrittenStoredOrCompressed_ReadsBackEveryKey_WithSavezEntryNames(bool compress)
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("a.npz");
        var ohe = new float[2, 4, 50];   // mostly zeros: deflate shrinks it
        ohe[0, 1, 3] = 1;
        var scores = Genomic(2, 50, seed: 3);
        double[] doubles = [1.5, -2.5];
        NpzFile.Write(path,
            [
                new("ohe", NumpyArray.FromGenomic(ohe)),
                new("scores", NumpyArray.FromGenomic(scores, GenomicArrayLayout.ChannelsLast)),
                new("weights", new NumpyArray(doubles, 2)),
            ], compress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NpzFile.Keys(path), Is.EqualTo(new[] { "ohe", "scores", "weights" }));
            Assert.That(NpzFile.Read(path, "ohe").ToGenomic(GenomicArrayLayout.ChannelsFirst), Is.EqualTo(ohe));
            Assert.That(NpzFile.Read(path, "scores").ToGenomic(GenomicArrayLayout.ChannelsLast), Is.EqualTo(scores));
            Assert.That(NpzFile.ReadAll(path)["weights"].ToDoubleArray(), Is.EqualTo(doubles));
            using var archive = ZipFile.OpenRead(path);
            Assert.That(archive.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "ohe.npy", "scores.npy", "weights.npy" }));
            var oheEntry = archive.GetEntry("ohe.npy")!;
            if (compress)
            {
                Assert.That(oheEntry.CompressedLength, Is.LessThan(oheEntry.Length / 4), "deflated");
            }
            else
            {
                Assert.That(oheEntry.CompressedLength, Is.EqualTo(oheEntry.Length), "stored");
            }
        }
    }

    [Test]
    public void Npz_OneArray_IsArr0_AsNpSavezNamesAPositionalArray()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("one.npz");
        var values = Genomic(1, 5, seed: 4);
        NpzFile.Write(path, NumpyArray.FromGenomic(values), compress: true);
        Assert.That(NpzFile.Keys(path), Is.EqualTo(new[] { "arr_0" }));
        Assert.That(NpzFile.Read(path, "arr_0").ToGenomic(), Is.EqualTo(values));
    }

    [Test]
    public void Writes_ReplaceTheFileWhole_AndAFailedWriteLeavesTheOldFile()
    {
        using var scratch = new ScratchFolder();
        var npy = scratch.PathOf("a.npy");
        var npz = scratch.PathOf("a.npz");
        NpyFile.Write(npy, new NumpyArray(new float[1000], 1000));
        NpyFile.Write(npy, new NumpyArray([1f, 2f], 2));
        NpzFile.Write(npz, new NumpyArray([3f], 1));
        var before = File.ReadAllBytes(npz);
        Assert.That(() => NpzFile.Write(npz, [new("x", new NumpyArray([1f], 1)), new("x", new NumpyArray([2f], 1))]),
            Throws.ArgumentException.With.Message.Contains("'x' is given twice"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NpyFile.Read(npy).ToSingleArray(), Is.EqualTo(new[] { 1f, 2f }));
            Assert.That(File.ReadAllBytes(npz), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(scratch.Root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.npy", "a.npz" }), "no temporary files are left");
        }
    }

    [Test]
    public void ArrayLongerThanOneReadOrWriteChunk_RoundTripsAcrossTheChunkBoundary()
    {
        using var scratch = new ScratchFolder();
        var count = NpyFile.ChunkValues + 3;
        var values = new float[count];
        for (var i = 0; i < count; i += 4099)
        {
            values[i] = i;
        }

        values[^1] = -1f;
        values[NpyFile.ChunkValues] = 7f;
        var path = scratch.PathOf("long.npy");
        NpyFile.Write(path, new NumpyArray(values, count));
        var read = NpyFile.Read(path).ToSingleArray();
        Assert.That(read.AsSpan().SequenceEqual(values), Is.True);
    }

    [Test]
    public void NumpyArray_RefusesAShapeThatDoesNotHoldItsValues()
    {
        Assert.That(() => new NumpyArray(new float[5], 2, 3), Throws.ArgumentException.With.Message.Contains("holds 6 values, not 5"));
        Assert.That(() => new NumpyArray(Array.Empty<float>(), 2, -1), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(new NumpyArray(Array.Empty<float>(), 3, 0).Length, Is.Zero);
        Assert.That(() => NumpyArray.FromGenomic(new float[1, 4, 1], GenomicArrayLayout.Auto), Throws.ArgumentException.With.Property("ParamName").EqualTo("layout"));
    }
}

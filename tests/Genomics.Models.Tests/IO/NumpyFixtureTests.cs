using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>The readers give NumPy's own values for files NumPy wrote (tools/reference/npy_fixtures.py).</summary>
public sealed class NumpyFixtureTests
{
    private static IEnumerable<TestCaseData> ReadableCases() =>
        NumpyFixtures.Instance.Cases.Where(c => !c.File.StartsWith("fortran", StringComparison.Ordinal))
            .Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    [TestCaseSource(nameof(ReadableCases))]
    public void Fixture_ReadsNumpysShapeAndValues(NumpyFixtures.Case expected)
    {
        var path = NumpyFixtures.PathOf(expected.File);
        var array = expected.Key is null ? NpyFile.Read(path) : NpzFile.Read(path, expected.Key);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.Shape, Is.EqualTo(expected.Shape));
            Assert.That(array.SourceType, Is.EqualTo(expected.Dtype));
            Assert.That(array.DataType, Is.EqualTo(expected.Dtype.EndsWith("f8", StringComparison.Ordinal) ? NumpyDataType.Float64 : NumpyDataType.Float32));
            Assert.That(array.File, Is.EqualTo(path));
            Assert.That(array.Entry, Is.EqualTo(expected.Key));

            // float32, float16 and integer values widen to float64 exactly, so the comparison is exact.
            Assert.That(array.ToDoubleArray(), Is.EqualTo(expected.Values));
        }
    }

    [Test]
    public void Fixtures_CoverEveryFormatFeatureTheReadersClaim()
    {
        var dtypes = NumpyFixtures.Instance.Cases.Select(c => c.Dtype).ToHashSet();
        Assert.That(dtypes, Is.SupersetOf(new[] { "<f4", "<f8", ">f4", ">f8", "|i1", "|b1", "<f2" }));
        var versions = Directory.GetFiles(NumpyFixtures.Folder, "*.npy").Select(f => File.ReadAllBytes(f)[6]).ToHashSet();
        Assert.That(versions, Is.EquivalentTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void FortranOrderFixture_IsRefusedWithTheFileAndTheFix()
    {
        var path = NumpyFixtures.PathOf("fortran_3x4.npy");
        Assert.That(() => NpyFile.Read(path), Throws.TypeOf<NumpyFormatException>()
            .With.Message.StartsWith(path + ": ").And.Message.Contains("Fortran").And.Message.Contains("np.ascontiguousarray")
            .And.Property(nameof(NumpyFormatException.File)).EqualTo(path)
            .And.Property(nameof(NumpyFormatException.Entry)).Null);
    }

    [Test]
    public void Int8ChannelsLastOneHot_AutoLayout_GivesChannelsFirstOneHot()
    {
        var array = NpyFile.Read(NumpyFixtures.PathOf("int8_onehot_2x5x4.npy"));
        var genomic = array.ToGenomic();
        var explicitLayout = array.ToGenomic(GenomicArrayLayout.ChannelsLast);
        Assert.That(genomic, Is.EqualTo(explicitLayout));
        Assert.That(new[] { genomic.GetLength(0), genomic.GetLength(1), genomic.GetLength(2) }, Is.EqualTo(new[] { 2, 4, 5 }));

        // ACGTA and TTGCA, A, C, G, T rows.
        string[] sequences = ["ACGTA", "TTGCA"];
        for (var n = 0; n < 2; n++)
        {
            for (var l = 0; l < 5; l++)
            {
                for (var c = 0; c < 4; c++)
                {
                    Assert.That(genomic[n, c, l], Is.EqualTo("ACGT"[c] == sequences[n][l] ? 1f : 0f), $"sequence {n}, position {l}, channel {c}");
                }
            }
        }
    }

    [Test]
    public void SavezPositional_StoresTheArrayAsArr0()
    {
        var path = NumpyFixtures.PathOf("savez_positional.npz");
        Assert.That(NpzFile.Keys(path), Is.EqualTo(new[] { "arr_0" }));
        var all = NpzFile.ReadAll(path);
        Assert.That(all["arr_0"].ToDoubleArray(), Is.EqualTo(NumpyFixtures.Named("savez_positional.npz", "arr_0").Values));
    }

    [Test]
    public void SavezCompressed_ListsBothKeysInArchiveOrder_AndReadsThemAsGenomicArrays()
    {
        var path = NumpyFixtures.PathOf("savez_compressed_two.npz");
        Assert.That(NpzFile.Keys(path), Is.EqualTo(new[] { "ohe", "hypothetical" }));
        var ohe = NpzFile.Read(path, "ohe").ToGenomic();
        var hypothetical = NpzFile.Read(path, "hypothetical").ToGenomic(GenomicArrayLayout.ChannelsFirst);
        Assert.That(ohe.Length, Is.EqualTo(hypothetical.Length));
        Assert.That(ohe[1, 2, 0], Is.EqualTo(1f), "GGTTCA starts with G");
        Assert.That(hypothetical[0, 0, 1], Is.EqualTo((float)NumpyFixtures.Named("savez_compressed_two.npz", "hypothetical").Values[1]));
    }
}

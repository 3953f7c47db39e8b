using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Data;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class AllelePairDatasetTests
{
    private static System.Text.Json.JsonElement Expected => OriginalFormatFixtures.Expected.GetProperty("deepallele");

    [Test]
    public void Read_SingleConditionLayout_GivesSequencesCountsRatiosAndNames()
    {
        var data = AllelePairDataset.Read(OriginalFormatFixtures.Path("deepallele_pairs.h5"));

        using var first = data.FirstTensor();
        using var second = data.SecondTensor();
        var firstText = OneHotEncoder.Decode(first);
        var secondText = OneHotEncoder.Decode(second);
        var targets = data.Targets();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.Count, Is.EqualTo(5));
            Assert.That(data.Length, Is.EqualTo(12));
            Assert.That(data.PeakNames, Is.EqualTo(Expected.GetProperty("peak_names").Strings()));
            Assert.That(data.Conditions, Is.EqualTo(new[] { AllelePairDataset.SingleCondition }));
            Assert.That(firstText, Is.EqualTo(Expected.GetProperty("first_sequences").Strings()));
            // The shorter allele is zero-padded on the right; zero columns decode as N.
            Assert.That(secondText, Is.EqualTo(Expected.GetProperty("second_sequences").Strings().Select(s => s.PadRight(12, 'N')).ToArray()));
            Assert.That(data.FirstCounts, Is.EqualTo(Expected.GetProperty("first_counts").Doubles()).Within(1e-6));
            Assert.That(data.SecondCounts, Is.EqualTo(Expected.GetProperty("second_counts").Doubles()).Within(1e-6));
            Assert.That(data.Ratios, Is.EqualTo(Expected.GetProperty("ratios").Doubles()).Within(1e-6));
            Assert.That(targets[3..6], Is.EqualTo(new[] { data.FirstCounts[1], data.SecondCounts[1], data.Ratios[1] }));
        }
    }

    [Test]
    public void StackedTensor_EqualsTheModelsConversionOfDeepAllelesAnalysisLayout()
    {
        var data = AllelePairDataset.Read(OriginalFormatFixtures.Path("deepallele_pairs.h5"));

        using var stacked = data.StackedTensor();
        using var first = data.FirstTensor();
        using var second = data.SecondTensor();
        // DeepAllele's analysis array: np.stack([B6, Cast], -1), (N, L, 4, 2).
        using var analysis = TorchSharp.torch.stack([first.permute(0, 2, 1), second.permute(0, 2, 1)], -1);
        using var converted = PairedAlleleModel.FromAlleleLayout(analysis);
        using var stackedByModel = PairedAlleleModel.Stack(first, second);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stacked.shape, Is.EqualTo(new long[] { 5, 8, 12 }));
            Assert.That(stacked.allclose(converted, 0, 0), Is.True);
            Assert.That(stacked.allclose(stackedByModel, 0, 0), Is.True);
            Assert.That(analysis.sum().item<float>(), Is.EqualTo(Expected.GetProperty("stacked_sum").GetDouble()));
        }
    }

    [Test]
    public void Read_PerConditionLayout_ReadsEveryConditionAndIgnoresOtherDatasets()
    {
        var data = AllelePairDataset.Read(OriginalFormatFixtures.Path("deepallele_conditions.h5"));

        using var sc = data.TargetsTensor("sc");
        var scValues = sc.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.Conditions, Is.EquivalentTo(new[] { "sc", "sum" }));
            Assert.That(sc.shape, Is.EqualTo(new long[] { 5, 3 }));
            Assert.That(scValues.Where((_, i) => i % 3 == 0), Is.EqualTo(Expected.GetProperty("sc_first_counts").Doubles()).Within(1e-6));
            Assert.That(scValues.Where((_, i) => i % 3 == 1), Is.EqualTo(Expected.GetProperty("sc_second_counts").Doubles()).Within(1e-6));
            Assert.That(scValues.Where((_, i) => i % 3 == 2), Is.EqualTo(Expected.GetProperty("sc_ratios").Doubles()).Within(1e-6));
            Assert.That(data.Targets("sum").Where((_, i) => i % 3 == 2), Is.EqualTo(Expected.GetProperty("ratios").Doubles()).Within(1e-6));
            Assert.That(() => data.Targets(), Throws.ArgumentException.With.Message.Contains("name one"));
            Assert.That(() => data.Targets("bulk"), Throws.ArgumentException.With.Message.Contains("No condition 'bulk'"));
        }
    }

    [Test]
    public void Chromosomes_GiveDeepAllelesValidationSplit()
    {
        var data = AllelePairDataset.Read(OriginalFormatFixtures.Path("deepallele_pairs.h5"));

        var split = DataSplits.HoldOutChromosomes(data.Chromosomes(), ["chr16", "chr17", "chr18"], []);
        var valid = data.Subset(split.Valid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(split.Valid, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(split.Train, Is.EqualTo(new[] { 0, 3, 4 }));
            Assert.That(valid.PeakNames, Is.EqualTo(new[] { "chr16-200-212", "chr17-300-312" }));
            Assert.That(valid.Targets(), Is.EqualTo(data.Targets()[3..9]));
            Assert.That(valid.First, Is.EqualTo(data.First[(48 * 1)..(48 * 3)]));
        }
    }

    [Test]
    public void Read_MissingSecondAllele_NamesTheDataset()
    {
        var path = OriginalFormatFixtures.Path("deepallele_missing.h5");

        var error = Assert.Throws<Hdf5DataException>(() => AllelePairDataset.Read(path))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Dataset, Is.EqualTo("Cast_sequence"));
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Message, Is.EqualTo($"{path}: dataset 'Cast_sequence': the dataset is missing"));
        }
    }

    [Test]
    public void Read_CountsOfTheWrongLength_NameTheDataset()
    {
        var error = Assert.Throws<Hdf5DataException>(() => AllelePairDataset.Read(OriginalFormatFixtures.Path("deepallele_mismatch.h5")))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Dataset, Is.EqualTo("B6_counts"));
            Assert.That(error.Reason, Does.Contain("holds 4 values").And.Contain("one per sequence (5)"));
        }
    }

    [Test]
    public void Read_NotHdf5OrNoTargets_AreTypedErrors()
    {
        using var folder = new ScratchFolder();
        var text = folder.WriteText("peaks.h5", "not hdf5");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AllelePairDataset.Read(text), Throws.TypeOf<Hdf5DataException>().With.Message.Contains("not a readable HDF5 file"));
            Assert.That(() => AllelePairDataset.Read(OriginalFormatFixtures.Path("halflife.h5")),
                Throws.TypeOf<Hdf5DataException>().With.Property(nameof(Hdf5DataException.Dataset)).EqualTo("B6_sequence"));
            Assert.That(() => AllelePairDataset.Read(folder.PathOf("absent.h5")), Throws.TypeOf<FileNotFoundException>());
        }
    }
}

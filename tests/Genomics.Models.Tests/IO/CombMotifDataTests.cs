using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class CombMotifDataTests
{
    [Test]
    public void HalfLife_Read_GivesEverySplitInChannelsFirstLayout()
    {
        var expected = OriginalFormatFixtures.Expected.GetProperty("halflife").GetProperty("splits");

        var data = HalfLifeDataset.Read(OriginalFormatFixtures.Path("halflife.h5"));

        foreach (var split in new[] { data.Train, data.Valid!, data.Test! })
        {
            var e = expected.GetProperty(split.Name);
            using var inputs = split.InputsTensor();
            using var labels = split.LabelsTensor();
            using var bases = inputs.narrow(1, 0, 4);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(split.Count, Is.EqualTo(e.GetProperty("count").GetInt32()), split.Name);
                Assert.That(inputs.shape, Is.EqualTo(new long[] { split.Count, 6, 40 }));
                Assert.That(labels.shape, Is.EqualTo(new long[] { split.Count, 1 }));
                Assert.That(split.Labels, Is.EqualTo(e.GetProperty("labels").Doubles().Select(v => (float)v).ToArray()));
                Assert.That(split.Inputs.Sum(), Is.EqualTo(e.GetProperty("sum").GetDouble()));
                Assert.That(OneHotEncoder.Decode(bases), Is.EqualTo(e.GetProperty("bases").Strings()));
            }
        }
    }

    [Test]
    public void HalfLife_TrainSplitTrainsTheHalfLifeArchitectureShape()
    {
        var data = HalfLifeDataset.Read(OriginalFormatFixtures.Path("halflife.h5"));
        using var model = new CnnGruModel(CnnGruOptions.HalfLife with { Length = 40, Blocks = 2 });
        using var inputs = data.Train.InputsTensor();

        using var outputs = model.Evaluate(inputs);

        Assert.That(outputs.shape, Is.EqualTo(new long[] { data.Train.Count, 1 }));
    }

    [Test]
    public void HalfLife_Read_LabelsNotOnePerSequence_NameTheDataset()
    {
        var path = OriginalFormatFixtures.Path("halflife_bad.h5");

        var error = Assert.Throws<Hdf5DataException>(() => HalfLifeDataset.Read(path))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Dataset, Is.EqualTo("valid_label"));
            Assert.That(error.Message, Does.StartWith($"{path}: dataset 'valid_label': holds 3 labels"));
        }
    }

    [Test]
    public void HalfLife_Read_FileWithoutTrainSplit_NamesTheMissingDataset()
    {
        var error = Assert.Throws<Hdf5DataException>(() => HalfLifeDataset.Read(OriginalFormatFixtures.Path("deepallele_pairs.h5")))!;

        Assert.That(error.Dataset, Is.EqualTo("train_sequence"));
    }

    [Test]
    public void Mrl_Read_GivesUtrsLoadsAndReads()
    {
        var expected = OriginalFormatFixtures.Expected.GetProperty("mrl");

        var table = RibosomeLoadTable.Read(OriginalFormatFixtures.Path("mrl.csv"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Utrs, Is.EqualTo(expected.GetProperty("utrs").Strings()));
            Assert.That(table.MeanRibosomeLoads, Is.EqualTo(expected.GetProperty("rl").Doubles()));
            Assert.That(table.TotalReads, Is.EqualTo(expected.GetProperty("total_reads").Longs().Select(v => (double)v).ToArray()));
            Assert.That(table.OrderByReads(), Is.EqualTo(expected.GetProperty("order_by_reads").Longs().Select(v => (int)v).ToArray()), "stable descending sort");
        }
    }

    [Test]
    public void Mrl_CombMotifSplits_TestOnTheMostReadRowsAndStandardiseWithTrainingStatistics()
    {
        var table = RibosomeLoadTable.Read(OriginalFormatFixtures.Path("mrl.csv"));
        var order = table.OrderByReads();

        var split = table.CombMotifSplit(top: 10, testCount: 3);
        var noAtg = table.CombMotifNoAtgSplit(top: 12, testFraction: 0.25);
        var (mean, sd) = table.Scaler(split.Train);
        using var inputs = table.InputsTensor(split.Test);
        using var targets = table.TargetsTensor(split.Train, mean, sd);
        var trainLoads = split.Train.Select(i => table.MeanRibosomeLoads[i]).ToArray();
        var withoutAtg = order.Where(i => !table.Utrs[i].Contains("ATG", StringComparison.Ordinal)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(split.Test, Is.EqualTo(order[..3]));
            Assert.That(split.Train, Is.EqualTo(order[3..10]));
            Assert.That(noAtg.Test, Is.EqualTo(withoutAtg[..(withoutAtg.Length / 4)]));
            Assert.That(noAtg.Train, Is.EqualTo(withoutAtg[(withoutAtg.Length / 4)..]));
            Assert.That(noAtg.Train.Concat(noAtg.Test).Any(i => i == 4), Is.False, "row 4's UTR holds ATG");
            Assert.That(mean, Is.EqualTo(trainLoads.Average()).Within(1e-12));
            Assert.That(sd, Is.EqualTo(Math.Sqrt(trainLoads.Sum(v => (v - mean) * (v - mean)) / trainLoads.Length)).Within(1e-12));
            Assert.That(inputs.shape, Is.EqualTo(new long[] { 3, 4, 50 }));
            Assert.That(OneHotEncoder.Decode(inputs), Is.EqualTo(split.Test.Select(i => table.Utrs[i][..50]).ToArray()));
            Assert.That(targets.mean().item<float>(), Is.EqualTo(0f).Within(1e-5));
            Assert.That(targets.shape, Is.EqualTo(new long[] { 7, 1 }));
        }
    }

    [Test]
    public void Mrl_InputsOfTheMrlPresetRunThroughIt()
    {
        var table = RibosomeLoadTable.Read(OriginalFormatFixtures.Path("mrl.csv"));
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad);
        using var inputs = table.InputsTensor([7, 0]);

        using var outputs = model.Evaluate(inputs);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outputs.shape, Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(inputs[0, .., 10].sum().item<float>(), Is.Zero, "N encodes as a zero column");
        }
    }

    [Test]
    public void Mrl_Read_BadNumberOrMissingColumn_NamesFileAndLine()
    {
        var bad = OriginalFormatFixtures.Path("mrl_bad.csv");
        var line = OriginalFormatFixtures.Expected.GetProperty("mrl").GetProperty("bad_line").GetInt32();
        using var folder = new ScratchFolder();
        var noRl = folder.WriteText("norl.csv", "utr,total_reads\nACGT,3\n");
        var ragged = folder.WriteText("ragged.csv", "utr,rl,total_reads\nACGT,1.5,3\nACGT,2\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => RibosomeLoadTable.Read(bad), DataErrors.At(bad, line));
            Assert.That(() => RibosomeLoadTable.Read(bad), Throws.TypeOf<DataFormatException>().With.Message.Contains("rl 'n/a' is not a finite number"));
            Assert.That(() => RibosomeLoadTable.Read(noRl), DataErrors.At(noRl, 1));
            Assert.That(() => RibosomeLoadTable.Read(ragged), Throws.TypeOf<DataFormatException>().With.Message.EqualTo($"{ragged}:3: 2 fields but the header has 3"));
        }
    }
}

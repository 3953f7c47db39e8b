using Genomics.Models.Augmentation;
using Genomics.Models.Data;
using Genomics.Models.Encoding;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class OrthologPromoterDatasetTests
{
    private static readonly Lazy<OrthologPromoterDataset> s_dataset = new(() => new OrthologPromoterDataset(DeepDifEOrthologs.Table));

    [Test]
    public void Dataset_Has2794LabelledPromoters_GroupedByTheirAThalianaGene()
    {
        var dataset = s_dataset.Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dataset.Count, Is.EqualTo(2794));
            Assert.That(dataset.Labels.Count(l => l == 1), Is.EqualTo(765 + 315 + 416));
            Assert.That(dataset.PositiveFraction, Is.EqualTo(0.535).Within(0.001));
            Assert.That(dataset.Groups.Distinct().Count(), Is.EqualTo(1632));
            Assert.That(dataset.Groups, Is.EqualTo(dataset.Promoters.Select(p => p.ThalianaGeneId)));
        }
    }

    [Test]
    public void Groups_KeepOrthologsOfOneGeneOnOneSideOfAGroupedSplit()
    {
        var dataset = s_dataset.Value;
        var split = DataSplits.GroupShuffle(dataset.Groups, 0.2, 42);
        var trainGroups = split.Train.Select(i => dataset.Groups[i]).ToHashSet();
        Assert.That(split.Test.Select(i => dataset.Groups[i]), Has.None.Matches<string>(trainGroups.Contains));
    }

    [Test]
    public void ToTrainingSet_EncodesRows_AndAppendsReverseComplements()
    {
        var dataset = s_dataset.Value;
        int[] rows = [5, 0, 2793];
        using var scope = torch.NewDisposeScope();
        var set = dataset.ToTrainingSet(rows, addReverseComplements: true);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Inputs.shape, Is.EqualTo(new long[] { 6, 4, 600 }));
            Assert.That(set.Targets.shape, Is.EqualTo(new long[] { 6, 1 }));
            Assert.That(OneHotEncoder.Decode(set.Inputs[..3]), Is.EqualTo(rows.Select(r => dataset.Promoters[r].Sequence)));
            Assert.That(AugmentationTestData.Values(set.Inputs[3..]), Is.EqualTo(AugmentationTestData.Values(OneHotEncoder.ReverseComplement(set.Inputs[..3]))));
            Assert.That(AugmentationTestData.Values(set.Targets), Is.EqualTo(rows.Concat(rows).Select(r => (float)dataset.Labels[r])));
            Assert.That(dataset.ToTrainingSet([1]).Inputs.shape, Is.EqualTo(new long[] { 1, 4, 600 }));
        }
    }

    [Test]
    public void ToTrainingSet_RejectsBadRows()
    {
        var dataset = s_dataset.Value;
        Assert.That(() => dataset.ToTrainingSet([]), Throws.ArgumentException.With.Property("ParamName").EqualTo("rows"));
        Assert.That(() => dataset.ToTrainingSet([2794]), Throws.ArgumentException.With.Message.Contains("[0, 2794)"));
    }

    [Test]
    public void Groups_OfUnmappedPromoters_AreTheirOwn()
    {
        using var folder = new ScratchFolder();
        var source = new OrthologSource("sp", folder.WriteText("sp.fa", ">G1_1\nACGT\n>G2_0\nACGT\n>G3_0\nACGT\n"), folder.WriteText("sp.txt", "AT1\tG1\nAT1\tG3\n"));
        var dataset = new OrthologPromoterDataset(OrthologTable.Load([source]));
        Assert.That(dataset.Groups, Is.EqualTo(new[] { "AT1", "unmapped:sp:G2", "AT1" }));
    }
}

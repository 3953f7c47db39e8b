using Genomics.Models.Data;
using Genomics.Models.Tests.Evaluation;
using NUnit.Framework;
using static Genomics.Models.Tests.Evaluation.MetricsReference;

namespace Genomics.Models.Tests.Data;

public sealed partial class DataSplitsTests
{
    private static readonly string[] s_families =
    [
        "f3", "f1", "f2", "f1", "f4", "f5", "f3", "f1", "f6", "f2", "f7", "f1", "f8", "f4", "f9", "f3", "f2", "f10", "f5", "f1",
    ];

    private static IEnumerable<TestCaseData> GroupKFoldCases() =>
        MetricsReference.Instance.GroupKfold.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(GroupKFoldCases))]
    public void GroupedKFold_EqualsScikitLearnGroupKFold(GroupKFoldCase reference)
    {
        var folds = DataSplits.GroupedKFold(reference.Groups, reference.K);

        Assert.That(folds.Select(f => f.Test), Is.EqualTo(reference.TestFolds));
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void GroupedKFold_NeverSplitsAGroupAcrossFolds(int k)
    {
        var folds = DataSplits.GroupedKFold(s_families, k);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(folds, Has.Count.EqualTo(k));
            AssertPartition(s_families.Length, [.. folds.Select(f => f.Test)]);
            foreach (var fold in folds)
            {
                AssertPartition(s_families.Length, fold.Train, fold.Test);
                var testGroups = fold.Test.Select(i => s_families[i]).ToHashSet();
                var trainGroups = fold.Train.Select(i => s_families[i]).ToHashSet();
                Assert.That(testGroups.Overlaps(trainGroups), Is.False);
            }
        }
    }

    [Test]
    public void GroupedKFold_RejectsMoreFoldsThanGroups()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => DataSplits.GroupedKFold(["a", "a", "b"], 3),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("k"));
            Assert.That(
                () => DataSplits.GroupedKFold(["a", null!, "b"], 2),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("groups"));
        }
    }

    [TestCase(0.2, 2)]
    [TestCase(0.25, 3)]
    [TestCase(0.5, 5)]
    public void GroupShuffle_HoldsOutCeilingOfFractionOfGroupsWhole(double testFraction, int testGroupCount)
    {
        var split = DataSplits.GroupShuffle(s_families, testFraction, seed: 5);

        var testGroups = split.Test.Select(i => s_families[i]).ToHashSet();
        var trainGroups = split.Train.Select(i => s_families[i]).ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(testGroups, Has.Count.EqualTo(testGroupCount));
            Assert.That(testGroups.Overlaps(trainGroups), Is.False);
            AssertPartition(s_families.Length, split.Train, split.Test);
        }
    }

    [Test]
    public void GroupShuffle_IsDeterministicBySeed()
    {
        var first = DataSplits.GroupShuffle(s_families, 0.3, seed: 1);
        var again = DataSplits.GroupShuffle(s_families, 0.3, seed: 1);
        var other = DataSplits.GroupShuffle(s_families, 0.3, seed: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Test, Is.EqualTo(first.Test));
            Assert.That(other.Test, Is.Not.EqualTo(first.Test));
        }
    }

    [Test]
    public void GroupShuffle_RejectsDegenerateInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => DataSplits.GroupShuffle(["a", "a"], 0.5, 1),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("groups"));
            Assert.That(
                () => DataSplits.GroupShuffle(s_families, 0.0, 1),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("testFraction"));
            Assert.That(
                () => DataSplits.GroupShuffle(["a", "b"], 0.9, 1),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("testFraction"));
        }
    }

    [Test]
    public void HoldOutChromosomes_SelectsSamplesOnHeldOutChromosomes()
    {
        // DeepAllele validates on chr16, chr17 and chr18 and keeps no test chromosomes.
        string[] names = ["chr1-10-20", "chr16-5-9", "chr17:1-2", "chr2-3-4", "chr18-7-8", "chr16-30-40", "chrX-1-2"];
        var chromosomes = ChromosomeNames.ParseAll(names);

        var split = DataSplits.HoldOutChromosomes(chromosomes, ["chr16", "chr17", "chr18"], []);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(split.Valid, Is.EqualTo(new[] { 1, 2, 4, 5 }));
            Assert.That(split.Train, Is.EqualTo(new[] { 0, 3, 6 }));
            Assert.That(split.Test, Is.Empty);
        }
    }

    [Test]
    public void HoldOutChromosomes_SeparatesValidationAndTestChromosomes()
    {
        string[] chromosomes = ["chr1", "chr2", "chr3", "chr1", "chr2", "chr4"];

        var split = DataSplits.HoldOutChromosomes(chromosomes, ["chr2"], ["chr3", "chrY"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(split.Train, Is.EqualTo(new[] { 0, 3, 5 }));
            Assert.That(split.Valid, Is.EqualTo(new[] { 1, 4 }));
            Assert.That(split.Test, Is.EqualTo(new[] { 2 }));
        }
    }

    [Test]
    public void HoldOutChromosomes_RejectsOverlapAndEmptyTraining()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => DataSplits.HoldOutChromosomes(["chr1", "chr2"], ["chr2"], ["chr2"]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("testChromosomes"));
            Assert.That(
                () => DataSplits.HoldOutChromosomes(["chr1", "chr2"], ["chr1"], ["chr2"]),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("chromosomes"));
        }
    }
}

using Genomics.Models.Data;
using Genomics.Models.Tests.Evaluation;
using NUnit.Framework;
using static Genomics.Models.Tests.Evaluation.MetricsReference;

namespace Genomics.Models.Tests.Data;

[TestFixture]
public sealed partial class DataSplitsTests
{
    [TestCase(10, 0.1, 0.2, 7, 1, 2)]
    [TestCase(10, 0.0, 0.3, 7, 0, 3)]
    [TestCase(10, 0.2, 0.7, 1, 2, 7)]
    [TestCase(7, 0.15, 0.15, 3, 2, 2)]
    [TestCase(1, 0.0, 0.0, 1, 0, 0)]
    public void Random_HasCeilingSizedHeldOutPartsAndPartitionsAllIndices(
        int n, double validFraction, double testFraction, int trainCount, int validCount, int testCount)
    {
        var split = DataSplits.Random(n, validFraction, testFraction, seed: 42);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(split.Train, Has.Length.EqualTo(trainCount));
            Assert.That(split.Valid, Has.Length.EqualTo(validCount));
            Assert.That(split.Test, Has.Length.EqualTo(testCount));
            AssertPartition(n, split.Train, split.Valid, split.Test);
        }
    }

    [Test]
    public void Random_IsDeterministicBySeed()
    {
        var first = DataSplits.Random(50, 0.2, 0.2, seed: 7);
        var again = DataSplits.Random(50, 0.2, 0.2, seed: 7);
        var other = DataSplits.Random(50, 0.2, 0.2, seed: 8);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Train, Is.EqualTo(first.Train));
            Assert.That(again.Valid, Is.EqualTo(first.Valid));
            Assert.That(again.Test, Is.EqualTo(first.Test));
            Assert.That(other.Test, Is.Not.EqualTo(first.Test));
        }
    }

    [Test]
    public void Random_RejectsInvalidFractions()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                () => DataSplits.Random(10, -0.1, 0.2, 1),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("validFraction"));
            Assert.That(
                () => DataSplits.Random(10, 0.1, 1.0, 1),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("testFraction"));
            Assert.That(
                () => DataSplits.Random(10, 0.5, 0.5, 1),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("testFraction"));
            Assert.That(
                () => DataSplits.Random(2, 0.5, 0.4, 1),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("n"));
            Assert.That(
                () => DataSplits.Random(0, 0.1, 0.1, 1),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("n"));
        }
    }

    private static IEnumerable<TestCaseData> KFoldCases() =>
        MetricsReference.Instance.Kfold.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    [TestCaseSource(nameof(KFoldCases))]
    public void KFold_WithoutShuffleEqualsScikitLearn(KFoldCase reference)
    {
        var folds = DataSplits.KFold(reference.N, reference.K);

        Assert.That(folds.Select(f => f.Test), Is.EqualTo(reference.TestFolds));
        foreach (var fold in folds)
        {
            AssertPartition(reference.N, fold.Train, fold.Test);
        }
    }

    [Test]
    public void KFold_WithShuffleKeepsFoldSizesAndPartitionsTestSets()
    {
        var folds = DataSplits.KFold(11, 4, shuffle: true, seed: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(folds.Select(f => f.Test.Length), Is.EqualTo(new[] { 3, 3, 3, 2 }));
            AssertPartition(11, [.. folds.Select(f => f.Test)]);
            foreach (var fold in folds)
            {
                AssertPartition(11, fold.Train, fold.Test);
            }

            Assert.That(folds[0].Test, Is.Not.EqualTo(new[] { 0, 1, 2 }));
        }
    }

    [Test]
    public void KFold_WithShuffleIsDeterministicBySeed()
    {
        var first = DataSplits.KFold(20, 5, shuffle: true, seed: 11);
        var again = DataSplits.KFold(20, 5, shuffle: true, seed: 11);
        var other = DataSplits.KFold(20, 5, shuffle: true, seed: 12);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Select(f => f.Test), Is.EqualTo(first.Select(f => f.Test)));
            Assert.That(other.Select(f => f.Test), Is.Not.EqualTo(first.Select(f => f.Test)));
        }
    }

    [TestCase(5, 1)]
    [TestCase(5, 6)]
    public void KFold_RejectsFoldCountOutsideTwoToN(int n, int k) =>
        Assert.That(
            () => DataSplits.KFold(n, k),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("k"));

    /// <summary>Asserts that the parts are sorted, disjoint and together cover 0..n−1.</summary>
    private static void AssertPartition(int n, params int[][] parts)
    {
        foreach (var part in parts)
        {
            Assert.That(part, Is.Ordered.Ascending);
        }

        Assert.That(parts.SelectMany(p => p).Order(), Is.EqualTo(Enumerable.Range(0, n)));
    }
}

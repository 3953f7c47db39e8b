using Genomics.Models.Augmentation;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class MutationAugmentationTests
{
    [TestCase(600, 40)]
    [TestCase(620, 41)]
    [TestCase(15, 1)]
    public void PositionsPerSequence_IsRoundedFractionOverThreeQuarters(int length, int expected) =>
        Assert.That(new MutationAugmentation().PositionsPerSequence(length), Is.EqualTo(expected));

    [Test]
    public void Apply_SetsExactlyThatManyDistinctPositionsPerSequence()
    {
        using var scope = torch.NewDisposeScope();

        // All-zero (N) input: every position the augmentation sets becomes one-hot, so the count is exact.
        var output = new MutationAugmentation().Apply(torch.zeros(5, 4, 600), new Random(1));
        var set = AugmentationTestData.ZeroColumns(output).Select(z => 600 - z);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Is.All.EqualTo(40));
            Assert.That(AugmentationTestData.Values(output).Where(v => v != 0), Is.All.EqualTo(1f));
        }
    }

    [Test]
    public void Apply_ChangesAboutFivePercentOfBases_AndKeepsOneHot()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(20, 600, 2);
        var output = new MutationAugmentation().Apply(input, new Random(3));
        var changed = AugmentationTestData.Values(input.ne(output).any(1).to_type(torch.ScalarType.Float32).sum(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AugmentationTestData.IsOneHot(output), Is.True);
            Assert.That(changed, Is.All.LessThanOrEqualTo(40f));
            Assert.That(changed.Average() / 600, Is.InRange(0.035, 0.065), "three quarters of 40 of 600");
        }
    }

    [Test]
    public void Constructor_RejectsFractionOutOfRange() =>
        Assert.That(() => new MutationAugmentation(0.8), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("mutateFraction"));
}

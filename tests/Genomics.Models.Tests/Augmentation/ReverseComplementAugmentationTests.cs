using Genomics.Models.Augmentation;
using Genomics.Models.Encoding;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class ReverseComplementAugmentationTests
{
    [Test]
    public void Apply_EachSequenceIsItselfOrItsReverseComplement_AboutHalfFlipped()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(400, 12, 1);
        var before = OneHotEncoder.Decode(input);
        var after = OneHotEncoder.Decode(new ReverseComplementAugmentation().Apply(input, new Random(2)));
        var flipped = 0;
        for (var n = 0; n < before.Length; n++)
        {
            var reverse = Alphabet.Dna.ReverseComplement(before[n]);
            Assert.That(after[n], Is.EqualTo(before[n]).Or.EqualTo(reverse), $"row {n}");
            flipped += after[n] == reverse && reverse != before[n] ? 1 : 0;
        }

        Assert.That(flipped / 400.0, Is.InRange(0.42, 0.58));
    }

    [Test]
    public void Apply_WithProbabilityOne_IsAnInvolution()
    {
        using var scope = torch.NewDisposeScope();
        var rc = new ReverseComplementAugmentation(1);
        var input = AugmentationTestData.OneHot(5, 30, 3);
        var once = rc.Apply(input, new Random(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AugmentationTestData.Values(once), Is.EqualTo(AugmentationTestData.Values(OneHotEncoder.ReverseComplement(input))));
            Assert.That(AugmentationTestData.Values(rc.Apply(once, new Random(2))), Is.EqualTo(AugmentationTestData.Values(input)));
        }
    }

    [Test]
    public void Apply_WithProbabilityZero_CopiesTheInput()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(5, 30, 4);
        Assert.That(AugmentationTestData.Values(new ReverseComplementAugmentation(0).Apply(input, new Random(1))), Is.EqualTo(AugmentationTestData.Values(input)));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Constructor_RejectsProbabilityOutsideTheUnitInterval(double probability) =>
        Assert.That(() => new ReverseComplementAugmentation(probability), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("probability"));
}

using Genomics.Models.Augmentation;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class RandomPaddingTests
{
    [Test]
    public void Apply_PutsTenRandomBasesOnEachSide()
    {
        using var scope = torch.NewDisposeScope();
        var sources = AugmentationTestData.Sources(new RandomPadding().Apply(AugmentationTestData.Markers(3, 25), new Random(1)));
        var expected = Enumerable.Repeat(-1, 10).Concat(Enumerable.Range(0, 25)).Concat(Enumerable.Repeat(-1, 10));
        Assert.That(sources, Is.All.EqualTo(expected));
    }

    [Test]
    public void Apply_OddLength_PutsTheExtraBaseAfter()
    {
        var padding = new RandomPadding(5);
        Assert.That((padding.LeftLength, padding.RightLength), Is.EqualTo((2, 3)));
    }

    [Test]
    public void ApplyForEvaluation_IsDeterministic_AndUsesSeed1234ByDefault()
    {
        using var scope = torch.NewDisposeScope();
        var padding = new RandomPadding();
        var input = AugmentationTestData.OneHot(4, 30, 2);
        var first = AugmentationTestData.Values(padding.ApplyForEvaluation(input));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AugmentationTestData.Values(padding.ApplyForEvaluation(input)), Is.EqualTo(first));
            Assert.That(AugmentationTestData.Values(padding.Apply(input, new Random(1234))), Is.EqualTo(first));
            Assert.That(AugmentationTestData.Values(padding.ApplyForEvaluation(input, 1)), Is.Not.EqualTo(first));
        }
    }

    [Test]
    public void Transform_DrawsFromTheBatchSeed()
    {
        using var scope = torch.NewDisposeScope();
        var padding = new RandomPadding();
        var input = AugmentationTestData.OneHot(2, 30, 3);
        var context = new BatchTransformContext(1, 0, 42, [0, 1]);
        Assert.That(AugmentationTestData.Values(padding.Transform(input, context)), Is.EqualTo(AugmentationTestData.Values(padding.Apply(input, context.CreateRandom()))));
    }

    [Test]
    public void Constructor_RejectsNegativeLength() =>
        Assert.That(() => new RandomPadding(-1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
}

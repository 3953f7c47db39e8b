using Genomics.Models.Augmentation;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Augmentation;

/// <summary>What every <see cref="ISequenceAugmentation"/> promises: shape, dtype, input untouched, reproducible, seed-dependent, argument checks.</summary>
[NonParallelizable]
public sealed class SequenceAugmentationContractTests
{
    private const int Count = 6;
    private const int Length = 64;

    private static IEnumerable<TestCaseData> All()
    {
        yield return new TestCaseData(new ReverseComplementAugmentation()).SetArgDisplayNames("reverse-complement");
        yield return new TestCaseData(new InsertionAugmentation()).SetArgDisplayNames("insertion");
        yield return new TestCaseData(new DeletionAugmentation()).SetArgDisplayNames("deletion");
        yield return new TestCaseData(new TranslocationAugmentation()).SetArgDisplayNames("translocation");
        yield return new TestCaseData(new MutationAugmentation()).SetArgDisplayNames("mutation");
        yield return new TestCaseData(new GaussianNoiseAugmentation()).SetArgDisplayNames("noise");
        yield return new TestCaseData(new RandomPadding()).SetArgDisplayNames("padding");
    }

    [TestCaseSource(nameof(All))]
    public void Apply_GivesFloat32RowsOfTheDocumentedLength(ISequenceAugmentation augmentation)
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(Count, Length, 1);
        var output = augmentation.Apply(input, new Random(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.shape, Is.EqualTo(new long[] { Count, 4, Length + augmentation.AddedLength }));
            Assert.That(output.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(AugmentationTestData.IsOneHot(output), Is.EqualTo(augmentation is not GaussianNoiseAugmentation), "one-hot preserved except by noise");
        }
    }

    [TestCaseSource(nameof(All))]
    public void Apply_DoesNotModifyTheInput_AndReturnsANewTensor(ISequenceAugmentation augmentation)
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(Count, Length, 3);
        var before = AugmentationTestData.Values(input);
        var output = augmentation.Apply(input, new Random(4));
        output.add_(1);
        Assert.That(AugmentationTestData.Values(input), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(All))]
    public void Apply_SameSeedGivesSameResult_DifferentSeedsDiffer(ISequenceAugmentation augmentation)
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(Count, Length, 5);
        var first = AugmentationTestData.Values(augmentation.Apply(input, new Random(7)));
        var again = AugmentationTestData.Values(augmentation.Apply(input, new Random(7)));
        var others = Enumerable.Range(8, 3).Select(s => AugmentationTestData.Values(augmentation.Apply(input, new Random(s)))).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(others.Any(o => !o.SequenceEqual(first)), Is.True, "another seed changes the result");
        }
    }

    [TestCaseSource(nameof(All))]
    public void Apply_LeavesNoTensorsBehind(ISequenceAugmentation augmentation)
    {
        using var input = AugmentationTestData.OneHot(Count, Length, 6);
        augmentation.Apply(input, new Random(1)).Dispose();
        var live = Genomics.TestKit.TorchTestEnvironment.LiveTensors;
        augmentation.Apply(input, new Random(1)).Dispose();
        Assert.That(Genomics.TestKit.TorchTestEnvironment.LiveTensors, Is.EqualTo(live));
    }

    [TestCaseSource(nameof(All))]
    public void Apply_RejectsInvalidArguments(ISequenceAugmentation augmentation)
    {
        using var scope = torch.NewDisposeScope();
        var good = AugmentationTestData.OneHot(2, Length, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => augmentation.Apply(null!, new Random(1)), Throws.ArgumentNullException);
            Assert.That(() => augmentation.Apply(good, null!), Throws.ArgumentNullException);
            Assert.That(() => augmentation.Apply(torch.zeros(2, 5, Length), new Random(1)), Throws.ArgumentException.With.Message.Contains("(N, 4, L)"));
            Assert.That(() => augmentation.Apply(torch.zeros(4, Length), new Random(1)), Throws.ArgumentException);
            Assert.That(() => augmentation.Apply(good.to_type(ScalarType.Float64), new Random(1)), Throws.ArgumentException.With.Message.Contains("float32"));
            Assert.That(() => augmentation.Apply(torch.zeros(0, 4, Length), new Random(1)), Throws.ArgumentException.With.Message.Contains("empty"));
        }
    }
}

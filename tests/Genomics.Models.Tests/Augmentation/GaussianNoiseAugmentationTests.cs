using Genomics.Models.Augmentation;
using Genomics.Models.Compute;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class GaussianNoiseAugmentationTests
{
    [Test]
    public void Apply_AddsNoiseWithThePublishedMeanAndStandardDeviation()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(50, 100, 1);
        var noise = AugmentationTestData.Values(new GaussianNoiseAugmentation().Apply(input, new Random(2)) - input);
        var mean = noise.Average();
        var sd = Math.Sqrt(noise.Select(v => (v - mean) * (v - mean)).Average());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mean, Is.EqualTo(0).Within(0.01));
            Assert.That(sd, Is.EqualTo(0.2).Within(0.01));
        }
    }

    [Test]
    public void Apply_WithZeroDeviation_AddsTheMeanOnly()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(2, 10, 3);
        var output = new GaussianNoiseAugmentation(0.5, 0).Apply(input, new Random(1));
        Assert.That(AugmentationTestData.Values(output), Is.EqualTo(AugmentationTestData.Values(input + 0.5)));
    }

    [Test]
    public void Apply_DoesNotTouchTheGlobalGenerator()
    {
        using var scope = torch.NewDisposeScope();
        float[] expected;
        using (new TorchSeedScope(11))
        {
            expected = torch.rand(3).data<float>().ToArray();
        }

        using (new TorchSeedScope(11))
        {
            new GaussianNoiseAugmentation().Apply(AugmentationTestData.OneHot(2, 10, 3), new Random(1));
            Assert.That(torch.rand(3).data<float>().ToArray(), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Constructor_RejectsInvalidSettings()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new GaussianNoiseAugmentation(double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("mean"));
            Assert.That(() => new GaussianNoiseAugmentation(0, -0.1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("standardDeviation"));
        }
    }
}

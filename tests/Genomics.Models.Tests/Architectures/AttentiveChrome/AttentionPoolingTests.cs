using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.AttentiveChrome;

[NonParallelizable]
public sealed class AttentionPoolingTests
{
    [Test]
    public void Forward_WeightsBySoftmaxOfDotProductsWithTheContext()
    {
        using var module = new AttentionPooling(2);
        using (torch.no_grad())
        {
            module.get_parameter("context")!.copy_(torch.tensor(new[] { 1f, -1f }));
        }

        // Scores h·w: 1, 0, -2.
        using var input = torch.tensor(new[] { 2f, 1f, 0f, 0f, -1f, 1f }, new long[] { 1, 3, 2 });
        var (pooled, weights) = module.call(input);
        using (pooled)
        using (weights)
        {
            var z = Math.Exp(1) + 1 + Math.Exp(-2);
            var expected = new[] { Math.Exp(1) / z, 1 / z, Math.Exp(-2) / z };
            using (Assert.EnterMultipleScope())
            {
                Assert.That(weights.shape, Is.EqualTo(new long[] { 1, 3 }));
                Assert.That(weights.data<float>().ToArray(), Is.EqualTo(expected).Within(1e-6));
                Assert.That(pooled.shape, Is.EqualTo(new long[] { 1, 2 }));
                Assert.That(pooled[0, 0].item<float>(), Is.EqualTo(2 * expected[0] - expected[2]).Within(1e-6));
                Assert.That(pooled[0, 1].item<float>(), Is.EqualTo(expected[0] + expected[2]).Within(1e-6));
            }
        }
    }

    [Test]
    public void Forward_RejectsAWrongFeatureWidth_AndLeaksNoTensors()
    {
        using var module = new AttentionPooling(4);
        using var wrong = torch.rand(2, 3, 5);
        using var right = torch.rand(2, 3, 4);
        var live = TorchTestEnvironment.LiveTensors;
        for (var i = 0; i < 3; i++)
        {
            var (pooled, weights) = module.call(right);
            pooled.Dispose();
            weights.Dispose();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(live));
            Assert.That(() => module.call(wrong), Throws.ArgumentException.With.Message.Contains("(N, T, 4)"));
            Assert.That(module.parameters().Single().shape, Is.EqualTo(new long[] { 4 }));
        }
    }
}

using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.CnnGru;

[NonParallelizable]
public sealed class ChannelLayerNormTests
{
    [Test]
    public void Forward_NormalisesEachPositionOverItsChannels()
    {
        using var norm = new ChannelLayerNorm(4, 0.007);
        using var x = torch.rand(2, 4, 6) * 3;
        using var y = norm.call(x);
        using var mean = x.mean([1], keepdim: true);
        using var variance = x.var(1, unbiased: false, keepdim: true);
        using var expected = (x - mean) / (variance + 0.007).sqrt();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 4, 6 }));
            Assert.That(TensorValues.Floats(y), Is.EqualTo(TensorValues.Floats(expected)).Within(1e-5));
            Assert.That(norm.state_dict().Keys, Is.EqualTo(new[] { "ln.weight", "ln.bias" }));
        }
    }
}

using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Layers;

[NonParallelizable]
public sealed class LayerTests
{
    [TestCase(ActivationKind.Relu, -1.0, 0.0)]
    [TestCase(ActivationKind.Relu, 2.0, 2.0)]
    [TestCase(ActivationKind.Sigmoid, 0.0, 0.5)]
    [TestCase(ActivationKind.Tanh, 0.5, 0.46211715726)]
    [TestCase(ActivationKind.Softplus, 0.0, 0.69314718056)]
    [TestCase(ActivationKind.Exp, 1.0, 2.71828182846)]
    [TestCase(ActivationKind.Identity, -3.0, -3.0)]
    public void Activation_ComputesItsFunction(ActivationKind kind, double x, double expected)
    {
        using var module = new Activation(kind);
        using var input = torch.tensor(new[] { (float)x });
        using var y = module.call(input);
        Assert.That(y.item<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Activation_DoesNotModifyInput()
    {
        using var module = new Activation(ActivationKind.Relu);
        using var input = torch.tensor(new[] { -1f, 1f });
        using var y = module.call(input);
        Assert.That(input[0].item<float>(), Is.EqualTo(-1f));
    }

    [TestCase(PoolKind.Max, false, 10, 3, 3)]
    [TestCase(PoolKind.Max, true, 10, 3, 4)]
    [TestCase(PoolKind.Average, true, 660, 4, 165)]
    [TestCase(PoolKind.Average, true, 165, 4, 42)]
    [TestCase(PoolKind.Average, true, 42, 4, 11)]
    [TestCase(PoolKind.Average, true, 11, 4, 3)]
    public void Pool1d_OutputLength_MatchesTorch(PoolKind kind, bool ceil, int length, int k, int expected)
    {
        using var pool = new Pool1d(kind, k, ceilMode: ceil);
        using var x = torch.rand(1, 2, length);
        using var y = pool.call(x);
        Assert.That((pool.OutputLength(length), (int)y.shape[2]), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void Pool1d_CeilAverage_AveragesOnlyPresentElements()
    {
        using var pool = new Pool1d(PoolKind.Average, 4, ceilMode: true);
        using var x = torch.tensor(new float[] { 1, 1, 1, 1, 3, 5 }).reshape(1, 1, 6);
        using var y = pool.call(x);
        Assert.That(y.data<float>().ToArray(), Is.EqualTo(new float[] { 1, 4 }));
    }
}

using Genomics.Models.Architectures.DeepCba;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Architectures.DeepCba;

/// <summary>The Keras-equivalence building blocks of DeepCBA: 'same' pooling and convolution, β-only batch norm, attention, reshape.</summary>
[NonParallelizable]
public sealed class DeepCbaLayerTests
{
    [TestCase(2993, 375, 3, 4)]
    [TestCase(375, 47, 0, 1)]
    [TestCase(47, 6, 0, 1)]
    [TestCase(16, 2, 0, 0)]
    [TestCase(5, 1, 1, 2)]
    public void SameMaxPool1d_HasTensorFlowsOutputLengthAndPadding(int length, int expected, int before, int after)
    {
        using var pool = new SameMaxPool1d(8, 8);
        using var x = torch.rand(1, 2, length);
        using var y = pool.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape[2], Is.EqualTo(expected));
            Assert.That(SameMaxPool1d.OutputLength(length, 8), Is.EqualTo(expected));
            Assert.That(SameMaxPool1d.Padding(length, 8, 8), Is.EqualTo((before, after)));
        }
    }

    [TestCase(2993)]
    [TestCase(47)]
    [TestCase(13)]
    public void SameMaxPool1d_EqualsBruteForceTensorFlowWindows_OnNegativeValues(int length)
    {
        using var g = new Generator(11);
        using var x = torch.randn(new long[] { 2, 3, length }, generator: g) - 5; // all far below zero: padding must never win
        using var pool = new SameMaxPool1d(8, 8);
        using var y = pool.call(x);
        var values = x.data<float>().ToArray();
        var (before, _) = SameMaxPool1d.Padding(length, 8, 8);
        var outLength = SameMaxPool1d.OutputLength(length, 8);
        var expected = new List<float>();
        for (var row = 0; row < 6; row++)
        {
            for (var j = 0; j < outLength; j++)
            {
                var start = Math.Max((j * 8) - before, 0);
                var end = Math.Min((j * 8) - before + 8, length);
                expected.Add(Enumerable.Range(start, end - start).Max(i => values[(row * length) + i]));
            }
        }

        Assert.That(y.data<float>().ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void SameMaxPool1d_GradientReachesOnlyRealPositions()
    {
        using var x = torch.randn(1, 1, 13).requires_grad_(true);
        using var pool = new SameMaxPool1d(8, 8);
        using var y = pool.call(x);
        y.sum().backward();
        using var grad = x.grad!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(grad.isfinite().all().item<bool>(), Is.True);
            Assert.That(grad.sum().item<float>(), Is.EqualTo(2f)); // one max per output window
        }
    }

    [Test]
    public void SameConvolution_WithEvenKernel8_PadsThreeBeforeAndFourAfterLikeKeras()
    {
        using var conv = nn.Conv1d(1, 2, 8, TorchSharp.Padding.Same, bias: false);
        using (torch.no_grad())
        {
            conv.weight!.zero_();
            conv.weight![0, 0, 0] = torch.tensor(1f); // first tap reads x[i − 3]
            conv.weight![1, 0, 7] = torch.tensor(1f); // last tap reads x[i + 4]
        }

        using var x = torch.arange(1, 11, dtype: ScalarType.Float32).reshape(1, 1, 10);
        using var y = conv.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y[0, 0].data<float>().ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(y[0, 1].data<float>().ToArray(), Is.EqualTo(new float[] { 5, 6, 7, 8, 9, 10, 0, 0, 0, 0 }));
        }
    }

    [Test]
    public void CenteredBatchNorm1d_HasOnlyAShift_AndUsesKerasMomentumAndEpsilon()
    {
        using var norm = new CenteredBatchNorm1d(2, 1e-3, 0.01);
        using (torch.no_grad())
        {
            norm.parameters().Single().copy_(torch.tensor(new float[] { 0.5f, -1f }));
        }

        using var x = torch.tensor(new float[] { 1, 2, 3, 10, 20, 30, 5, 6, 7, 0, 0, 60 }).reshape(2, 2, 3);
        using var y = norm.call(x); // training mode: batch statistics
        var mean0 = (1 + 2 + 3 + 5 + 6 + 7) / 6.0;
        var var0 = new[] { 1.0, 2, 3, 5, 6, 7 }.Sum(v => (v - mean0) * (v - mean0)) / 6;
        var unbiased0 = var0 * 6 / 5;
        var buffers = norm.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(norm.parameters().Sum(p => p.numel()), Is.EqualTo(2));
            Assert.That(buffers.Keys, Is.EquivalentTo(new[] { "running_mean", "running_var" }));
            Assert.That(y[0, 0, 0].item<float>(), Is.EqualTo(((1 - mean0) / Math.Sqrt(var0 + 1e-3)) + 0.5).Within(1e-5));
            Assert.That(buffers["running_mean"][0].item<float>(), Is.EqualTo(0.01 * mean0).Within(1e-6));
            Assert.That(buffers["running_var"][0].item<float>(), Is.EqualTo(0.99 + (0.01 * unbiased0)).Within(1e-5));
        }

        norm.eval();
        using var z = norm.call(x);
        var rm = buffers["running_mean"][1].item<float>();
        var rv = buffers["running_var"][1].item<float>();
        Assert.That(z[1, 1, 2].item<float>(), Is.EqualTo(((60 - rm) / Math.Sqrt(rv + 1e-3)) - 1).Within(1e-4));
    }

    [Test]
    public void DotProductAttention_MatchesKerasAttentionByHand()
    {
        using var attention = new DotProductAttention();
        using var q = torch.tensor(new float[] { 1, 0, 0, 1 }).reshape(1, 2, 2);
        using var v = torch.tensor(new float[] { 1, 0, 0, 2, 3, 3 }).reshape(1, 3, 2);
        using var y = attention.call(q, v);

        // Row 0: scores q0·v = (1, 0, 3); row 1: (0, 2, 3); softmax over the three value steps, no scaling.
        static double[] Row(double[] s, double[][] values)
        {
            var e = s.Select(Math.Exp).ToArray();
            var w = e.Select(x => x / e.Sum()).ToArray();
            return [w.Select((wi, i) => wi * values[i][0]).Sum(), w.Select((wi, i) => wi * values[i][1]).Sum()];
        }

        double[][] vs = [[1, 0], [0, 2], [3, 3]];
        var expected = Row([1, 0, 3], vs).Concat(Row([0, 2, 3], vs)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 1, 2, 2 }));
            Assert.That(y.data<float>().ToArray().Select(f => (double)f), Is.EqualTo(expected).Within(1e-5));
            Assert.That(() => attention.call(q, torch.zeros(1, 3, 5)), Throws.ArgumentException);
        }
    }

    [Test]
    public void ToSteps_ReshapesChannelsLastRowMajor_LikeKerasReshape()
    {
        // (N=1, C=2, P=4) with value 10·c + p: channels-last rows are (p, 10 + p).
        using var x = torch.tensor(new float[] { 0, 1, 2, 3, 10, 11, 12, 13 }).reshape(1, 2, 4);
        using var steps = DeepCbaBranch.ToSteps(x, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(steps.shape, Is.EqualTo(new long[] { 1, 2, 4 }));
            Assert.That(steps.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 10, 1, 11, 2, 12, 3, 13 }));
        }
    }
}

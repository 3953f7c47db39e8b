using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>The rule modules of Genomics.Models.Layers, checked by hand on paired batches [inputs; references].</summary>
[NonParallelizable]
public sealed class AttributionRulesTests
{
    private static float[] GradientOf(Func<Tensor, Tensor> f, float[] values, long[] shape, Func<Tensor, Tensor>? seed = null)
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(values, shape).requires_grad_(true);
        var output = f(input);
        var objective = seed is null ? output.sum() : seed(output);
        return torch.autograd.grad([objective], [input])[0].data<float>().ToArray();
    }

    [Test]
    public void Activation_OutsideScope_HasItsOrdinaryGradient()
    {
        using var relu = new Activation(ActivationKind.Relu);
        var g = GradientOf(x => relu.call(x), [-1f, 2f], [2, 1]);
        Assert.That(g, Is.EqualTo(new[] { 0f, 1f }));
    }

    [Test]
    public void Activation_InScope_BackPropagatesRescaleMultipliersToBothHalves()
    {
        using var sigmoid = new Activation(ActivationKind.Sigmoid);
        float[] x = [2f, 0.5f];
        float[] r = [-1f, 0.5f];
        float[] g;
        using (var rules = AttributionRules.DeepLiftRescale())
        {
            g = GradientOf(t => sigmoid.call(t), [.. x, .. r], [4, 1]);
            Assert.That(rules.RuleApplications, Is.EqualTo(1));
        }

        static double S(double v) => 1 / (1 + Math.Exp(-v));
        var rescale = (S(2) - S(-1)) / 3;
        var derivative = S(0.5) * (1 - S(0.5));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(g, Is.EqualTo(new[] { rescale, derivative, rescale, derivative }).Within(1e-6));
            Assert.That(AttributionRules.Current, Is.Null);
        }
    }

    [Test]
    public void MaxPool_InScope_FollowsTheDeepExplainerRule()
    {
        // x = [1, 3], r = [2, 0], window 2: out_x = 3 (position 1), out_r = 2 (position 0), M = 3.
        // (M − out_r) = 1 goes through x's arg-max (position 1), (out_x − M) = 0 through r's (position 0);
        // divided by Δin = [−1, 3]: multipliers [0, 1/3]; Σ m·Δin = 1 = Δout.
        using var pool = new Pool1d(PoolKind.Max, 2);
        float[] g;
        using (AttributionRules.DeepLiftRescale())
        {
            g = GradientOf(t => pool.call(t), [1f, 3f, 2f, 0f], [2, 1, 2]);
        }

        Assert.That(g, Is.EqualTo(new[] { 0f, 1f / 3, 0f, 1f / 3 }).Within(1e-6));
    }

    [Test]
    public void MaxPool_InScope_IgnoresEqualInfinitePadding()
    {
        using var pool = new Pool1d(PoolKind.Max, 2);
        float[] g;
        using (AttributionRules.DeepLiftRescale())
        {
            g = GradientOf(t => pool.call(t), [1f, float.NegativeInfinity, 4f, float.NegativeInfinity], [2, 1, 2]);
        }

        Assert.That(g, Is.EqualTo(new[] { 1f, 0f, 1f, 0f }).Within(1e-6));
    }

    [Test]
    public void PaddedMaxPool_InScope_GivesFiniteMultipliersOnRealPositionsOnly()
    {
        // Padding 1 before, window 2, stride 2: x = [−∞ | 1, 3, 2], r = [−∞ | 2, 0, 5]. Window 0: out_x = 1, out_r = 2,
        // M = 2, (out_x − M) = −1 through r's arg-max (position 0), Δin = −1 → 1. Window 1: out_x = 3 (position 1),
        // out_r = 5 (position 2), M = 5, −2 through position 2, Δin = −3 → 2/3. Σ m·Δin = −3 = Σ Δout.
        using var pool = new Pool1d(PoolKind.Max, 2, 2, paddingBefore: 1, paddingAfter: 0);
        float[] g;
        using (AttributionRules.DeepLiftRescale())
        {
            g = GradientOf(t => pool.call(t), [1f, 3f, 2f, 2f, 0f, 5f], [2, 1, 3]);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(g, Has.Length.EqualTo(6));
            Assert.That(g.All(float.IsFinite), Is.True);
            Assert.That(g, Is.EqualTo(new[] { 1f, 0f, 2f / 3, 1f, 0f, 2f / 3 }).Within(1e-6));
        }
    }

    [Test]
    public void Softmax_InScope_IsCompleteAndCentred()
    {
        float[] x = [1f, -2f, 0.5f];
        float[] r = [0f, 0.3f, 0.3f];
        float[] weights = [1f, 2f, -1f];
        float[] g;
        using (AttributionRules.DeepLiftRescale())
        {
            g = GradientOf(t => SoftmaxActivation.Apply(t, 1), [.. x, .. r], [2, 3],
                o => (o * torch.tensor(weights).unsqueeze(0)).sum());
        }

        using var sx = torch.softmax(torch.tensor(x), 0);
        using var sr = torch.softmax(torch.tensor(r), 0);
        var ds = (sx - sr).data<float>().ToArray();
        var expected = Enumerable.Range(0, 3).Sum(i => weights[i] * ds[i]);
        var actual = Enumerable.Range(0, 3).Sum(i => g[i] * (x[i] - r[i]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual, Is.EqualTo(expected).Within(1e-6));
            Assert.That(g.Take(3).Sum(), Is.EqualTo(0).Within(1e-6));
            Assert.That(g.Skip(3), Is.EqualTo(g.Take(3)));
        }
    }

    [Test]
    public void OddBatch_InScope_Throws()
    {
        using var relu = new Activation(ActivationKind.Relu);
        using var x = torch.ones(3, 2);
        using (AttributionRules.DeepLiftRescale())
        {
            Assert.That(() => relu.call(x), Throws.InvalidOperationException.With.Message.Contains("even number of rows"));
        }
    }

    [Test]
    public void Scopes_NestAndRestore()
    {
        var outer = AttributionRules.DeepLiftRescale(1e-5);
        var inner = AttributionRules.DeepLiftRescale(1e-3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AttributionRules.Current, Is.SameAs(inner));
            inner.Dispose();
            inner.Dispose();
            Assert.That(AttributionRules.Current, Is.SameAs(outer));
            outer.Dispose();
            Assert.That(AttributionRules.Current, Is.Null);
            Assert.That(() => AttributionRules.DeepLiftRescale(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("epsilon"));
        }
    }
}

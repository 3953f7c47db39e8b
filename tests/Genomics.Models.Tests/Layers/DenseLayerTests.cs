using Genomics.Models.Compute;
using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

public sealed class DenseLayerTests
{
    [TestCase(1, 7, 3, true)]            // a single row, narrower than a tile and a panel
    [TestCase(12, 32, 32, false)]        // exactly one tile and one panel
    [TestCase(37, 900, 625, true)]       // DeepChrome's first dense layer: depth over two blocks, panels with an edge
    [TestCase(200, 385, 33, true)]       // rows over one row block; one past a depth block and a panel
    [TestCase(5, 125, 2, false)]         // a two-class output layer
    public void Linear_EqualsTheFloat64Product_ForwardAndBackward(int n, int inFeatures, int outFeatures, bool withBias)
    {
        foreach (var own in new[] { true, false })
        {
            using var products = new MatrixProductsScope(own);
            LinearEqualsFloat64(n, inFeatures, outFeatures, withBias);
        }
    }

    [Test]
    public void Linear_OnTwoThreads_EqualsTheFloat64Product()
    {
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            LinearEqualsFloat64(150, 900, 625, true);
            LinearEqualsFloat64(3, 40, 70, false);
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Test]
    public void Linear_WithoutGradients_IsNotTracked_AndEqualsLibtorch()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var x = randn([9, 50], generator: generator);
        var w = randn([20, 50], generator: generator).requires_grad_();
        var b = randn([20], generator: generator).requires_grad_();
        using var noGrad = no_grad();
        var y = DenseKernels.Linear(x, w, b);
        Assert.That(y.requires_grad, Is.False);
        Assert.That(MaxRelative(y, nn.functional.linear(x, w, b)), Is.LessThan(1e-5));
    }

    [Test]
    public void Linear_OverMoreThanTwoDimensions_AndFloat64_GoThroughLibtorch()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 10);
        var w = randn(4, 10);
        Assert.That(DenseKernels.Linear(x, w, null).shape, Is.EqualTo(new long[] { 2, 3, 4 }));
        var x64 = randn([5, 10], dtype: ScalarType.Float64);
        var w64 = randn([4, 10], dtype: ScalarType.Float64);
        var y64 = DenseKernels.Linear(x64, w64, null);
        Assert.That(y64.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That((y64 - nn.functional.linear(x64, w64)).abs().max().item<double>(), Is.EqualTo(0));
    }

    [Test]
    public void InputGradientsOnly_SkipsTheWeightGradient_AndKeepsTheInputGradient()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var x = randn([6, 40], generator: generator).requires_grad_();
        var w = randn([30, 40], generator: generator).requires_grad_();
        var b = randn([30], generator: generator).requires_grad_();
        var full = autograd.grad([DenseKernels.Linear(x, w, b).square().sum()], [x])[0];
        Tensor partial;
        using (GradientScope.InputGradientsOnly())
        {
            partial = autograd.grad([DenseKernels.Linear(x, w, b).square().sum()], [x])[0];
        }

        Assert.That(MaxRelative(partial, full), Is.EqualTo(0));
    }

    [Test]
    public void BadShapes_AreRejectedWithTheReason()
    {
        using var scope = NewDisposeScope();
        Assert.That(() => DenseKernels.Linear(zeros(2, 3), zeros(4, 5), null), Throws.ArgumentException.With.Message.Contains("weight (out, in)"));
        Assert.That(() => DenseKernels.Linear(zeros(2, 5), zeros(4, 5), zeros(3)), Throws.ArgumentException.With.Message.Contains("bias"));
        Assert.That(() => new DenseLayer(0, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void DenseLayer_InitialisesLikeTorchLinear_FromTheSameSeed_WithItsParameterNames()
    {
        TorchSharp.Modules.Linear reference;
        DenseLayer layer;
        using (new TorchSeedScope(12))
        {
            reference = nn.Linear(30, 20);
        }

        using (new TorchSeedScope(12))
        {
            layer = new DenseLayer(30, 20);
        }

        using (reference)
        using (layer)
        {
            Assert.That(layer.Weight.eq(reference.weight!).all().item<bool>(), Is.True);
            Assert.That(layer.Bias!.eq(reference.bias!).all().item<bool>(), Is.True);
            Assert.That(layer.state_dict().Keys, Is.EquivalentTo(new[] { "weight", "bias" }));
            using var x = randn(7, 30);
            using var a = layer.call(x);
            using var b = reference.call(x);
            Assert.That(MaxRelative(a, b), Is.LessThan(1e-5));
        }

        using var noBias = new DenseLayer(3, 2, hasBias: false);
        Assert.That(noBias.state_dict().Keys, Is.EquivalentTo(new[] { "weight" }));
    }

    [Test]
    public void DenseLayer_ConvertedToFloat64_UsesTheConvertedParameters()
    {
        using var layer = new DenseLayer(6, 4);
        layer.to(ScalarType.Float64);
        using var x = randn(new long[] { 3, 6 }, dtype: ScalarType.Float64);
        using var y = layer.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layer.Weight.dtype, Is.EqualTo(ScalarType.Float64));
            Assert.That(y.dtype, Is.EqualTo(ScalarType.Float64));
        }
    }

    private static void LinearEqualsFloat64(int n, int inFeatures, int outFeatures, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var x = randn([n, inFeatures], generator: generator);
        var w = randn([outFeatures, inFeatures], generator: generator);
        var b = withBias ? randn([outFeatures], generator: generator) : null;
        var upstream = randn([n, outFeatures], generator: generator);
        var (xBefore, wBefore, bBefore) = (x.clone(), w.clone(), b?.clone());

        var (y, grads) = Run(x, w, b, upstream, ScalarType.Float32);
        var (y64, grads64) = Run(x, w, b, upstream, ScalarType.Float64);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(x.eq(xBefore).all().item<bool>() && w.eq(wBefore).all().item<bool>() && (b is null || b.eq(bBefore!).all().item<bool>()), Is.True, "the inputs and parameters are left as they were (a single row must not write into the bias)");
            Assert.That(y.shape, Is.EqualTo(new long[] { n, outFeatures }));
            Assert.That(MaxRelative(y, y64), Is.LessThan(1e-5), "output");
            for (var i = 0; i < grads.Length; i++)
            {
                Assert.That(MaxRelative(grads[i], grads64[i]), Is.LessThan(1e-5), $"gradient {i}");
            }
        }
    }

    private static (Tensor Output, Tensor[] Gradients) Run(Tensor x, Tensor w, Tensor? b, Tensor upstream, ScalarType type)
    {
        var xi = x.to_type(type).detach().requires_grad_();
        var wi = w.to_type(type).detach().requires_grad_();
        var bi = b?.to_type(type).detach().requires_grad_();
        var y = DenseKernels.Linear(xi, wi, bi);
        var inputs = bi is null ? new[] { xi, wi } : new[] { xi, wi, bi };
        var grads = autograd.grad([y], inputs, [upstream.to_type(type)]);
        return (y.detach().to_type(ScalarType.Float32), grads.Select(g => g.to_type(ScalarType.Float32)).ToArray());
    }

    private static double MaxRelative(Tensor a, Tensor b)
    {
        var scale = Math.Max(b.abs().max().item<float>(), 1e-6);
        return (a - b).abs().max().item<float>() / scale;
    }
}

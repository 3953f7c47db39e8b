using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.Models.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

public sealed class ConvolutionKernelsTests
{
    private static readonly object[] Shapes =
    [
        // n, c, l, o, k, stride, before, after, dilation, bias
        new object[] { 3, 4, 50, 7, 5, 1, 0, 0, 1, true },
        new object[] { 2, 5, 38, 5, 3, 1, 0, 0, 1, false },
        new object[] { 4, 6, 40, 3, 4, 1, 1, 2, 1, true },       // 'same' for an even kernel: 1 before, 2 after
        new object[] { 2, 3, 36, 4, 6, 6, 0, 0, 1, true },       // DeepDifE's non-overlapping windows
        new object[] { 2, 3, 37, 4, 3, 2, 1, 1, 1, true },       // stride 2 with a remainder
        new object[] { 2, 8, 60, 8, 3, 1, 4, 4, 4, true },       // dilated 'same'
        new object[] { 300, 4, 40, 6, 7, 1, 0, 0, 1, true },     // several chunks
        new object[] { 1, 1, 9, 1, 9, 1, 0, 0, 1, true },        // a single output position
        new object[] { 3, 40, 230, 45, 11, 1, 5, 5, 1, true },   // k·C 440 > one depth block; O 45 > one panel; rows > one block
        new object[] { 2, 33, 61, 70, 13, 2, 6, 6, 1, false },  // strided windows read in place, edges in every direction
        new object[] { 2, 30, 90, 33, 15, 1, 7, 7, 2, true },    // dilated: unfolded windows, k·C 450
        new object[] { 70, 30, 40, 45, 11, 1, 0, 0, 1, true },   // short outputs of many examples: one tall product
        new object[] { 2, 6, 300, 40, 5, 2, 2, 3, 1, false },    // stride 2 over long outputs: windows packed with a stride
    ];

    [TestCaseSource(nameof(Shapes))]
    public void MatrixConvolution_EqualsLibtorch_ForwardAndBackward(int n, int c, int l, int o, int k, int stride, int before, int after, int dilation, bool withBias)
    {
        foreach (var own in new[] { true, false })
        {
            using var products = new MatrixProductsScope(own);
            MatrixConvolutionEqualsLibtorch(n, c, l, o, k, stride, before, after, dilation, withBias);
        }
    }

    [Test]
    public void MatrixConvolution_OnTwoThreads_EqualsLibtorch()
    {
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            MatrixConvolutionEqualsLibtorch(1, 40, 230, 45, 11, 1, 5, 5, 1, true);   // one example: threads inside the product
            MatrixConvolutionEqualsLibtorch(4, 33, 61, 70, 13, 2, 6, 6, 1, false);  // examples spread over the threads
        }
        finally
        {
            set_num_threads(before);
        }
    }

    private static void MatrixConvolutionEqualsLibtorch(int n, int c, int l, int o, int k, int stride, int before, int after, int dilation, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var x = randn([n, c, l], generator: generator);
        var w = randn([o, c, k], generator: generator);
        var b = withBias ? randn([o], generator: generator) : null;
        var geometry = new ConvolutionKernels.Geometry(stride, before, after, dilation);
        var lout = geometry.OutputLength(l + before + after, k);
        var upstream = randn([n, o, lout], generator: generator);

        var (xBefore, wBefore, bBefore) = (x.clone(), w.clone(), b?.clone());
        var (y1, g1) = Run(x, w, b, upstream, (xi, wi, bi) => ConvolutionKernels.Conv1d(xi, wi, bi, stride, before, after, dilation));
        Assert.That(x.eq(xBefore).all().item<bool>() && w.eq(wBefore).all().item<bool>() && (b is null || b.eq(bBefore!).all().item<bool>()), Is.True, "the inputs and parameters are left as they were");
        var (y2, g2) = Run(x, w, b, upstream, (xi, wi, bi) => ConvolutionKernels.Native(xi, wi, bi, geometry));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y1.shape, Is.EqualTo(y2.shape));
            Assert.That(MaxRelative(y1, y2), Is.LessThan(1e-5), "output");
            for (var i = 0; i < g2.Length; i++)
            {
                Assert.That(MaxRelative(g1[i], g2[i]), Is.LessThan(1e-5), $"gradient {i}");
            }
        }
    }

    [Test]
    public void MatrixMultiply_EqualsMm_OnTheTilesAndThroughLibtorch()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        var a = randn([37, 301], generator: generator);
        var b = randn([301, 45], generator: generator).permute(1, 0).contiguous().t();   // not contiguous
        var expected = a.to_type(ScalarType.Float64).mm(b.to_type(ScalarType.Float64)).to_type(ScalarType.Float32);
        foreach (var own in new[] { true, false })
        {
            using var products = new MatrixProductsScope(own);
            var product = ConvolutionKernels.MatrixMultiply(a, b);
            Assert.That(MaxRelative(product, expected), Is.LessThan(1e-5), own ? "tiles" : "libtorch");
        }

        var tracked = a.detach().requires_grad_();
        var withGrad = ConvolutionKernels.MatrixMultiply(tracked, b);
        Assert.That(withGrad.requires_grad, Is.True, "inside autograd the product is libtorch's, with its gradient");
        Assert.Throws<ArgumentException>(() => ConvolutionKernels.MatrixMultiply(a, a));
    }

    [Test]
    public void WithoutGradients_TheForwardProductIsUsed_AndEqualsLibtorch()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        var x = randn([5, 4, 30], generator: generator);
        var w = randn([3, 4, 5], generator: generator).requires_grad_();
        using var noGrad = no_grad();
        var y = ConvolutionKernels.Conv1d(x, w, null);
        Assert.That(y.requires_grad, Is.False);
        Assert.That(MaxRelative(y, ConvolutionKernels.Native(x, w, null, new ConvolutionKernels.Geometry(1, 0, 0, 1))), Is.LessThan(1e-5));
    }

    [Test]
    public void Float64_GoesThroughLibtorch()
    {
        using var scope = NewDisposeScope();
        var x = randn([2, 3, 20], dtype: ScalarType.Float64);
        var w = randn([4, 3, 5], dtype: ScalarType.Float64);
        var y = ConvolutionKernels.Conv1d(x, w, null);
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That((y - nn.functional.conv1d(x, w)).abs().max().item<double>(), Is.EqualTo(0));
    }

    [Test]
    public void InputGradientsOnly_SkipsTheWeightGradient_AndKeepsTheInputGradient()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var x = randn([3, 4, 25], generator: generator).requires_grad_();
        var w = randn([5, 4, 3], generator: generator).requires_grad_();
        var b = randn([5], generator: generator).requires_grad_();
        var full = autograd.grad([ConvolutionKernels.Conv1d(x, w, b).square().sum()], [x])[0];
        Tensor partial;
        using (GradientScope.InputGradientsOnly())
        {
            Assert.That(GradientScope.InputOnly, Is.True);
            partial = autograd.grad([ConvolutionKernels.Conv1d(x, w, b).square().sum()], [x])[0];
        }

        Assert.That(GradientScope.InputOnly, Is.False);
        Assert.That(MaxRelative(partial, full), Is.EqualTo(0));
    }

    [Test]
    public void UnderDeepLiftRules_OnlyTheInputHalfOfAPairedBatchGetsItsInputGradient()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        var x = randn([6, 4, 25], generator: generator).requires_grad_();
        var w = randn([5, 4, 3], generator: generator).requires_grad_();
        var upstream = randn([6, 5, 23], generator: generator);
        var full = autograd.grad([ConvolutionKernels.Conv1d(x, w, null)], [x], [upstream])[0];
        Tensor paired;
        using (AttributionRules.DeepLiftRescale())
        {
            paired = autograd.grad([ConvolutionKernels.Conv1d(x, w, null)], [x], [upstream])[0];
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MaxRelative(paired.narrow(0, 0, 3), full.narrow(0, 0, 3)), Is.EqualTo(0));
            Assert.That(paired.narrow(0, 3, 3).abs().max().item<float>(), Is.EqualTo(0));
        }
    }

    [Test]
    public void BadShapes_AreRejectedWithTheReason()
    {
        using var scope = NewDisposeScope();
        Assert.That(() => ConvolutionKernels.Conv1d(zeros(2, 3, 10), zeros(4, 5, 3), null), Throws.ArgumentException.With.Message.Contains("same C"));
        Assert.That(() => ConvolutionKernels.Conv1d(zeros(2, 3, 2), zeros(4, 3, 3), null), Throws.ArgumentException.With.Message.Contains("shorter than the kernel span"));
        Assert.That(() => ConvolutionKernels.Conv1d(zeros(2, 3, 10), zeros(4, 3, 3), zeros(5)), Throws.ArgumentException.With.Message.Contains("bias"));
        Assert.That(() => ConvolutionKernels.Conv1d(zeros(2, 3, 10), zeros(4, 3, 3), null, stride: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Conv1dLayer_InitialisesLikeTorchConv1d_FromTheSameSeed()
    {
        TorchSharp.Modules.Conv1d reference;
        Conv1dLayer layer;
        using (new TorchSeedScope(11))
        {
            reference = nn.Conv1d(4, 6, 5);
        }

        using (new TorchSeedScope(11))
        {
            layer = new Conv1dLayer(4, 6, 5);
        }

        using (reference)
        using (layer)
        {
            Assert.That(layer.Weight.eq(reference.weight!).all().item<bool>(), Is.True);
            Assert.That(layer.Bias!.eq(reference.bias!).all().item<bool>(), Is.True);
            Assert.That(layer.state_dict().Keys, Is.EquivalentTo(new[] { "weight", "bias" }));
            using var x = randn(2, 4, 30);
            using var a = layer.call(x);
            using var b = reference.call(x);
            Assert.That(MaxRelative(a, b), Is.LessThan(1e-5));
        }
    }

    [Test]
    public void Conv1dLayer_ConvertedToFloat64_ExposesAndUsesTheConvertedParameters()
    {
        using var layer = new Conv1dLayer(3, 2, 4);
        layer.to(ScalarType.Float64);
        using var x = randn(new long[] { 2, 3, 10 }, dtype: ScalarType.Float64);
        using var y = layer.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layer.Weight.dtype, Is.EqualTo(ScalarType.Float64));
            Assert.That(layer.Bias!.dtype, Is.EqualTo(ScalarType.Float64));
            Assert.That(layer.parameters().Select(p => p.dtype), Is.All.EqualTo(ScalarType.Float64));
            Assert.That(y.dtype, Is.EqualTo(ScalarType.Float64));
        }
    }

    [Test]
    public void Conv1dLayer_Same_KeepsTheLength_LikePyTorchSamePadding()
    {
        using var layer = Conv1dLayer.Same(3, 2, 4, dilation: 2);
        using var reference = nn.Conv1d(3, 2, 4, TorchSharp.Padding.Same, dilation: 2);
        using (no_grad())
        {
            reference.weight!.copy_(layer.Weight);
            reference.bias!.copy_(layer.Bias!);
        }

        using var x = randn(2, 3, 17);
        using var a = layer.call(x);
        using var b = reference.call(x);
        Assert.That(a.shape, Is.EqualTo(new long[] { 2, 2, 17 }));
        Assert.That(MaxRelative(a, b), Is.LessThan(1e-5));
    }

    private static (Tensor Output, Tensor[] Gradients) Run(Tensor x, Tensor w, Tensor? b, Tensor upstream, Func<Tensor, Tensor, Tensor?, Tensor> conv)
    {
        var xi = x.detach().requires_grad_();
        var wi = w.detach().requires_grad_();
        var bi = b?.detach().requires_grad_();
        var y = conv(xi, wi, bi);
        var inputs = bi is null ? new[] { xi, wi } : new[] { xi, wi, bi };
        var grads = autograd.grad([y], inputs, [upstream]);
        return (y.detach(), grads.ToArray());
    }

    private static double MaxRelative(Tensor a, Tensor b)
    {
        var scale = Math.Max(b.abs().max().item<float>(), 1e-6);
        return (a - b).abs().max().item<float>() / scale;
    }
}

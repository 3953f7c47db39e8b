using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

public sealed class PoolKernelsTests
{
    [TestCase(3, 3, false, 600)]     // Basset's first pool
    [TestCase(4, 4, false, 203)]     // a remainder that floor mode drops
    [TestCase(4, 4, true, 203)]      // ceil mode keeps a partial last window
    [TestCase(3, 2, false, 50)]      // overlapping windows: gradients add up
    [TestCase(5, 1, true, 17)]       // stride 1
    [TestCase(2, 5, false, 31)]      // gaps between windows
    [TestCase(7, 7, false, 7)]       // one window
    [TestCase(1, 1, false, 9)]       // the identity
    public void MaxPool_EqualsLibtorch_ValuesAndGradientsExactly(int kernel, int stride, bool ceil, int length)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var values = randn([3, 5, length], generator: generator);
        var upstream = randn(PooledShape(values, kernel, stride, ceil), generator: generator);
        var (ours, ourGrad) = PoolAndGradient(values, upstream, x => PoolKernels.MaxPool1d(x, kernel, stride, ceil));
        var (theirs, theirGrad) = PoolAndGradient(values, upstream, x => nn.functional.max_pool1d(x, kernel, stride, ceil_mode: ceil));
        Assert.That(ours.shape, Is.EqualTo(theirs.shape));
        Assert.That(Same(ours, theirs), Is.True, "values");
        Assert.That(Same(ourGrad, theirGrad), Is.True, "gradients");
    }

    [Test]
    public void MaxPool_Ties_GoToTheFirstMaximum_AsInLibtorch()
    {
        using var scope = NewDisposeScope();

        // Rounded values make many windows hold equal maxima.
        using var generator = new Generator(5);
        var values = randint(0, 3, [2, 4, 60], generator: generator).to(ScalarType.Float32);
        var upstream = randn([2, 4, 20], generator: generator);
        var (ours, ourGrad) = PoolAndGradient(values, upstream, x => PoolKernels.MaxPool1d(x, 3, 3));
        var (theirs, theirGrad) = PoolAndGradient(values, upstream, x => nn.functional.max_pool1d(x, 3, 3));
        Assert.That(Same(ours, theirs), Is.True);
        Assert.That(Same(ourGrad, theirGrad), Is.True);
        Assert.That(ourGrad.ne(0).sum().item<long>(), Is.EqualTo(2 * 4 * 20), "one winner per window");
    }

    [Test]
    public void MaxPool_NaN_WinsItsWindow_AndItsLastNaNTakesTheGradient_AsInLibtorch()
    {
        using var scope = NewDisposeScope();
        var values = tensor(new float[] { 1, float.NaN, 3, 5, 2, float.NaN, float.NaN, 0, float.NaN, 4, 4, 2 }).reshape(1, 1, 12);
        var upstream = tensor(new float[] { 10, 20, 30, 40 }).reshape(1, 1, 4);
        var (ours, ourGrad) = PoolAndGradient(values, upstream, x => PoolKernels.MaxPool1d(x, 3, 3));
        var (theirs, theirGrad) = PoolAndGradient(values, upstream, x => nn.functional.max_pool1d(x, 3, 3));
        Assert.That(Same(ours.isnan(), theirs.isnan()), Is.True);
        Assert.That(Same(ours.nan_to_num(), theirs.nan_to_num()), Is.True);
        Assert.That(Same(ourGrad, theirGrad), Is.True);
        Assert.That(ourGrad.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 10, 0, 0, 0, 20, 0, 0, 30, 40, 0, 0 }));
    }

    [TestCase(3, 3)]
    [TestCase(4, 2)]
    [TestCase(2, 7)]
    public void MaxPool_LongRowsWithNaNsAndInfinities_EqualLibtorch(int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(21);
        var values = randn([2, 3, 700], generator: generator);
        var marks = rand([2, 3, 700], generator: generator);
        values = where(marks.lt(0.03), full_like(values, float.NaN), values);
        values = where(marks.gt(0.97), full_like(values, float.NegativeInfinity), values);
        values[0, 0, TensorIndex.Slice(0, 60)] = tensor(float.NegativeInfinity);   // whole windows of −∞
        var upstream = randn(PooledShape(values, kernel, stride, false), generator: generator);
        var (ours, ourGrad) = PoolAndGradient(values, upstream, x => PoolKernels.MaxPool1d(x, kernel, stride));
        var (theirs, theirGrad) = PoolAndGradient(values, upstream, x => nn.functional.max_pool1d(x, kernel, stride));
        Assert.That(Same(ours.isnan(), theirs.isnan()), Is.True);
        Assert.That(Same(ours.nan_to_num(0, 1e30, -1e30), theirs.nan_to_num(0, 1e30, -1e30)), Is.True);
        Assert.That(Same(ourGrad, theirGrad), Is.True);
    }

    [Test]
    public void MaxPool_OnTwoThreads_EqualsLibtorch()
    {
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(8);
            var values = randn([16, 40, 300], generator: generator);
            var upstream = randn([16, 40, 75], generator: generator);
            var (ours, ourGrad) = PoolAndGradient(values, upstream, x => PoolKernels.MaxPool1d(x, 4, 4));
            var (theirs, theirGrad) = PoolAndGradient(values, upstream, x => nn.functional.max_pool1d(x, 4, 4));
            Assert.That(Same(ours, theirs), Is.True);
            Assert.That(Same(ourGrad, theirGrad), Is.True);
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Test]
    public void MaxPool_NonContiguousInput_IsPooledAsItsContiguousCopy()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var leaf = randn([30, 4, 3], generator: generator).requires_grad_();
        var values = leaf.permute(2, 1, 0);                               // (3, 4, 30), not contiguous
        var ours = PoolKernels.MaxPool1d(values, 3, 3);
        var ourGrad = autograd.grad([ours.sum()], [leaf])[0];
        var theirs = nn.functional.max_pool1d(values, 3, 3);
        var theirGrad = autograd.grad([theirs.sum()], [leaf])[0];
        Assert.That(Same(ours, theirs), Is.True);
        Assert.That(Same(ourGrad, theirGrad), Is.True);
    }

    [Test]
    public void MaxPool_WithoutGradients_Float64_OrWideWindows_GoesThroughLibtorch_WithTheSameValues()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var values = randn([2, 3, 600], generator: generator);
        using (no_grad())
        {
            Assert.That(PoolKernels.UsesOwnLoop(values.requires_grad_(), 3), Is.False);
            var pooled = PoolKernels.MaxPool1d(values.requires_grad_(), 3, 3);
            Assert.That(pooled.requires_grad, Is.False);
            Assert.That(Same(pooled, nn.functional.max_pool1d(values, 3, 3)), Is.True);
        }

        Assert.That(PoolKernels.UsesOwnLoop(values, 300), Is.False);
        var wide = PoolKernels.MaxPool1d(values, 300, 300);
        Assert.That(Same(wide, nn.functional.max_pool1d(values, 300, 300)), Is.True);
        var doubles = values.detach().to(ScalarType.Float64).requires_grad_();
        var pooled64 = PoolKernels.MaxPool1d(doubles, 3, 3);
        Assert.That(pooled64.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(Same(pooled64, nn.functional.max_pool1d(doubles, 3, 3)), Is.True);
    }

    [Test]
    public void Pool1d_UsesTheKernel_ForMaxPooling()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        using var pool = new Pool1d(PoolKind.Max, 4);
        var values = randn([2, 6, 41], generator: generator).requires_grad_();
        Assert.That(PoolKernels.UsesOwnLoop(values, 4), Is.True);
        var pooled = pool.call(values);
        Assert.That(Same(pooled, nn.functional.max_pool1d(values, 4, 4)), Is.True);
    }

    [Test]
    public void MaxPool_RejectsBadSizes()
    {
        using var values = zeros(1, 1, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolKernels.MaxPool1d(values, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolKernels.MaxPool1d(values, 2, 0));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static long[] PooledShape(Tensor values, int kernel, int stride, bool ceil)
    {
        using var pooled = nn.functional.max_pool1d(values, kernel, stride, ceil_mode: ceil);
        return pooled.shape;
    }

    private static (Tensor Output, Tensor Gradient) PoolAndGradient(Tensor values, Tensor upstream, Func<Tensor, Tensor> pool)
    {
        var x = values.detach().clone().requires_grad_();
        var output = pool(x);
        var gradient = autograd.grad([output], [x], [upstream])[0];
        return (output.detach(), gradient);
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

/// <summary>
/// <see cref="Pool1d"/> with padding before and after the sequence (Keras/TensorFlow 'same' pooling): values and
/// gradients against references written with explicit torch padding, TensorFlow's padding rule, and the trunk stages
/// that describe a padded pool.
/// </summary>
public sealed class Pool1dPaddingTests
{
    [TestCase(8, 8, 3, 4, false, 2993)]  // DeepCBA: TensorFlow pads 3 before, 4 after
    [TestCase(4, 4, 1, 1, false, 26)]
    [TestCase(3, 2, 1, 1, false, 5)]     // overlapping windows
    [TestCase(5, 3, 2, 0, false, 17)]
    [TestCase(4, 3, 1, 2, true, 20)]     // ceil mode with padding: the last window starts before the padding after
    [TestCase(2, 5, 1, 1, false, 31)]    // gaps between windows
    public void Max_EqualsExplicitInfinitePaddingThenPool_ValuesAndGradients(int kernel, int stride, int before, int after, bool ceil, int length)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        using var pool = new Pool1d(PoolKind.Max, kernel, stride, before, after, ceil);
        var values = randn([2, 3, length], generator: generator);
        values[0, 0, 0] = tensor(-50f);  // a padded window whose only real values are very negative
        var expectedLength = pool.OutputLength(length);
        var upstream = randn([2, 3, expectedLength], generator: generator);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var x = values.to_type(dtype);
            var g = upstream.to_type(dtype);
            var (ours, ourGrad) = PoolAndGradient(x, g, t => pool.call(t));
            var (reference, referenceGrad) = PoolAndGradient(x, g, t =>
            {
                var padded = nn.functional.pad(t, (before, after), PaddingModes.Constant, double.NegativeInfinity);
                var pooled = nn.functional.max_pool1d(padded, kernel, stride, ceil_mode: ceil);
                return pooled.narrow(2, 0, expectedLength);
            });
            using (Assert.EnterMultipleScope())
            {
                Assert.That(ours.shape, Is.EqualTo(new long[] { 2, 3, expectedLength }), dtype.ToString());
                Assert.That(Same(ours, reference), Is.True, $"values, {dtype}");
                Assert.That(Same(ourGrad, referenceGrad), Is.True, $"gradients, {dtype}");
                Assert.That(ours.isfinite().all().item<bool>(), Is.True, $"padded positions never win, {dtype}");
            }
        }
    }

    [TestCase(8, 8, 3, 4, 2993)]
    [TestCase(3, 2, 1, 1, 5)]
    [TestCase(5, 3, 2, 0, 17)]
    [TestCase(4, 1, 1, 2, 9)]
    public void Average_DividesByRealPositions_EqualsExplicitPaddingReference(int kernel, int stride, int before, int after, int length)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        using var pool = new Pool1d(PoolKind.Average, kernel, stride, before, after);
        var x = randn([2, 3, length], generator: generator, dtype: ScalarType.Float64);
        var upstream = randn([2, 3, pool.OutputLength(length)], generator: generator, dtype: ScalarType.Float64);
        var (ours, ourGrad) = PoolAndGradient(x, upstream, t => pool.call(t));
        var (reference, referenceGrad) = PoolAndGradient(x, upstream, t =>
        {
            // Window sums over zero padding, divided by the count of real positions (the pooled padded mask).
            var sums = nn.functional.avg_pool1d(nn.functional.pad(t, (before, after)), kernel, stride) * kernel;
            var mask = nn.functional.pad(ones([1, 1, length], dtype: t.dtype), (before, after));
            var counts = nn.functional.avg_pool1d(mask, kernel, stride) * kernel;
            return sums / counts;
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ours.shape, Is.EqualTo(reference.shape));
            Assert.That((ours - reference).abs().max().item<double>(), Is.LessThan(1e-12), "values");
            Assert.That((ourGrad - referenceGrad).abs().max().item<double>(), Is.LessThan(1e-12), "gradients");
        }
    }

    [Test]
    public void Average_FirstWindowCountsOnlyItsRealPositions()
    {
        // Window 3, stride 2, padding 1 + 1 over [1, 2, 3, 4, 5]: windows [pad, 1, 2], [2, 3, 4], [4, 5, pad].
        using var pool = new Pool1d(PoolKind.Average, 3, 2, 1, 1);
        using var x = tensor(new float[] { 1, 2, 3, 4, 5 }, [1, 1, 5]);
        using var y = pool.call(x);
        Assert.That(y.data<float>().ToArray(), Is.EqualTo(new[] { 1.5f, 3f, 4.5f }).Within(1e-6));
    }

    [Test]
    public void Average_CeilModeWithPadding_AveragesRealPositionsOfThePartialWindow()
    {
        // Window 4, stride 3, 1 before, ceil: windows start at −1, 2, 5; over length 7 the last one holds 5, 6.
        using var pool = new Pool1d(PoolKind.Average, 4, 3, 1, 0, ceilMode: true);
        using var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7 }, [1, 1, 7]);
        using var y = pool.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pool.OutputLength(7), Is.EqualTo(3));
            Assert.That(y.data<float>().ToArray(), Is.EqualTo(new[] { 2f, 4.5f, 6.5f }).Within(1e-6));
        }
    }

    [TestCase(2993, 8, 8, 3, 4, 375)]
    [TestCase(2992, 8, 8, 0, 0, 374)]
    [TestCase(26, 4, 4, 1, 1, 7)]
    [TestCase(5, 3, 2, 1, 1, 3)]
    [TestCase(10, 2, 3, 0, 1, 4)]
    public void TensorFlowSame_PaddingAndLengthFollowTensorFlowsRule(int length, int kernel, int stride, int before, int after, int output)
    {
        using var pool = Pool1d.TensorFlowSame(PoolKind.Max, kernel, stride);
        using var scope = NewDisposeScope();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pool1d.TensorFlowSamePadding(length, kernel, stride), Is.EqualTo((before, after)));
            Assert.That(pool.Padding(length), Is.EqualTo((before, after)));
            Assert.That(pool.OutputLength(length), Is.EqualTo(output));
            Assert.That(pool.call(randn([1, 2, length])).shape[2], Is.EqualTo(output));
            Assert.That(pool.IsTensorFlowSame && pool.Pads, Is.True);
        }
    }

    [Test]
    public void Constructors_KeepUnpaddedSemantics_AndRejectPaddingAsWideAsTheWindow()
    {
        using var plain = new Pool1d(PoolKind.Max, 3, ceilMode: true);
        using var scope = NewDisposeScope();
        var x = randn([2, 3, 10]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((plain.Stride, plain.PaddingBefore, plain.PaddingAfter, plain.Pads, plain.IsTensorFlowSame), Is.EqualTo((3, 0, 0, false, false)));
            Assert.That(Same(plain.call(x), nn.functional.max_pool1d(x, 3, 3, ceil_mode: true)), Is.True);
            Assert.That(() => new Pool1d(PoolKind.Max, 3, 1, 3, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Pool1d(PoolKind.Average, 3, 1, 0, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Pool1d(PoolKind.Average, 3, 1, -1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [TestCase(PoolKind.Max, false)]
    [TestCase(PoolKind.Average, false)]
    [TestCase(PoolKind.Max, true)]
    [TestCase(PoolKind.Average, true)]
    public void TrunkStage_PadsOnce_AndSlicesReproduceThePool(PoolKind kind, bool tensorFlowSame)
    {
        const int length = 23;
        using var pool = tensorFlowSame ? Pool1d.TensorFlowSame(kind, 4, 3) : new Pool1d(kind, 4, 3, 2, 1);
        using var conv = new Conv1dLayer(2, 3, 1);
        var block = new ConvolutionBlock(NamedModule.Of("conv", conv), pool: NamedModule.Of("pool", pool));
        var stages = new List<TrunkStage>();
        var outLength = block.AddTrunkStages(stages, length);
        var stage = stages.Single(s => s.Name == "pool");
        var (before, after) = pool.Padding(length);
        using var scope = NewDisposeScope();
        var x = randn([2, 3, length], dtype: ScalarType.Float64);
        var full = pool.call(x);
        var viaStage = stage.Forward(x);

        // The outputs 1..3 from the slice of the padded input they read.
        var padded = stage.Pad(x);
        var slice = stage.Apply(padded.narrow(2, stage.Stride, (2 * stage.Stride) + stage.Span));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((stage.PaddingBefore, stage.PaddingAfter, stage.Span, stage.Stride), Is.EqualTo((before, after, 4, 3)));
            Assert.That(outLength, Is.EqualTo(pool.OutputLength(length)));
            Assert.That(stage.OutputLength(length), Is.EqualTo(pool.OutputLength(length)));
            Assert.That(viaStage.shape, Is.EqualTo(full.shape));
            Assert.That((viaStage - full).abs().max().item<double>(), Is.LessThan(1e-12), "the stage pads once");
            Assert.That((slice - full.narrow(2, 1, 3)).abs().max().item<double>(), Is.LessThan(1e-12), "a slice gives its outputs");
        }
    }

    [Test]
    public void DescribeLayers_PaddingLeavesReceptiveFieldAndJump()
    {
        using var conv = new Conv1dLayer(4, 3, 5);
        using var pool = new Pool1d(PoolKind.Max, 4, 4, 1, 1);
        var block = new ConvolutionBlock(NamedModule.Of("conv", conv), pool: NamedModule.Of("pool", pool));
        var layers = new List<LayerInfo>();
        block.DescribeLayers(new ReceptiveFieldTracker(), layers);
        var described = layers.Single(l => l.Name == "pool");
        Assert.That((described.ReceptiveField, described.Stride), Is.EqualTo(((int?)8, (int?)4)));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static (Tensor Output, Tensor Gradient) PoolAndGradient(Tensor values, Tensor upstream, Func<Tensor, Tensor> pool)
    {
        var x = values.detach().clone().requires_grad_(true);
        var y = pool(x);
        var g = torch.autograd.grad([y], [x], [upstream])[0];
        return (y.detach(), g);
    }
}

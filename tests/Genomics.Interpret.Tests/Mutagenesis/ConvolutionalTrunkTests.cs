using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Mutagenesis;

[NonParallelizable]
public sealed class ConvolutionalTrunkTests
{
    [TestCaseSource(typeof(MutagenesisTestModels), nameof(MutagenesisTestModels.TrunkCases))]
    public void StagesThenHeadReproduceTheForwardPass(Func<ISequenceModel> build, int length)
    {
        var model = build();
        try
        {
            model.Module.eval();
            var trunk = (IConvolutionalTrunk)model;
            using var x = TestSequences.RandomOneHot(3, length, 21);
            using var scope = torch.NewDisposeScope();
            var current = trunk.InputLayout.Prepare(x);
            Assert.That(current.shape[0], Is.EqualTo(3 * trunk.InputLayout.Lanes));
            var currentLength = (int)current.shape[2];
            foreach (var stage in trunk.TrunkStages)
            {
                var next = stage.Forward(current);
                Assert.That(next.shape[2], Is.EqualTo(stage.OutputLength(currentLength)), stage.Name);
                current = next;
                currentLength = (int)next.shape[2];
            }

            var viaTrunk = trunk.EvaluateHead(current);
            var direct = model.Evaluate(x);
            Assert.That((viaTrunk - direct).abs().max().item<float>(), Is.LessThan(1e-5f));
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    [Test]
    public void StageGeometryIsValidated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TrunkStage("s", 0, 1, 0, 0, 0, t => t), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TrunkStage("s", 3, 0, 0, 0, 0, t => t), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TrunkStage("s", 3, 1, -1, 0, 0, t => t), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(new TrunkStage("s", 6, 6, 0, 1, 0, t => t).OutputLength(101), Is.EqualTo(17));
            Assert.That(new TrunkStage("s", 5, 1, 0, 0, 0, t => t).OutputLength(4), Is.Zero);
            Assert.That(TrunkStage.Pointwise("p", t => t).IsPointwise, Is.True);
        });
    }

    [Test]
    public void ConvolutionPoolAndResidualFactoriesDescribeTheirGeometry()
    {
        using var conv = nn.Conv1d(3, 2, 4);
        using var avgCeil = new Pool1d(PoolKind.Average, 3, ceilMode: true);
        using var maxFloor = new Pool1d(PoolKind.Max, 3);
        var same = TrunkStage.ForSameConvolution("c", conv, 4, dilation: 3);
        var strided = TrunkStage.ForConvolutionWeights("s", conv, 4, stride: 2, dilation: 2, paddingBefore: 1);
        var pool = TrunkStage.ForPool("p", avgCeil, 82);
        var residual = TrunkStage.Residual("r", [same, TrunkStage.Pointwise("relu", t => nn.functional.relu(t)), TrunkStage.ForSameConvolution("c2", conv, 4)]);
        Assert.Multiple(() =>
        {
            Assert.That((same.Span, same.PaddingBefore, same.PaddingAfter, same.Dilation, same.KernelSize), Is.EqualTo((10, 4, 5, 3, 4)));
            Assert.That(same.PreservesLength, Is.True);
            Assert.That((strided.Span, strided.Stride, strided.OutputLength(20)), Is.EqualTo((7, 2, 8)));
            Assert.That(strided.PreservesLength, Is.False);
            Assert.That((pool.PaddingAfter, double.IsNaN(pool.PaddingValue), pool.OutputLength(82)), Is.EqualTo((2, true, 28)));
            Assert.That(TrunkStage.ForPool("m", maxFloor, 82).PaddingAfter, Is.Zero);
            Assert.That(TrunkStage.ForPool("m", maxFloor, 82).OutputLength(82), Is.EqualTo(maxFloor.OutputLength(82)));
            Assert.That((residual.IsResidual, residual.Span, residual.OutputLength(50), residual.Branch!.Count), Is.EqualTo((true, 13, 50, 3)));
            Assert.That(TrunkStage.Residual("r", [TrunkStage.Pointwise("relu", t => nn.functional.relu(t))]).IsPointwise, Is.True);
        });
    }

    [Test]
    public void StageFactoriesRejectInvalidInput()
    {
        using var conv = nn.Conv1d(3, 2, 4);
        using var pool = new Pool1d(PoolKind.Max, 3);
        Assert.Multiple(() =>
        {
            Assert.That(() => TrunkStage.ForConvolutionWeights("c", conv, 5), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("convolution"));
            Assert.That(() => TrunkStage.ForConvolutionWeights("c", conv, 4, dilation: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TrunkStage.ForSameConvolution("c", conv, 4, dilation: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TrunkStage.ForPool("p", pool, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TrunkStage.Residual("r", []), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("branch"));
            Assert.That(() => TrunkStage.Residual("r", [TrunkStage.ForConvolution("valid", conv, 4)]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("branch"));
            Assert.That(() => TrunkStage.Residual("r", [TrunkStage.ForPool("p", pool, 30)]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("branch"));
        });
    }

    [Test]
    public void InputLayoutsAreValidated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TrunkInputLayout(0, t => t, [new TrunkEditImage(0, 0, false)]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TrunkInputLayout(1, t => t, []), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("images"));
            Assert.That(() => new TrunkInputLayout(2, t => t, [new TrunkEditImage(2, 0, false)]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("images"));
            Assert.That(() => TrunkInputLayout.WithReverseComplement(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(TrunkInputLayout.Identity.Lanes, Is.EqualTo(1));
            Assert.That(new TrunkEditImage(0, 20, true).LaneStart(3, 2), Is.EqualTo(15));
            Assert.That(new TrunkEditImage(0, 4, false).LaneStart(3, 2), Is.EqualTo(7));
        });
    }
}

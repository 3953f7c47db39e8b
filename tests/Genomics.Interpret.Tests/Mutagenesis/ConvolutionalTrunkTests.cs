using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
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
            var current = x;
            var currentLength = length;
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
            model.Module.Dispose();
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
}

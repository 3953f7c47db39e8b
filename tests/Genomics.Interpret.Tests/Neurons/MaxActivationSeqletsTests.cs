using Genomics.Interpret.Neurons;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class MaxActivationSeqletsTests
{
    [Test]
    public void Find_KeepsTheStrongestWindowsAndCountsThem()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var sequences = TestSequences.RandomOneHot(10, 8, seed: 12, ScalarType.Byte);
        var before = TorchTestEnvironment.LiveTensors;
        var seqlets = MaxActivationSeqlets.Find(network, "conv1", sequences, top: 5);
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        using var scope = NewDisposeScope();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seqlets, Has.Count.EqualTo(3));
            foreach (var neuron in seqlets)
            {
                Assert.That(neuron.Seqlets, Has.Count.EqualTo(5));
                Assert.That(neuron.Seqlets.Select(s => s.Activation), Is.Ordered.Descending);
                Assert.That(Enumerable.Range(0, 5).Select(j => neuron.Counts[0, j] + neuron.Counts[1, j] + neuron.Counts[2, j] + neuron.Counts[3, j]), Has.All.EqualTo(5));
                Assert.That(neuron.ToMotif()!.Width, Is.EqualTo(5));
                foreach (var s in neuron.Seqlets)
                {
                    var window = sequences.narrow(0, s.Example, 1).narrow(2, s.Start, 5);
                    var value = network.EvaluateWindows("conv1", window);
                    Assert.That(value.data<float>()[neuron.Neuron], Is.EqualTo(s.Activation).Within(1e-5f));
                }
            }

            Assert.That(() => MaxActivationSeqlets.Find(network, "conv1", sequences, top: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("top"));
        }
    }
}

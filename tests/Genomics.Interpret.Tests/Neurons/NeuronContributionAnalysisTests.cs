using Genomics.Interpret.Neurons;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class NeuronContributionAnalysisTests
{
    [Test]
    public void Classify_ValuesThatFollowTheNeuron_AreEnhancingOrSuppressing()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var sequences = TestSequences.RandomOneHot(60, 8, seed: 9, ScalarType.Byte);
        using var neuron = network.EvaluateWindows("conv2", sequences);
        var values = neuron.data<float>().Select(v => (double)v).ToArray();
        var reports = new List<OperationProgress>();
        var max = NeuronContributionAnalysis.EstimateMaxActivations(network, "conv2", sequences, 10, 50, seed: 1, new SynchronousProgress<OperationProgress>(reports));
        var positive = NeuronContributionAnalysis.Classify(network, "conv2", sequences, values, max, threshold: 0.3)[0];
        var negative = NeuronContributionAnalysis.Classify(network, "conv2", sequences, values.Select(v => -v).ToArray(), max, threshold: 0.3)[0];
        var none = NeuronContributionAnalysis.Classify(network, "conv2", sequences, values, max, threshold: 1.0)[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(max[0], Is.EqualTo(values.Max()).Within(1e-5), "the windows are whole sequences; 500 seeded draws of 60 cover the maximum");
            Assert.That(reports[^1], Is.EqualTo(new OperationProgress("max-activation", 10, 10)));
            Assert.That(positive.Kind, Is.EqualTo(ContributionKind.Positive));
            Assert.That(positive.Task, Is.EqualTo("conv2_neuron0"));
            Assert.That(positive.Activating + positive.Inactive, Is.EqualTo(60));
            Assert.That(positive.PValue, Is.LessThan(0.05));
            Assert.That(negative.Kind, Is.EqualTo(ContributionKind.Negative));
            Assert.That(none.Kind, Is.EqualTo(ContributionKind.None));
        }
    }

    [Test]
    public void Classify_ScansEveryStrideOneWindow()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        using var sequences = TestSequences.RandomOneHot(3, 30, seed: 2, ScalarType.Byte);
        var layer = network.Layer("conv2");
        var scan = NeuronScan.AllWindows(network, layer, sequences, CancellationToken.None);
        using var scope = NewDisposeScope();
        var windows = sequences.narrow(2, 5, 12);
        var direct = network.EvaluateWindows("conv2", windows).data<float>().ToArray();
        var windowCount = 30 - 12 + 1;
        for (var i = 0; i < 3; i++)
        {
            for (var c = 0; c < 5; c++)
            {
                Assert.That(scan[(((i * 5) + c) * windowCount) + 5], Is.EqualTo(direct[(i * 5) + c]).Within(1e-5f));
            }
        }
    }

    [Test]
    public void DefaultRounds_FollowsCombMotif() => Assert.That(NeuronContributionAnalysis.DefaultRounds(72), Is.EqualTo(576));

    [Test]
    public void Classify_BadArguments_NameThem()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var sequences = TestSequences.RandomOneHot(4, 8, seed: 9, ScalarType.Byte);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => NeuronContributionAnalysis.Classify(network, "conv2", sequences, [1.0], [1.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("values"));
            Assert.That(() => NeuronContributionAnalysis.Classify(network, "conv2", sequences, [1, 2, 3, 4], [1.0, 2.0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("maxActivations"));
            Assert.That(() => NeuronContributionAnalysis.Classify(network, "conv2", sequences, [1, 2, 3, 4], [1.0], threshold: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("threshold"));
            Assert.That(() => NeuronContributionAnalysis.EstimateMaxActivations(network, "conv2", sequences, 0, 10, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("rounds"));
        }
    }
}

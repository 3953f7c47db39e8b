using Genomics.Interpret.Neurons;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class NeuronSamplerTests
{
    private static readonly NeuronSamplingOptions Tiny = new() { PopulationSize = 60, MaxGenerations = 8, SamplesPerBin = 10, Seed = 7 };

    [Test]
    public void Sample_IsSeededUniqueNonNegativeAndReportsProgress()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        var reports = new List<OperationProgress>();
        var before = TorchTestEnvironment.LiveTensors;
        var first = new NeuronSampler(network, Tiny).Sample("conv1", [0, 2], new SynchronousProgress<OperationProgress>(reports)).ToArray();
        var second = new NeuronSampler(network, Tiny).Sample("conv1", [0, 2]).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Select(r => r.Neuron), Is.EqualTo(new[] { 0, 2 }));
            Assert.That(first[0].Sequences, Is.Not.Empty);
            Assert.That(first[0].Sequences.Select(s => string.Concat(s)).Distinct().Count(), Is.EqualTo(first[0].Sequences.Count));
            Assert.That(first[0].Activations, Has.All.GreaterThanOrEqualTo(0f).And.All.LessThanOrEqualTo((float)first[0].MaxActivation));
            Assert.That(first[0].Sequences, Has.All.Length.EqualTo(5));
            Assert.That(first[1].Sequences.Count, Is.LessThanOrEqualTo(Tiny.Bins * 10));
            Assert.That(second[0].Sequences.Select(s => string.Concat(s)), Is.EqualTo(first[0].Sequences.Select(s => string.Concat(s))));
            Assert.That(second[1].Activations, Is.EqualTo(first[1].Activations));
            Assert.That(reports[^1].Completed, Is.EqualTo(reports[^1].Total));
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
    }

    [Test]
    public void Sample_ActivationsAreTheNeuronsValues()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        var result = new NeuronSampler(network, Tiny).Sample("conv2", [0])[0];
        using var windows = NeuronMath.OneHot(result.Sequences, 8);
        using var values = network.EvaluateWindows("conv2", windows);
        Assert.That(values.data<float>().ToArray(), Is.EqualTo(result.Activations).Within(1e-4f));
    }

    [Test]
    public void Sample_BadArguments_Throw()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new NeuronSampler(network, Tiny).Sample("conv1", [3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("neurons"));
            Assert.That(() => new NeuronSampler(network, Tiny).Sample("conv1", [0, 0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("neurons"));
            Assert.That(() => new NeuronSampler(network, Tiny).Sample("conv1", null, null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(() => new NeuronSampler(network, Tiny with { PopulationSize = 3 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PopulationSize"));
        }
    }

    [Test]
    public void BinCapacity_FollowsCombMotif()
    {
        var o = new NeuronSamplingOptions();
        Assert.That(new[] { 9, 18, 36, 72, 144 }.Select(o.BinCapacity), Is.EqualTo(new[] { 200, 400, 800, 1500, 2900 }));
    }
}

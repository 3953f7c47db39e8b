using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

/// <summary>
/// NeuronMotif on demo model 1 with CombMotif's published sampling settings (population 1,000, at most 350
/// generations, seed 1), every neuron of every layer: what docs/benchmarks.md states of the demo runs. Demo 2 takes
/// tens of minutes and is run by the benchmarks program (<c>neuronmotif-demo 2</c>, Genomics.Benchmarks.Interpret.NeuronMotifDemoRun).
/// </summary>
public sealed class NeuronMotifDemoTests
{
    private const int Generations = 350;

    [Test]
    public void Demo1_EverySearchStopsBeforeTheGenerationLimit_AndEveryNeuronGivesSamplesAndModes()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        Assert.That(network.Layers.Select(l => (l.Name, l.Channels)), Is.EqualTo(new[] { ("conv1", 3), ("conv2", 1) }));
        foreach (var layer in network.Layers)
        {
            var results = new NeuronDemixer(network, sampling: new NeuronSamplingOptions { PopulationSize = 1000, MaxGenerations = Generations, Seed = 1 }).Run(layer.Name);
            Assert.That(results, Has.Count.EqualTo(layer.Channels), layer.Name);
            foreach (var r in results)
            {
                using (Assert.EnterMultipleScope())
                {
                    var where = $"{layer.Name} neuron {r.Samples.Neuron}";
                    Assert.That(r.Samples.Stop, Is.Not.EqualTo(SamplingStop.GenerationLimit), where);
                    Assert.That(r.Samples.Generations, Is.LessThanOrEqualTo(Generations), where);
                    Assert.That(r.Samples.Sequences, Is.Not.Empty, where);
                    Assert.That(r.Modes, Is.Not.Empty, where);
                }
            }
        }
    }
}

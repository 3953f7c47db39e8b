using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

/// <summary>
/// NeuronMotif on demo model 1 with CombMotif's published sampling settings (population 1,000, at most 350
/// generations, seed 1), every neuron of every layer: what docs/benchmarks.md states of the demo runs. Demo 2 with the
/// published settings takes tens of minutes and is run by the benchmarks program (<c>neuronmotif-demo 2</c>,
/// Genomics.Benchmarks.Interpret.NeuronMotifDemoRun); its expected result (the output neuron shows CTCF pairs at the
/// positive spacing) is asserted here at a reduced setting.
/// </summary>
public sealed class NeuronMotifDemoTests
{
    private const int Generations = 350;

    /// <summary>A CTCF-like site: Pearson r with the simulation CTCF PWM (either strand) of at least this much.</summary>
    private const double CtcfLike = 0.6;

    /// <summary>
    /// NeuronMotif's expected result for demo 2 (positives: two CTCF sites starting in [0, 16) and [44, 60); negatives:
    /// one site in either range and the other in [17, 45)): the top mode of the output neuron (conv5, RF 82) holds a
    /// CTCF-like site starting in [0, 16) and another starting in [44, 60), i.e. the positive spacing (28–59 nt between
    /// starts). Reduced setting: population 200, 60 windows per activation bin, 3 k-means restarts, seed 1 (under half a
    /// minute on 2 cores). The smaller settings tried with the same criterion, and the sites found, are recorded by the benchmarks
    /// program's <c>neuronmotif-ctcf-pairs</c> command (benchmarks/Genomics.Benchmarks/Interpret/NeuronMotifCtcfPairSettingsRun.output.txt):
    /// population 100 with 40 per bin holds for some seeds only, and 200 with 60 per bin for every seed tried.
    /// </summary>
    [Test]
    [Category("Slow")]
    public void Demo2_OutputNeuronTopMode_HoldsTwoCtcfSitesAtThePositiveSpacing()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var sampling = new NeuronSamplingOptions { PopulationSize = 200, SamplesPerBin = 60, Seed = 1 };
        var result = new NeuronDemixer(network, new DemixingOptions { Restarts = 3, Seed = 1 }, sampling).Run("conv5")[0];
        var ctcf = DemoData.Probabilities(DemoData.Pwm("demo2", "PWM"));
        Assert.That(result.Modes, Is.Not.Empty);
        var top = result.Modes[0].Probabilities();
        Assert.That(top.GetLength(1), Is.EqualTo(82));
        var first = Enumerable.Range(0, 16).Select(s => (Start: s, R: DemoData.Correlation(top, s, ctcf))).MaxBy(t => t.R);
        var second = Enumerable.Range(44, 16).Select(s => (Start: s, R: DemoData.Correlation(top, s, ctcf))).MaxBy(t => t.R);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.R, Is.GreaterThanOrEqualTo(CtcfLike), $"best CTCF site starting in [0, 16) (at {first.Start})");
            Assert.That(second.R, Is.GreaterThanOrEqualTo(CtcfLike), $"best CTCF site starting in [44, 60) (at {second.Start})");
            Assert.That(second.Start - first.Start, Is.InRange(28, 59), "spacing of the two site starts");
        }
    }

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

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class NeuronDemixerTests
{
    [Test]
    public void Demix_ModesPartitionTheSamplesIntoCountMatrices()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var samples = new NeuronSampler(network, new NeuronSamplingOptions { PopulationSize = 100, MaxGenerations = 6, SamplesPerBin = 20, Seed = 3 }).Sample("conv2", [1])[0];
        var options = new DemixingOptions { FinalSize = 40, MinimumSamples = 10, Restarts = 2, Seed = 1 };
        var before = Genomics.TestKit.TorchTestEnvironment.LiveTensors;
        var result = new NeuronDemixer(network, options).Demix(samples);
        Assert.That(Genomics.TestKit.TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        var again = new NeuronDemixer(network, options).Demix(samples);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Modes, Is.Not.Empty);
            Assert.That(result.Modes.Sum(m => m.SampleCount), Is.LessThanOrEqualTo(samples.Sequences.Count));
            Assert.That(result.Modes, Has.All.Property(nameof(NeuronMotifMode.SampleCount)).GreaterThanOrEqualTo(10));
            foreach (var mode in result.Modes)
            {
                Assert.That(Enumerable.Range(0, 12).Select(j => mode.Counts[0, j] + mode.Counts[1, j] + mode.Counts[2, j] + mode.Counts[3, j]), Has.All.EqualTo(mode.SampleCount));
                Assert.That(mode.Path.Split('.'), Has.Length.LessThanOrEqualTo(1));
            }

            Assert.That(result.Modes.Select(m => m.MaxActivation), Is.Ordered.Descending);
            Assert.That(again.Modes.Select(m => m.Path), Is.EqualTo(result.Modes.Select(m => m.Path)));
        }
    }

    [Test]
    public void Options_AreValidatedAtConstruction_NamingTheOption()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new NeuronDemixer(network, new DemixingOptions { ClustersPerSplit = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ClustersPerSplit"));
            Assert.That(() => new NeuronDemixer(network, new DemixingOptions { Restarts = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Restarts"));
            Assert.That(() => new NeuronDemixer(network, sampling: new NeuronSamplingOptions { PopulationSize = 3 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PopulationSize"));
        }
    }

    [Test]
    public void Run_PreCancelled_Throws()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => new NeuronDemixer(network).Run("conv2", null, null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>
    /// NeuronMotif's demo 1 check, with CombMotif's published sampling settings: the top neuron's motif modes recover the
    /// simulated ZEB1 motif, and in both registers (the simulation placed it at two positions 1 nt apart, PWM0 and
    /// PWM1): one mode correlates best with each register's PWM (Pearson r of the 8 × 4 probabilities, either strand, at
    /// least 0.8, and above its correlation with the other register).
    /// </summary>
    [Test]
    [Category("Slow")]
    public void Run_Demo1TopNeuron_RecoversTheSimulatedZeb1Motif()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        var result = new NeuronDemixer(network, sampling: new NeuronSamplingOptions { Seed = 1 }).Run("conv2")[0];
        var comparer = new TomtomComparer(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity });
        var matches = NeuronMotifMatching.Match([result], DemoData.DatabaseWithSimulationMotifs(1), comparer, useSegments: false);
        var simulation = matches.Where(m => m.Match.TargetId.StartsWith("PWM", StringComparison.Ordinal)).ToArray();
        var registers = new[] { DemoData.Probabilities(DemoData.Pwm("demo1", "PWM0")), DemoData.Probabilities(DemoData.Pwm("demo1", "PWM1")) };
        var fits = result.Modes.Select(m => registers.Select(r => DemoData.Correlation(m.Probabilities(), 0, r)).ToArray()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Modes, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(simulation.Min(m => m.Match.PValue), Is.LessThan(1e-3), "TOMTOM p of the best mode against a simulation PWM");
            Assert.That(fits.Where(f => f[0] > f[1]).Select(f => f[0]).DefaultIfEmpty(double.NaN).Max(), Is.GreaterThanOrEqualTo(0.8), "best mode of register PWM0");
            Assert.That(fits.Where(f => f[1] > f[0]).Select(f => f[1]).DefaultIfEmpty(double.NaN).Max(), Is.GreaterThanOrEqualTo(0.8), "best mode of register PWM1");
        }
    }

    /// <summary>
    /// NeuronMotif's demo 2 check at a reduced setting: a second-layer neuron (RF 12) of the CTCF-pair model yields a mode
    /// matching the simulated CTCF motif.
    /// </summary>
    [Test]
    [Category("Slow")]
    public void Run_Demo2SecondLayerNeuron_RecoversPartOfTheSimulatedCtcfMotif()
    {
        using var model = DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var sampling = new NeuronSamplingOptions { PopulationSize = 300, SamplesPerBin = 60, Seed = 1 };
        var result = new NeuronDemixer(network, new DemixingOptions { Restarts = 3, Seed = 1 }, sampling).Run("conv2", [1])[0];
        var comparer = new TomtomComparer(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity });
        var matches = NeuronMotifMatching.Match([result], DemoData.DatabaseWithSimulationMotifs(2), comparer, useSegments: false);
        var ctcf = matches.Where(m => m.Match.TargetId == "PWM").Min(m => m.Match.PValue);
        Assert.That(ctcf, Is.LessThan(1e-3), "TOMTOM p of the best mode against the simulation CTCF PWM");
    }
}

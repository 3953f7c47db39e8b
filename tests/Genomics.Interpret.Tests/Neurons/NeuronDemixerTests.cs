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
        var result = new NeuronDemixer(network, options).Demix(samples);
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
    public void Run_PreCancelled_Throws()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => new NeuronDemixer(network).Run("conv2", null, null, null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>
    /// NeuronMotif's demo 1 check: the top neuron's motif modes recover the simulated ZEB1 motif (either register), with
    /// CombMotif's published sampling settings.
    /// </summary>
    [Test]
    [Category("Slow")]
    public void Run_Demo1TopNeuron_RecoversTheSimulatedZeb1Motif()
    {
        using var model = DemoData.Demo1();
        var network = NeuronNetwork.FromModel(model);
        var result = new NeuronDemixer(network).Run("conv2", null, new NeuronSamplingOptions { Seed = 1 })[0];
        var pwms = new[] { DemoData.Pwm("demo1", "PWM0"), DemoData.Pwm("demo1", "PWM1") };
        var best = result.Modes.Max(m => pwms.Max(p => ColumnSimilarity.Best(m.Counts, p, 6).Score));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Modes, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(best, Is.GreaterThan(0.9), "mean column Pearson of the best mode with a simulation PWM");
        }
    }
}

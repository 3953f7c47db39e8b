using System.Diagnostics;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

[Explicit("Runs NeuronMotif on the demo models with published settings; records timings for docs/benchmarks.md.")]
[NonParallelizable]
public sealed class DemoExperiment
{
    [Test]
    public void Demo1() => Run(1, 1000, 350);

    [Test]
    public void Demo2() => Run(2, 1000, 350);

    [Test]
    public void Demo2TopNeuron() => Run(2, 1000, 350, "conv5");

    private static void Write(string line)
    {
        TestContext.Out.WriteLine(line);
        var path = Environment.GetEnvironmentVariable("NEURON_DEMO_LOG");
        if (!string.IsNullOrEmpty(path))
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private static void Run(int demo, int population, int generations, string? only = null)
    {
        using var model = demo == 1 ? DemoData.Demo1() : DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var database = DemoData.DatabaseWithSimulationMotifs(demo);
        var comparer = new TomtomComparer(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity });
        foreach (var layer in network.Layers.Where(l => only is null || l.Name == only))
        {
            var watch = Stopwatch.StartNew();
            var results = new NeuronDemixer(network).Run(layer.Name, null, new NeuronSamplingOptions { PopulationSize = population, MaxGenerations = generations, Seed = 1 });
            var elapsed = watch.Elapsed.TotalSeconds;
            Write($"demo{demo} {layer.Name} RF {layer.ReceptiveField} neurons {layer.Channels}: {elapsed:F1} s");
            foreach (var r in results)
            {
                Write($"  neuron {r.Samples.Neuron}: {r.Samples.Sequences.Count} samples, max {r.Samples.MaxActivation:F3}, {r.Samples.Generations} gens ({r.Samples.Stop}), {r.Modes.Count} modes");

                // What docs/benchmarks.md states of these runs: every search stopped before the generation limit and
                // every neuron gave samples and modes.
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(r.Samples.Stop, Is.Not.EqualTo(SamplingStop.GenerationLimit), $"{layer.Name} neuron {r.Samples.Neuron}");
                    Assert.That(r.Samples.Generations, Is.LessThanOrEqualTo(generations));
                    Assert.That(r.Samples.Sequences, Is.Not.Empty);
                    Assert.That(r.Modes, Is.Not.Empty);
                }

                var matches = NeuronMotifMatching.Match([r], database, comparer, useSegments: false);
                for (var k = 0; k < Math.Min(6, r.Modes.Count); k++)
                {
                    var m = r.Modes[k];
                    var best = matches.Where(x => x.Mode == k).Take(3).Select(x => $"{x.Match.TargetId}/{x.Match.TargetName} p={x.Match.PValue:G3} q={x.Match.QValue:G3} off={x.Match.Offset}{x.Match.Orientation}");
                    var sim = matches.Where(x => x.Mode == k && x.Match.TargetId.StartsWith("PWM", StringComparison.Ordinal)).Select(x => $"{x.Match.TargetId} p={x.Match.PValue:G3} q={x.Match.QValue:G3}");
                    Write($"    {m.Path} n={m.SampleCount} max={m.MaxActivation:F3} {m.Consensus()} segs=[{string.Join(",", m.Segments.Select(s => $"{s.Start}-{s.End}"))}] top: {string.Join("; ", best)} | sim: {string.Join("; ", sim)}");
                }
            }
        }
    }
}

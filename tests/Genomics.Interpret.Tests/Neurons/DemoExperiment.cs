using System.Diagnostics;
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

    private static void Run(int demo, int population, int generations)
    {
        using var model = demo == 1 ? DemoData.Demo1() : DemoData.Demo2();
        var network = NeuronNetwork.FromModel(model);
        var pwms = demo == 1 ? new[] { DemoData.Pwm("demo1", "PWM0"), DemoData.Pwm("demo1", "PWM1") } : [DemoData.Pwm("demo2", "PWM")];
        foreach (var layer in network.Layers)
        {
            var watch = Stopwatch.StartNew();
            var results = new NeuronDemixer(network).Run(layer.Name, null, new NeuronSamplingOptions { PopulationSize = population, MaxGenerations = generations, Seed = 1 });
            var elapsed = watch.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine($"demo{demo} {layer.Name} RF {layer.ReceptiveField} neurons {layer.Channels}: {elapsed:F1} s");
            foreach (var r in results)
            {
                TestContext.Out.WriteLine($"  neuron {r.Samples.Neuron}: {r.Samples.Sequences.Count} samples, max {r.Samples.MaxActivation:F3}, {r.Samples.Generations} gens ({r.Samples.Stop}), {r.Modes.Count} modes");
                foreach (var m in r.Modes.Take(6))
                {
                    var sims = pwms.Select(p => ColumnSimilarity.Best(m.Counts, p, 5)).ToArray();
                    TestContext.Out.WriteLine($"    {m.Path} n={m.SampleCount} max={m.MaxActivation:F3} {m.Consensus()} segs=[{string.Join(",", m.Segments.Select(s => $"{s.Start}-{s.End}"))}] sim={string.Join(" ", sims.Select(s => $"{s.Score:F2}@{s.Offset}{(s.ReverseComplement ? "rc" : "")}"))}");
                }
            }
        }
    }
}

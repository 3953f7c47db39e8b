using Genomics.Benchmarks;
using Genomics.Benchmarks.Interpret;
using NUnit.Framework;

namespace Genomics.Benchmarks.Tests;

/// <summary>The NeuronMotif demo command of the benchmarks program runs and checks its claims (demo 1; demo 2 takes tens of minutes).</summary>
[NonParallelizable]
public sealed class NeuronMotifDemoRunTests
{
    [Test]
    public void Demo1_RunsEveryLayer_AndEveryCheckHolds()
    {
        var lines = new List<string>();
        var failures = NeuronMotifDemoRun.Run(1, null, lines.Add);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures, Is.Empty);
            Assert.That(lines.Where(l => l.StartsWith("demo1 ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]), Is.EqualTo(new[] { "demo1 conv1 RF 5 neurons 3", "demo1 conv2 RF 8 neurons 1" }));
            Assert.That(lines.Count(l => l.StartsWith("  neuron ", StringComparison.Ordinal)), Is.EqualTo(4));
        }
    }

    [Test]
    public void Program_RejectsAnUnknownDemo() =>
        Assert.That(Program.Main([NeuronMotifDemoRun.Command, "3"]), Is.EqualTo(2));

    [Test]
    public void Run_ReportsAnUnknownLayerAsAFailedCheck() =>
        Assert.That(NeuronMotifDemoRun.Run(1, "conv9", _ => { }), Is.EqualTo(new[] { "demo 1 has no layer 'conv9'" }));
}

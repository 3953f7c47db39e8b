using System.Xml.Linq;
using Genomics.Models.Architectures;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.TestKit;

/// <summary>The shared test setup (random inputs, catalog checkpoints, consumer applications, thread stress) does what the tests that use it rely on.</summary>
[NonParallelizable]
public sealed class SharedTestSetupTests
{
    [Test]
    public void RandomFasta_IsReproducibleBySeed_WithOneLineOfBasesPerRecord()
    {
        var text = TestSequences.RandomFasta(3, 10, seed: 4, idPrefix: "seq");
        var lines = text.Split('\n');
        var random = new Random(4);
        var first = TestSequences.RandomBases(random, 10);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Is.EqualTo(TestSequences.RandomFasta(3, 10, seed: 4, idPrefix: "seq")));
            Assert.That(lines, Has.Length.EqualTo(7));
            Assert.That(lines[0], Is.EqualTo(">seq0"));
            Assert.That(lines[1], Is.EqualTo(first));
            Assert.That(lines[3], Is.EqualTo(TestSequences.RandomBases(random, 10)));
            Assert.That(lines[4], Is.EqualTo(">seq2"));
            Assert.That(string.Concat(lines.Where((_, i) => i % 2 == 1)), Does.Match("^[ACGT]{30}$"));
            Assert.That(() => TestSequences.RandomBases(null!, 3), Throws.ArgumentNullException);
        }
    }

    [Test]
    public void CatalogCheckpoint_WritesALoadableModel()
    {
        using var scratch = new ScratchFolder();
        var path = CatalogCheckpoint.Save(scratch.PathOf("m.gckpt"), "deepchrome");
        using var model = ModelCatalog.Load(path);
        Assert.That(model.Module.GetType().Name, Is.EqualTo("DeepChromeModel"));
    }

    [Test]
    public void ConsumerApp_WritesProjectProgramAndMappedSources()
    {
        using var scratch = new ScratchFolder();
        var folder = new ConsumerApp(scratch.PathOf("app"), "App")
        {
            Packages = [("TorchSharp-cpu", "0.107.0")],
            Projects = ["/src/A&B.csproj"],
            Properties = [("ManagePackageVersionsCentrally", "false")],
            Sources = [new("local", "/feed"), new("nuget.org", "https://api.nuget.org/v3/index.json", "*")],
            Program = "Console.WriteLine(1);",
        }.Write();
        var project = XDocument.Load(Path.Combine(folder, "App.csproj"));
        var config = XDocument.Load(Path.Combine(folder, "nuget.config"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(project.Descendants("OutputType").Single().Value, Is.EqualTo("Exe"));
            Assert.That(project.Descendants("ManagePackageVersionsCentrally").Single().Value, Is.EqualTo("false"));
            Assert.That(project.Descendants("PackageReference").Single().Attribute("Version")!.Value, Is.EqualTo("0.107.0"));
            Assert.That(project.Descendants("ProjectReference").Single().Attribute("Include")!.Value, Is.EqualTo("/src/A&B.csproj"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "Program.cs")), Is.EqualTo("Console.WriteLine(1);"));
            Assert.That(config.Descendants("add").Select(e => e.Attribute("key")!.Value), Is.EqualTo(new[] { "local", "nuget.org" }));
            Assert.That(config.Descendants("clear").Count(), Is.EqualTo(1));
            Assert.That(config.Descendants("packageSource").Select(e => e.Attribute("key")!.Value), Is.EqualTo(new[] { "nuget.org" }));
            Assert.That(ConsumerApp.NuGetConfig([new PackageSource("offline", "/f")]), Does.Not.Contain("packageSourceMapping"));
        }
    }

    [Test]
    public void ConcurrentStress_CollectsReturnedFailuresAndExceptions_FromEveryThread()
    {
        var calls = 0;
        var failures = ConcurrentStress.Run(3, 4, (t, i) =>
        {
            Interlocked.Increment(ref calls);
            return t == 1 && i == 2 ? throw new InvalidOperationException("boom") : i == 0 ? $"thread {t} first" : null;
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(calls, Is.EqualTo(11), "thread 1 stops at its exception");
            Assert.That(failures, Is.EquivalentTo(new[] { "thread 0 first", "thread 1 first", "thread 2 first", "thread 1: InvalidOperationException: boom" }));
        }
    }

    [Test]
    public void ConcurrentStress_WhilePaused_RunsTheSecondCallWhileTheFirstIsHeld()
    {
        var order = new List<string>();
        var failure = ConcurrentStress.WhilePaused(
            progress =>
            {
                lock (order)
                {
                    order.Add("background started");
                }

                progress.Report(new Genomics.Models.Compute.OperationProgress("step", 1, 2));
                lock (order)
                {
                    order.Add("background released");
                }

                throw new InvalidOperationException("after release");
            },
            () =>
            {
                lock (order)
                {
                    order.Add("while paused");
                }
            },
            "the background call did not report");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order, Is.EqualTo(new[] { "background started", "while paused", "background released" }));
            Assert.That(failure, Is.InstanceOf<InvalidOperationException>().With.Message.EqualTo("after release"));
        }
    }
}

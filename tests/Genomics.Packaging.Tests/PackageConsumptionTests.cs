using System.IO.Compression;
using System.Xml.Linq;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Packaging.Tests;

/// <summary>
/// Packs Genomics.Models and Genomics.Interpret from the build output into a local feed, checks what the packages
/// hold, and builds and runs a fresh console application that takes them from that feed (what `dotnet add package`
/// gives a user), including the native-library fix the packages carry.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class PackageConsumptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private string _root = null!;
    private string _feed = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public void PackIntoLocalFeed()
    {
        _root = Path.Combine(Path.GetTempPath(), "genomics-packaging-" + Guid.NewGuid().ToString("N")[..8]);
        _feed = Path.Combine(_root, "feed");
        Directory.CreateDirectory(_feed);
        _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in new[] { "src/Genomics.Models/Genomics.Models.csproj", "src/Genomics.Interpret/Genomics.Interpret.csproj" })
        {
            var pack = DotnetCli.Run(DotnetCli.RepositoryRoot, Timeout, "pack", project, "-c", DotnetCli.Configuration, "--no-build", "-o", _feed, "-p:Version=" + _version);
            Assert.That(pack.ExitCode, Is.Zero, pack.Output);
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        // The consumer's restore extracted this run's packages into the global package folder; remove them.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "genomics.models", "genomics.interpret" })
        {
            var folder = Path.Combine(packages, id, _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [TestCase("Genomics.Models")]
    [TestCase("Genomics.Interpret")]
    public void Package_HoldsAssemblyDocsReadmeLicenceAndBuildTargets(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries, Does.Contain($"lib/net10.0/{id}.dll"));
            Assert.That(entries, Does.Contain($"lib/net10.0/{id}.xml"), "XML documentation");
            Assert.That(entries, Does.Contain("README.md"));
            Assert.That(entries, Does.Contain("LICENSE"));
            Assert.That(entries, Does.Contain($"buildTransitive/{id}.targets"));
            Assert.That(entries, Does.Contain("buildTransitive/GenomicsNativePatch.targets"));
            Assert.That(entries, Does.Contain("buildTransitive/ElfVersionPatch.cs"));
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "version")?.Value, Is.EqualTo(_version));
            Assert.That(metadata.Element(ns + "repository")?.Attribute("commit")?.Value, Does.Match("^[0-9a-f]{40}$"), "source commit recorded for SourceLink");
        }

        using var symbols = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.snupkg"));
        Assert.That(symbols.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{id}.pdb"));
    }

    [Test]
    public void Interpret_DependsOnModelsOfTheSameVersion()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"Genomics.Interpret.{_version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry("Genomics.Interpret.nuspec")!.Open());
        var dependency = nuspec.Descendants().Single(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "Genomics.Models");
        Assert.That((string?)dependency.Attribute("version"), Is.EqualTo(_version));
    }

    [Test]
    public void FreshConsoleApp_RestoresFromTheFeed_BuildsAndRunsTorch()
    {
        var app = new ConsumerApp(Path.Combine(_root, "consumer"), "Consumer")
        {
            Packages = [("Genomics.Interpret", _version), ("TorchSharp-cpu", "0.107.0")],
            Sources = [new("local", _feed, "Genomics.*"), new("nuget.org", "https://api.nuget.org/v3/index.json", "*")],
            Program = """
            using Genomics.Interpret.References;
            using Genomics.Models.Architectures.DeepChrome;
            using Genomics.Models.Encoding;
            using TorchSharp;

            using var x = OneHotEncoder.Encode(new[] { "ACGTACGTTTGACA" });
            using var references = new DinucleotideShuffle().Generate(x, 2, 7);
            Console.WriteLine($"references {string.Join("x", references.shape)}");
            using var model = new DeepChromeModel(DeepChromeOptions.Published);
            using var marks = torch.rand(3, 5, 100);
            using var outputs = model.Evaluate(marks);
            Console.WriteLine($"outputs {string.Join("x", outputs.shape)}");
            """,
        }.Write();

        var run = DotnetCli.Run(app, Timeout, "run", "-c", "Release");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("references 1x2x4x14").And.Contain("outputs 3x2"));
    }
}

using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Packaging.Tests;

/// <summary>
/// Packs Genomics.Models, Genomics.Tuning, Genomics.Models.Onnx, Genomics.Interpret and Genomics.Interpret.Plots from the build output into a
/// local feed, checks what the packages hold and depend on, and builds and runs fresh console applications that take
/// them from that feed (what `dotnet add package` gives a user), including the native-library fix the packages carry.
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

    /// <summary>The library packages, in dependency order.</summary>
    private static readonly string[] PackageIds = ["Genomics.Models", "Genomics.Tuning", "Genomics.Models.Onnx", "Genomics.Interpret", "Genomics.Interpret.Plots"];

    [OneTimeSetUp]
    public void PackIntoLocalFeed()
    {
        _root = Path.Combine(Path.GetTempPath(), "genomics-packaging-" + Guid.NewGuid().ToString("N")[..8]);
        _feed = Path.Combine(_root, "feed");
        Directory.CreateDirectory(_feed);
        _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in PackageIds.Select(id => $"src/{id}/{id}.csproj"))
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
        foreach (var id in PackageIds.Select(id => id.ToLowerInvariant()))
        {
            var folder = Path.Combine(packages, id, _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [TestCase("Genomics.Models")]
    [TestCase("Genomics.Tuning")]
    [TestCase("Genomics.Models.Onnx")]
    [TestCase("Genomics.Interpret")]
    [TestCase("Genomics.Interpret.Plots")]
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

    [TestCase("Genomics.Tuning", "Genomics.Models")]
    [TestCase("Genomics.Models.Onnx", "Genomics.Models")]
    [TestCase("Genomics.Interpret.Plots", "Genomics.Interpret")]
    public void Package_DependsOnItsBaseOfTheSameVersion(string id, string dependsOn)
    {
        var dependencies = Dependencies(id);
        Assert.That(dependencies.GetValueOrDefault(dependsOn), Is.EqualTo(_version), string.Join(", ", dependencies.Keys));
    }

    [Test]
    public void Interpret_LeavesSkiaSharpAndTheTuningToTheirOwnPackages()
    {
        var dependencies = Dependencies("Genomics.Interpret");
        var references = AssemblyReferences("Genomics.Interpret");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dependencies.Keys, Has.None.StartsWith("SkiaSharp"), "package dependencies");
            Assert.That(dependencies.Keys, Does.Not.Contain("Genomics.Interpret.Plots").And.Not.Contain("Genomics.Tuning"));
            Assert.That(references, Has.None.StartsWith("SkiaSharp"), "assembly references");
            Assert.That(Entries("Genomics.Interpret"), Has.None.StartsWith("licenses/"), "the logo font's licence travels with the plots");
        }
    }

    [Test]
    public void Plots_BringsSkiaSharpAndTheFontLicence()
    {
        var dependencies = Dependencies("Genomics.Interpret.Plots");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dependencies.Keys, Does.Contain("SkiaSharp").And.Contain("SkiaSharp.NativeAssets.Linux.NoDependencies"));
            Assert.That(Entries("Genomics.Interpret.Plots"), Does.Contain("licenses/LICENSE-DejaVu.txt"));
        }
    }

    [Test]
    public void OnnxRuntime_IsOnlyADependencyOfTheOnnxPackage()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Dependencies("Genomics.Models.Onnx").Keys, Does.Contain("Microsoft.ML.OnnxRuntime"));
            foreach (var core in new[] { "Genomics.Models", "Genomics.Interpret" })
            {
                Assert.That(Dependencies(core).Keys, Has.None.StartsWith("Microsoft.ML.OnnxRuntime").And.None.EqualTo("Genomics.Models.Onnx"), core);
                Assert.That(AssemblyReferences(core), Has.None.StartsWith("Microsoft.ML.OnnxRuntime"), core);
                Assert.That(TypeNamespaces(core), Has.None.StartsWith("Genomics.Models.Onnx"), core);
            }

            Assert.That(TypeNamespaces("Genomics.Models.Onnx"), Does.Contain("Genomics.Models.Onnx"));
        }
    }

    [Test]
    public void Models_HoldsNoTuningTypes_AndTuningKeepsTheirNamespace()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TypeNamespaces("Genomics.Models"), Has.None.StartsWith("Genomics.Models.Tuning"));
            Assert.That(TypeNamespaces("Genomics.Tuning"), Does.Contain("Genomics.Models.Tuning"));
            Assert.That(Dependencies("Genomics.Models").Keys, Does.Not.Contain("Genomics.Tuning"));
        }
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
        // TorchSharp itself depends on the managed SkiaSharp 2.88 (with Windows and macOS native assets); what
        // Genomics.Interpret no longer brings is SkiaSharp 3 and its Linux native library.
        var output = Path.Combine(_root, "consumer", "bin", "Release", "net10.0");
        Assert.That(Directory.EnumerateFiles(output, "libSkiaSharp.so", SearchOption.AllDirectories), Is.Empty, "an application of Genomics.Interpret alone carries no Linux SkiaSharp library");
    }

    [Test]
    public void FreshConsoleApp_WithTuningAndPlots_SearchesAndDrawsALogo()
    {
        var app = new ConsumerApp(Path.Combine(_root, "plots-consumer"), "PlotsConsumer")
        {
            Packages = [("Genomics.Tuning", _version), ("Genomics.Interpret.Plots", _version), ("TorchSharp-cpu", "0.107.0")],
            Sources = [new("local", _feed, "Genomics.*"), new("nuget.org", "https://api.nuget.org/v3/index.json", "*")],
            Program = """
            using Genomics.Interpret.Plots;
            using Genomics.Models.Tuning;

            var space = new SearchSpace();
            var x = space.Float("x", -1, 1);
            var result = new Study(space, new StudyOptions { Seed = 3 }).Optimize(t => t.Get(x) * t.Get(x), 5);
            Console.WriteLine($"trials {result.Trials.Count}");
            var svg = SequenceLogo.InformationContent(new double[,] { { 0.7, 0.1 }, { 0.1, 0.1 }, { 0.1, 0.1 }, { 0.1, 0.7 } }).ToSvg();
            Console.WriteLine($"svg {svg.Contains("<svg", StringComparison.Ordinal)}");
            """,
        }.Write();

        var run = DotnetCli.Run(app, Timeout, "run", "-c", "Release");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("trials 5").And.Contain("svg True"));
    }

    [Test]
    public void FreshConsoleApp_WithOnnx_RunsAnOnnxModelAndIsm()
    {
        var model = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Interpret.Tests", "Onnx", "tiny_cnn.onnx");
        var app = new ConsumerApp(Path.Combine(_root, "onnx-consumer"), "OnnxConsumer")
        {
            Packages = [("Genomics.Models.Onnx", _version), ("Genomics.Interpret", _version), ("TorchSharp-cpu", "0.107.0")],
            Sources = [new("local", _feed, "Genomics.*"), new("nuget.org", "https://api.nuget.org/v3/index.json", "*")],
            Program = $$""""
            using Genomics.Interpret.Mutagenesis;
            using Genomics.Models.Encoding;
            using Genomics.Models.Onnx;

            using var model = OnnxSequenceModel.Load("""{{model}}""");
            using var x = OneHotEncoder.Encode(new[] { "ACGTACGTTTGACAACGTAC" });
            using var y = model.Evaluate(x);
            using var ism = new InSilicoMutagenesis().Run(model, x);
            Console.WriteLine($"outputs {string.Join("x", y.shape)} ism {string.Join("x", ism.Deltas.shape)} {ism.Algorithm}");
            """",
        }.Write();

        var run = DotnetCli.Run(app, Timeout, "run", "-c", "Release");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("outputs 1x2 ism 1x2x4x20 Full"));
    }

    private HashSet<string> Entries(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.nupkg"));
        return package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The package's dependencies (id → version) as its nuspec states them.</summary>
    private Dictionary<string, string?> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
        return nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string?)e.Attribute("version"), StringComparer.Ordinal);
    }

    /// <summary>Reads the package's assembly without loading it.</summary>
    private T ReadAssembly<T>(string id, Func<MetadataReader, T> read)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.nupkg"));
        using var bytes = new MemoryStream();
        using (var entry = package.GetEntry($"lib/net10.0/{id}.dll")!.Open())
        {
            entry.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        return read(pe.GetMetadataReader());
    }

    private string[] AssemblyReferences(string id) =>
        ReadAssembly(id, reader => reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToArray());

    private HashSet<string> TypeNamespaces(string id) =>
        ReadAssembly(id, reader => reader.TypeDefinitions.Select(h => reader.GetString(reader.GetTypeDefinition(h).Namespace)).ToHashSet(StringComparer.Ordinal));
}

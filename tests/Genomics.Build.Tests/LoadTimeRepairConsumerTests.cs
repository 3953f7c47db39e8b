using System.Runtime.InteropServices;
using System.Xml.Linq;
using Genomics.TestKit;
using NUnit.Framework;
using static Genomics.Build.Tests.ElfSamples;

namespace Genomics.Build.Tests;

/// <summary>
/// Hosts that the build step (build/GenomicsNativePatch.targets) never reaches load TorchSharp's unpatched native
/// library: an application outside the repository that references Genomics.Models by project, and F# scripts that
/// reference the assemblies by path or TorchSharp as a NuGet package. Genomics.Models repairs the library when it is
/// first used (Runtime/NativeLibraryRepair.cs); each test builds or writes such a host in a temporary folder, runs
/// it with the per-user cache redirected there (XDG_DATA_HOME), and checks that it computes with libtorch and, where
/// the system libstdc++ lacks GLIBCXX_3.4.32, that the process mapped the patched copy from that cache.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class LoadTimeRepairConsumerTests
{
    private const string NativeFile = "libLibTorchSharp.so";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    /// <summary>The managed assemblies a script needs beside Genomics.Models.dll and TorchSharp.dll.</summary>
    private static readonly string[] ScriptAssemblies =
        ["Genomics.Models.dll", "TorchSharp.dll", "Microsoft.Extensions.Logging.Abstractions.dll", "Google.Protobuf.dll", "ICSharpCode.SharpZipLib.dll"];

    private string _root = string.Empty;
    private string _data = string.Empty;
    private string _packages = string.Empty;
    private string _torchSharpVersion = string.Empty;
    private string _libTorchVersion = string.Empty;
    private HashSet<string> _available = [];
    private bool _systemLacksVersion;

    [OneTimeSetUp]
    public void CreateRoot()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("The load-time repair concerns linux-x64 TorchSharp libraries.");
        }

        string? system = ElfVersionPatcher.FindSystemLibrary(Libstdcxx);
        _available = system is null ? [] : ElfVersionPatcher.ReadDefinedVersions(system);
        _systemLacksVersion = system is not null && !_available.Contains(Missing);
        var versions = XDocument.Load(Path.Combine(DotnetCli.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        _torchSharpVersion = versions["TorchSharp-cpu"];
        _packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        _libTorchVersion = Directory.EnumerateDirectories(Path.Combine(_packages, "libtorch-cpu-linux-x64"))
            .Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal).First()!;
        _root = Path.Combine(Path.GetTempPath(), "genomics-native-consumers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [SetUp]
    public void FreshCache()
    {
        _data = Path.Combine(_root, "data-" + TestContext.CurrentContext.Test.MethodName);
    }

    [Test]
    public void ProjectReferenceApp_OutsideTheRepository_ComputesWithTorch()
    {
        // Outside the repository: no Directory.Packages.props, so the versions are stated in the project.
        var app = new ConsumerApp(Path.Combine(_root, "app"), "App")
        {
            Packages = [("TorchSharp-cpu", _torchSharpVersion)],
            Projects = [Path.Combine(DotnetCli.RepositoryRoot, "src", "Genomics.Models", "Genomics.Models.csproj")],
            Properties = [("ManagePackageVersionsCentrally", "false")],
            Program = """
            using Genomics.Models.Encoding;
            using TorchSharp;

            using var x = OneHotEncoder.Encode("ACGTAC");
            using var sum = x.sum();
            Console.WriteLine($"one-hot sum {sum.item<float>()}");
            var maps = File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal));
            foreach (var path in maps.Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..]).Distinct())
            {
                Console.WriteLine("mapped " + path);
            }
            """,
        }.Write();
        File.Copy(Path.Combine(DotnetCli.RepositoryRoot, "nuget.config"), Path.Combine(app, "nuget.config"));

        var build = DotnetCli.Run(app, Timeout, "build", "-c", DotnetCli.Configuration, "-m:1", "-nologo");
        Assert.That(build.ExitCode, Is.Zero, build.Output);
        var output = Path.Combine(app, "bin", DotnetCli.Configuration, "net10.0");
        var shipped = Path.Combine(output, "runtimes", "linux-x64", "native", NativeFile);
        AssertUnpatched(shipped, "the build step does not reach a project outside the repository");

        var run = DotnetCli.Run(app, Timeout, Cache(), Path.Combine(output, "App.dll"));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("one-hot sum 6"));
        AssertMappedTheCachedCopy(run.Output);
    }

    [Test]
    public void FsiScript_ReferencingAssembliesBesideUnpatchedNatives_ComputesWithTorch()
    {
        var script = Path.Combine(_root, "script");
        var lib = Path.Combine(script, "lib");
        Directory.CreateDirectory(lib);
        foreach (var assembly in ScriptAssemblies)
        {
            File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, assembly), Path.Combine(lib, assembly));
        }

        // The native libraries as the packages ship them: TorchSharp's copied, libtorch's linked (hundreds of MB).
        File.Copy(Path.Combine(_packages, "torchsharp", _torchSharpVersion, "runtimes", "linux-x64", "native", NativeFile), Path.Combine(lib, NativeFile));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_packages, "libtorch-cpu-linux-x64", _libTorchVersion, "runtimes", "linux-x64", "native")))
        {
            File.CreateSymbolicLink(Path.Combine(lib, Path.GetFileName(file)), file);
        }

        AssertUnpatched(Path.Combine(lib, NativeFile), "the script's folder holds the package's own copy");
        File.WriteAllText(Path.Combine(script, "torch.fsx"), """
            #r "lib/TorchSharp.dll"
            #r "lib/Genomics.Models.dll"
            """ + "\n" + ScriptBody);

        var run = DotnetCli.Run(script, Timeout, Cache(), "fsi", "--quiet", "--exec", "torch.fsx");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("one-hot sum 6"));
        AssertMappedTheCachedCopy(run.Output);
    }

    [Test]
    public void FsiScript_WithNuGetReference_ComputesWithTorch()
    {
        var script = Path.Combine(_root, "nuget-script");
        var lib = Path.Combine(script, "lib");
        var feed = Path.Combine(script, "feed");
        Directory.CreateDirectory(lib);
        Directory.CreateDirectory(feed);
        foreach (var assembly in new[] { "Genomics.Models.dll", "Microsoft.Extensions.Logging.Abstractions.dll" })
        {
            File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, assembly), Path.Combine(lib, assembly));
        }

        // An empty local feed as the only source: the packages come from the global packages folder, without network.
        File.WriteAllText(Path.Combine(script, "nuget.config"), ConsumerApp.NuGetConfig([new PackageSource("offline", feed)]));
        File.WriteAllText(Path.Combine(script, "torch.fsx"), $"""
            #r "nuget: TorchSharp-cpu, {_torchSharpVersion}"
            #r "lib/Genomics.Models.dll"
            """ + "\n" + ScriptBody);

        // When the native library does not load, TorchSharp copies every native library of its packages into a cpu
        // folder beside TorchSharp.dll, here inside the global packages folder; remove what such a run leaves there.
        var torchSharpLib = Path.Combine(_packages, "torchsharp", _torchSharpVersion, "lib");
        var consolidated = Directory.GetDirectories(torchSharpLib).Select(d => Path.Combine(d, "cpu")).Where(d => !Directory.Exists(d)).ToList();
        try
        {
            var run = DotnetCli.Run(script, Timeout, Cache(), "fsi", "--quiet", "--exec", "torch.fsx");
            Assert.That(run.ExitCode, Is.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("one-hot sum 6"));
            AssertMappedTheCachedCopy(run.Output);
        }
        finally
        {
            foreach (var folder in consolidated.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private const string ScriptBody = """
        let x = Genomics.Models.Encoding.OneHotEncoder.Encode("ACGTAC")
        printfn "one-hot sum %g" (x.sum().item<float32>())
        for path in System.IO.File.ReadLines("/proc/self/maps") |> Seq.filter (fun l -> l.EndsWith("/libLibTorchSharp.so")) |> Seq.map (fun l -> l.Substring(l.IndexOf('/'))) |> Seq.distinct do
            printfn "mapped %s" path
        """;

    private Dictionary<string, string> Cache() => new(StringComparer.Ordinal) { ["XDG_DATA_HOME"] = _data };

    private void AssertUnpatched(string library, string because)
    {
        if (!_systemLacksVersion)
        {
            return;
        }

        using var stream = File.OpenRead(library);
        Assert.That(ElfVersionPatcher.Analyze(stream, Libstdcxx, _available, out _).Outcome, Is.EqualTo(ElfPatchOutcome.Patched),
            because + ": it still requires " + Missing + " strictly");
    }

    private void AssertMappedTheCachedCopy(string output)
    {
        var cache = Path.Combine(_data, "genomics", "native");
        var mapped = output.Split('\n').Where(l => l.StartsWith("mapped ", StringComparison.Ordinal)).Select(l => l["mapped ".Length..].Trim()).ToList();
        if (!_systemLacksVersion)
        {
            Assert.That(Directory.Exists(cache), Is.False, "the system libstdc++ has every version, so nothing is copied");
            return;
        }

        var copies = Directory.GetFiles(cache, NativeFile, SearchOption.AllDirectories);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copies, Has.Length.EqualTo(1), "one patched copy in the per-user cache");
            Assert.That(mapped, Is.EqualTo(copies), "the process runs on the patched copy");
            Assert.That(Directory.GetFiles(cache, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
        }
    }
}

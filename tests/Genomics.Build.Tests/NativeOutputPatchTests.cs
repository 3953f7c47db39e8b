using System.Runtime.InteropServices;
using NUnit.Framework;
using TorchSharp;
using static Genomics.Build.Tests.ElfSamples;

namespace Genomics.Build.Tests;

/// <summary>
/// Checks what the build step (build/GenomicsNativePatch.targets) did to this project's own output: the project
/// references TorchSharp-cpu, so its output folder holds a copy of libLibTorchSharp.so that the step examined.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeOutputPatchTests
{
    /// <summary>The TorchSharp-cpu version in Directory.Packages.props.</summary>
    private const string TorchSharpVersion = "0.107.0";
    private const string NativeLibrary = "runtimes/linux-x64/native/libLibTorchSharp.so";

    private HashSet<string> _available = [];
    private string _outputCopy = string.Empty;
    private string _cacheCopy = string.Empty;

    [OneTimeSetUp]
    public void LocateLibraries()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("The build step patches native libraries on Linux; these checks read the linux-x64 TorchSharp library.");
        }

        string? system = ElfVersionPatcher.FindSystemLibrary(Libstdcxx);
        if (system == null)
        {
            Assert.Ignore("No system " + Libstdcxx + " was found, so the build step had nothing to compare against.");
        }

        _available = ElfVersionPatcher.ReadDefinedVersions(system);
        _outputCopy = Path.Combine(TestContext.CurrentContext.TestDirectory, NativeLibrary);
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        _cacheCopy = Path.Combine(packages, "torchsharp", TorchSharpVersion, NativeLibrary);
        Assert.That(_outputCopy, Does.Exist, "the build copies TorchSharp-cpu's native library to the output folder");
        if (!File.Exists(_cacheCopy))
        {
            Assert.Ignore("The NuGet cache copy " + _cacheCopy + " is absent (another global packages folder?).");
        }
    }

    [Test]
    public void OutputCopy_SystemLacksGlibcxx3432_IsMarkedWeakWhileTheCacheCopyIsNot()
    {
        if (_available.Contains(Missing))
        {
            Assert.Ignore("The system " + Libstdcxx + " defines " + Missing + ", so the build step has nothing to mark here.");
        }

        ElfPatchReport cache = Analyze(_cacheCopy, out List<ElfVersionNeed> cacheNeeds);
        ElfPatchReport output = Analyze(_outputCopy, out _);
        byte[] cacheBytes = File.ReadAllBytes(_cacheCopy);
        byte[] outputBytes = File.ReadAllBytes(_outputCopy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cache.Outcome, Is.EqualTo(ElfPatchOutcome.Patched), "the cache copy still needs the version strictly");
            Assert.That(cache.MissingVersions, Does.Contain(Missing));
            Assert.That(output.Outcome, Is.EqualTo(ElfPatchOutcome.AlreadyWeak), "the output copy was marked by the build");
            Assert.That(output.MissingVersions, Is.EqualTo(cache.MissingVersions));
            Assert.That(ChangedOffsets(cacheBytes, outputBytes), Is.EqualTo(cacheNeeds.ConvertAll(n => n.FlagsOffset)),
                "the copies differ only in the vna_flags of the missing versions");
        }
    }

    [Test]
    public void OutputCopy_SystemHasEveryVersion_IsIdenticalToTheCacheCopy()
    {
        if (!_available.Contains(Missing))
        {
            Assert.Ignore("The system " + Libstdcxx + " lacks " + Missing + " (Debian 12 stops at GLIBCXX_3.4.30); the weak-marking check covers it.");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Analyze(_outputCopy, out _).Outcome, Is.EqualTo(ElfPatchOutcome.NothingMissing));
            Assert.That(File.ReadAllBytes(_outputCopy), Is.EqualTo(File.ReadAllBytes(_cacheCopy)));
        }
    }

    [Test]
    public void OutputCopy_LoadsAndComputes()
    {
        torch.set_num_threads(1);
        using torch.Tensor ones = torch.ones(3);
        using torch.Tensor sum = ones.sum();

        Assert.That(sum.item<float>(), Is.EqualTo(3f));
    }

    private ElfPatchReport Analyze(string path, out List<ElfVersionNeed> toPatch)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ElfVersionPatcher.Analyze(stream, Libstdcxx, _available, out toPatch);
    }
}

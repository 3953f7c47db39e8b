using System.Runtime.InteropServices;
using Genomics.Build;
using Genomics.Models.Runtime;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.Runtime;

/// <summary>
/// The per-user cache of the load-time repair, on TorchSharp's own libLibTorchSharp.so from the NuGet cache (which
/// requires GLIBCXX_3.4.32 strictly). The versions offered are taken from the library itself, so the checks do not
/// depend on this machine's libstdc++; the end-to-end hosts are covered in Genomics.Build.Tests.
/// </summary>
public sealed class NativeLibraryRepairTests
{
    private const string Missing = "GLIBCXX_3.4.32";

    private string _original = string.Empty;
    private HashSet<string> _needed = [];

    [OneTimeSetUp]
    public void LocateTheShippedLibrary()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("The load-time repair concerns linux-x64 TorchSharp libraries.");
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        _original = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", NativeLibraryRepair.NativeFileName);
        if (!File.Exists(_original))
        {
            Assert.Ignore("TorchSharp's package copy " + _original + " is absent (another global packages folder?).");
        }

        using var stream = File.OpenRead(_original);
        _needed = [.. ElfVersionPatcher.Analyze(stream, NativeLibraryRepair.Libstdcxx, new HashSet<string>(), out _).MissingVersions];
        Assert.That(_needed, Does.Contain(Missing), "the shipped library requires the version this repair is about");
    }

    [Test]
    public void PrepareCopy_VersionMissing_WritesAWeakCopyAndLeavesTheOriginal()
    {
        using var scratch = new ScratchFolder();
        var before = File.ReadAllBytes(_original);

        var copy = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.Root, out var report);

        Assert.That(copy, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(report.MissingVersions, Is.EqualTo(new[] { Missing }));
            Assert.That(Path.GetFileName(copy), Is.EqualTo(NativeLibraryRepair.NativeFileName), "the copy keeps the name the loader expects");
            Assert.That(Path.GetDirectoryName(Path.GetDirectoryName(copy)), Is.EqualTo(scratch.Root));
            Assert.That(Analyze(copy!, Without(Missing)), Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
            Assert.That(File.ReadAllBytes(_original), Is.EqualTo(before), "the original is never changed");
            Assert.That(Directory.GetFiles(scratch.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        }
    }

    [Test]
    public void PrepareCopy_CalledAgain_ReusesTheCopy()
    {
        using var scratch = new ScratchFolder();
        var first = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.Root, out _)!;
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, written);

        var second = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.Root, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(File.GetLastWriteTimeUtc(first), Is.EqualTo(written), "an intact copy is not rewritten");
        }
    }

    [Test]
    public void PrepareCopy_DamagedCopy_IsReplaced()
    {
        using var scratch = new ScratchFolder();
        var copy = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.Root, out _)!;
        File.WriteAllBytes(copy, [1, 2, 3]);

        var again = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.Root, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(copy));
            Assert.That(new FileInfo(copy).Length, Is.EqualTo(new FileInfo(_original).Length));
            Assert.That(Analyze(copy, Without(Missing)), Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
        }
    }

    [Test]
    public void PrepareCopy_EveryVersionAvailable_WritesNothing()
    {
        using var scratch = new ScratchFolder();
        var cache = scratch.PathOf("cache");

        var copy = NativeLibraryRepair.PrepareCopy(_original, _needed, cache, out var report);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy, Is.Null);
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.NothingMissing));
            Assert.That(Directory.Exists(cache), Is.False);
        }
    }

    [Test]
    public void PrepareCopy_ConcurrentCallers_ShareOneIntactCopy()
    {
        using var scratch = new ScratchFolder();
        var expected = File.ReadAllBytes(NativeLibraryRepair.PrepareCopy(_original, Without(Missing), scratch.PathOf("reference"), out _)!);
        var cache = scratch.PathOf("cache");
        var paths = new string?[6];

        Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = paths.Length },
            i => paths[i] = NativeLibraryRepair.PrepareCopy(_original, Without(Missing), cache, out _));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paths.Distinct().Count(), Is.EqualTo(1));
            Assert.That(File.ReadAllBytes(paths[0]!), Is.EqualTo(expected));
            Assert.That(Directory.GetFiles(cache, "*", SearchOption.AllDirectories), Has.Length.EqualTo(1), "no temporary file is left");
        }
    }

    [Test]
    public void Repair_InThisRepositorysBuild_LeavesTheOutputCopyToLoadAsItIs()
    {
        // The build step patched this test project's output, so the repair finds nothing to do (or TorchSharp had
        // already loaded it before the library's first use in this process).
        TorchRuntime.EnsureAvailable();
        var result = NativeLibraryRepair.Result;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.AnyOf(NativeRepairOutcome.NotNeeded, NativeRepairOutcome.AlreadyLoaded));
            Assert.That(result.Copy, Is.Null);
        }
    }

    private HashSet<string> Without(params string[] versions) => [.. _needed.Except(versions, StringComparer.Ordinal)];

    private static ElfPatchOutcome Analyze(string path, ICollection<string> available)
    {
        using var stream = File.OpenRead(path);
        return ElfVersionPatcher.Analyze(stream, NativeLibraryRepair.Libstdcxx, available, out _).Outcome;
    }
}

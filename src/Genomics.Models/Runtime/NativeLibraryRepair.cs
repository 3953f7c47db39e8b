using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Genomics.Build;
using TorchSharp;

namespace Genomics.Models.Runtime;

/// <summary>What <see cref="NativeLibraryRepair"/> did in this process.</summary>
internal enum NativeRepairOutcome
{
    /// <summary>Not Linux, or the repair has not run.</summary>
    NotApplicable,

    /// <summary>No copy of TorchSharp's native library was found where TorchSharp looks for it.</summary>
    NotFound,

    /// <summary>The library loads as it is: the process's libstdc++ defines every version it needs, or it was patched at build time.</summary>
    NotNeeded,

    /// <summary>TorchSharp's native library was already loaded in this process before the library's first use.</summary>
    AlreadyLoaded,

    /// <summary>A relocation uses a symbol of a missing version, so no patched copy can be made; the loader will refuse the library.</summary>
    Refused,

    /// <summary>A patched copy from the per-user cache is loaded; TorchSharp's later load by name resolves to it.</summary>
    Loaded,

    /// <summary>The repair was needed but failed; <see cref="NativeRepairResult.Detail"/> says why.</summary>
    Failed,
}

/// <summary>The outcome of the load-time repair, with the files involved.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Original">The native library TorchSharp would load, when found.</param>
/// <param name="Copy">The patched copy in the per-user cache, when one was made or reused.</param>
/// <param name="Detail">Why the repair failed or was refused, or null.</param>
internal sealed record NativeRepairResult(NativeRepairOutcome Outcome, string? Original = null, string? Copy = null, string? Detail = null);

/// <summary>
/// Makes TorchSharp's prebuilt native library load in every host of this library — applications built outside this
/// repository, project references, F# scripts and notebooks — where the process's libstdc++ lacks a version that the
/// library asks for but uses no symbol of (TorchSharp-cpu 0.107 on Debian 12; docs/decisions/native-libstdcxx.md).
/// </summary>
/// <remarks>
/// The build step (build/GenomicsNativePatch.targets) patches native libraries in build outputs inside this
/// repository and in applications that take the library as a package; this repair covers every other host. When the
/// library's module is first used, before TorchSharp loads its native backend (TorchSharp does so in its static
/// constructor), it finds the libLibTorchSharp.so TorchSharp would load, and when that file needs a libstdc++ version
/// the process's libstdc++ lacks it: copies it into a per-user cache folder named after the file's hash and the
/// missing versions (written to a temporary name and renamed, so concurrent processes never see a partial file), marks
/// the missing versions weak in the copy, loads libc10, libtorch_cpu and libtorch by full path from the original
/// folder (the copy's $ORIGIN search path no longer reaches them), and loads the copy. glibc matches later loads by
/// name to an already loaded library with that SONAME, so TorchSharp's own load of "LibTorchSharp" gets the copy.
/// It writes nothing where the library loads as it is, and never throws: a failure is recorded in
/// <see cref="Result"/> and surfaces in <see cref="TorchRuntime"/>'s diagnosis when the load then fails.
/// </remarks>
internal static class NativeLibraryRepair
{
    /// <summary>The needed library whose versions are checked.</summary>
    internal const string Libstdcxx = "libstdc++.so.6";

    /// <summary>TorchSharp's native library on Linux.</summary>
    internal const string NativeFileName = "libLibTorchSharp.so";

    /// <summary>libtorch's libraries that TorchSharp's native library needs, in the order they depend on each other.</summary>
    internal static readonly IReadOnlyList<string> LibTorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>What the repair did in this process.</summary>
    internal static NativeRepairResult Result { get; private set; } = new(NativeRepairOutcome.NotApplicable);

    /// <summary>Runs the repair once, when the module is first used.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "TorchSharp loads its native library in its own static constructor, so the repair must precede any use of TorchSharp through this library, in whatever host loaded it.")]
    internal static void Initialize()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            Result = Run();
        }
#pragma warning disable CA1031 // A module initializer that throws makes the whole library unusable; the failure is reported by TorchRuntime instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Result = new NativeRepairResult(NativeRepairOutcome.Failed, Detail: ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>The per-user cache root: <c>$XDG_DATA_HOME/genomics/native</c> (by default <c>~/.local/share/genomics/native</c>).</summary>
    internal static string CacheRoot
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Path.GetTempPath(), "genomics-" + Environment.UserName);
            }

            return Path.Combine(root, "genomics", "native");
        }
    }

    private static NativeRepairResult Run()
    {
        var loaded = LoadedLibraries();
        if (loaded.Any(p => Path.GetFileName(p) == NativeFileName))
        {
            return new NativeRepairResult(NativeRepairOutcome.AlreadyLoaded);
        }

        var torchDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (string.IsNullOrEmpty(torchDirectory))
        {
            return new NativeRepairResult(NativeRepairOutcome.NotFound);
        }

        var searchDirectories = NativeSearchDirectories();
        var original = NativeCandidates(torchDirectory, searchDirectories).FirstOrDefault(File.Exists);
        if (original is null)
        {
            return new NativeRepairResult(NativeRepairOutcome.NotFound);
        }

        var libstdcxx = loaded.FirstOrDefault(p => Path.GetFileName(p).StartsWith(Libstdcxx, StringComparison.Ordinal))
                        ?? ElfVersionPatcher.FindSystemLibrary(Libstdcxx);
        if (libstdcxx is null)
        {
            return new NativeRepairResult(NativeRepairOutcome.NotNeeded, original);
        }

        var available = ElfVersionPatcher.ReadDefinedVersions(libstdcxx);
        var copy = PrepareCopy(original, available, CacheRoot, out var report);
        switch (report.Outcome)
        {
            case ElfPatchOutcome.Refused:
                return new NativeRepairResult(NativeRepairOutcome.Refused, original, Detail:
                    $"{original} uses symbols of {string.Join(", ", report.RefusedVersions)} of {Libstdcxx}, which {libstdcxx} does not define.");
            case ElfPatchOutcome.Patched:
                break;
            default:
                return new NativeRepairResult(NativeRepairOutcome.NotNeeded, original);
        }

        var libTorchDirectory = LibTorchDirectory(original, torchDirectory, searchDirectories);
        if (libTorchDirectory is null)
        {
            return new NativeRepairResult(NativeRepairOutcome.Failed, original, copy,
                $"libtorch ({LibTorchFiles[^1]}) was found neither beside {original} nor in a libtorch-cpu package folder.");
        }

        foreach (var file in LibTorchFiles)
        {
            var path = Path.Combine(libTorchDirectory, file);
            if (File.Exists(path))
            {
                NativeLibrary.Load(path);
            }
        }

        NativeLibrary.Load(copy!);
        return new NativeRepairResult(NativeRepairOutcome.Loaded, original, copy);
    }

    /// <summary>
    /// Decides whether <paramref name="original"/> needs versions of libstdc++ that <paramref name="available"/> lacks
    /// and, when it does and the patch is safe, returns the path of a patched copy under <paramref name="cacheRoot"/>,
    /// making it unless an intact one is already there. The original is never changed.
    /// </summary>
    /// <param name="original">The native library as TorchSharp would load it.</param>
    /// <param name="available">The versions the process's libstdc++ defines.</param>
    /// <param name="cacheRoot">The cache root; the copy goes into a folder named after the original's content and the missing versions.</param>
    /// <param name="report">The analysis of the original.</param>
    /// <returns>The patched copy's path when <paramref name="report"/> says <see cref="ElfPatchOutcome.Patched"/>; otherwise null.</returns>
    /// <exception cref="IOException">The original cannot be read or the copy cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The cache folder is not writable.</exception>
    internal static string? PrepareCopy(string original, ICollection<string> available, string cacheRoot, out ElfPatchReport report)
    {
        // The analysis reads only the headers and version sections; the whole file is read when a copy is needed.
        using (var stream = new FileStream(original, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            report = ElfVersionPatcher.Analyze(stream, Libstdcxx, available, out _);
        }

        if (report.Outcome != ElfPatchOutcome.Patched)
        {
            return null;
        }

        var image = File.ReadAllBytes(original);
        var hash = SHA256.HashData(image);
        report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, available);
        if (report.Outcome != ElfPatchOutcome.Patched)
        {
            return null;
        }

        var missing = string.Join("\n", report.MissingVersions.Order(StringComparer.Ordinal));
        var key = SHA256.HashData([.. hash, .. System.Text.Encoding.UTF8.GetBytes("\n" + missing)]);
        var folder = Path.Combine(cacheRoot, Convert.ToHexStringLower(key, 0, 16));
        var copy = Path.Combine(folder, Path.GetFileName(original));
        if (IsIntactCopy(copy, image))
        {
            return copy;
        }

        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(original)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(image);
                stream.Flush(flushToDisk: true);
            }

            // Concurrent processes write identical bytes; the rename replaces the file atomically, and a process that
            // has already mapped the previous one keeps its own inode.
            File.Move(temp, copy, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return copy;
    }

    private static bool IsIntactCopy(string copy, byte[] patched)
    {
        try
        {
            var info = new FileInfo(copy);
            return info.Exists && info.Length == patched.Length && File.ReadAllBytes(copy).AsSpan().SequenceEqual(patched);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Where TorchSharp looks for its native library, in the order it tries them, then where a package holds it.</summary>
    /// <param name="torchDirectory">The folder of TorchSharp.dll.</param>
    /// <param name="searchDirectories">The host's native search folders.</param>
    /// <returns>Candidate paths of libLibTorchSharp.so.</returns>
    internal static IEnumerable<string> NativeCandidates(string torchDirectory, IEnumerable<string> searchDirectories)
    {
        // An application's output (flat or runtimes/<rid>/native, as its deps.json says), TorchSharp's own
        // consolidation folder, then TorchSharp's package folder (TorchSharp.dll in lib/<tfm>/ of the NuGet cache).
        yield return Path.Combine(torchDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", NativeFileName);
        yield return Path.Combine(torchDirectory, NativeFileName);
        foreach (var directory in searchDirectories)
        {
            yield return Path.Combine(directory, NativeFileName);
        }

        yield return Path.Combine(torchDirectory, "cpu", NativeFileName);
        yield return Path.GetFullPath(Path.Combine(torchDirectory, "..", "..", "runtimes", RuntimeInformation.RuntimeIdentifier, "native", NativeFileName));
    }

    /// <summary>
    /// The folder holding libtorch for <paramref name="original"/>: its own folder in an application's output, else one
    /// of the host's native search folders, else the libtorch-cpu package beside TorchSharp's package in the NuGet cache.
    /// </summary>
    private static string? LibTorchDirectory(string original, string torchDirectory, IEnumerable<string> searchDirectories)
    {
        var libtorch = LibTorchFiles[^1];
        var beside = Path.GetDirectoryName(original)!;
        if (File.Exists(Path.Combine(beside, libtorch)))
        {
            return beside;
        }

        foreach (var directory in searchDirectories.Append(Path.Combine(torchDirectory, "cpu")))
        {
            if (File.Exists(Path.Combine(directory, libtorch)))
            {
                return directory;
            }
        }

        // NuGet cache: <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll beside <packages>/libtorch-cpu-<rid>/<version>/.
        var rid = RuntimeInformation.RuntimeIdentifier;
        var package = new DirectoryInfo(Path.Combine(torchDirectory, "..", "..", "..", "..", "libtorch-cpu-" + rid));
        if (!package.Exists)
        {
            return null;
        }

        return package.EnumerateDirectories()
            .Select(d => (Version: Version.TryParse(d.Name.Split('-')[0], out var v) ? v : null, Native: Path.Combine(d.FullName, "runtimes", rid, "native")))
            .Where(c => c.Version is not null && File.Exists(Path.Combine(c.Native, libtorch)))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Native)
            .FirstOrDefault();
    }

    private static List<string> NativeSearchDirectories() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

    /// <summary>The files of the shared libraries mapped into this process (from /proc/self/maps).</summary>
    private static List<string> LoadedLibraries()
    {
        var result = new List<string>();
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return result;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf(" /", StringComparison.Ordinal);
            if (slash >= 0 && line.Contains(".so", StringComparison.Ordinal))
            {
                var path = line[(slash + 1)..].Trim();
                if (!result.Contains(path))
                {
                    result.Add(path);
                }
            }
        }

        return result;
    }
}

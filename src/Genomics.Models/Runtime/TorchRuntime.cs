using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Genomics.Models.Runtime;

/// <summary>
/// Checks once per process that TorchSharp's native runtime loads, and when it does not, explains the actual cause
/// (TorchSharp's own message blames a missing package reference even when the loader failed for another reason).
/// </summary>
public static partial class TorchRuntime
{
    private static readonly Lazy<TorchRuntimeException?> s_failure = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when a tensor can be created.</summary>
    public static bool IsAvailable => s_failure.Value is null;

    /// <summary>Throws a <see cref="TorchRuntimeException"/> with a diagnosis when the native runtime cannot be loaded.</summary>
    /// <exception cref="TorchRuntimeException">The native runtime failed to load; the message says why and how to fix it.</exception>
    public static void EnsureAvailable()
    {
        if (s_failure.Value is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Whether libtorch may use its oneDNN (MKL-DNN) CPU kernels, or null where this cannot be controlled
    /// (platforms other than Linux x64). Off by default once the library has loaded libtorch; change it with
    /// <see cref="SetOneDnnEnabled"/> after checking it with <see cref="CheckOneDnn"/>.
    /// </summary>
    /// <remarks>
    /// On this project's x86-64 virtual machines (AMD EPYC, AVX-512) the oneDNN convolutions of libtorch 2.10 return
    /// wrong results: the input gradient of a convolution whose channel count is not a multiple of the vector width
    /// (minibatch of 2 or more) comes from a JIT kernel that leaves part of its output unwritten — wrong values, and NaN
    /// where the unwritten memory held NaN — and some large forward convolutions are off by tens (docs/decisions/onednn.md).
    /// libtorch's native kernels are exact there, so the library switches oneDNN off when it first loads libtorch.
    /// Changing it changes a process-wide libtorch setting; do so before training, not while another thread computes.
    /// </remarks>
    /// <exception cref="TorchRuntimeException">The native runtime cannot be loaded.</exception>
    public static bool? OneDnnEnabled
    {
        get
        {
            EnsureAvailable();
            return NativeBackendSettings.GetOneDnn();
        }
    }

    /// <summary>Allows or forbids libtorch's oneDNN (MKL-DNN) CPU kernels for the whole process (see <see cref="OneDnnEnabled"/>).</summary>
    /// <param name="enabled">True to let libtorch use oneDNN again.</param>
    /// <exception cref="TorchRuntimeException">The native runtime cannot be loaded.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux x64, where the switch cannot be reached.</exception>
    public static void SetOneDnnEnabled(bool enabled)
    {
        EnsureAvailable();
        if (!NativeBackendSettings.SetOneDnn(enabled))
        {
            throw new PlatformNotSupportedException("libtorch's oneDNN switch can only be set on Linux x64.");
        }
    }

    /// <summary>
    /// Whether the library has set glibc's allocator to keep freed memory for reuse instead of unmapping every large
    /// block (done when it first loads libtorch on Linux; set the environment variable
    /// <c>GENOMICS_RETAIN_FREED_MEMORY=0</c> before start-up to leave the allocator alone). Large tensors are then
    /// reused rather than page-faulted in afresh for every batch, which roughly halves the time of a convolutional
    /// model's forward pass on the machines measured (docs/decisions/onednn.md); the process keeps its peak memory.
    /// </summary>
    public static bool RetainsFreedMemory
    {
        get
        {
            EnsureAvailable();
            return NativeAllocator.Retaining;
        }
    }

    /// <summary>The environment variable that, set to <c>libtorch</c>, sends the convolutions' matrix products to libtorch.</summary>
    public const string MatrixProductsVariable = "GENOMICS_MATRIX_PRODUCTS";

    private static volatile bool s_ownMatrixProducts = !string.Equals(Environment.GetEnvironmentVariable(MatrixProductsVariable), "libtorch", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the convolutions' float32 CPU matrix products run on the library's own AVX-512 register tiles (where the
    /// processor has AVX-512) instead of libtorch's bundled BLAS, which leaves AVX-512 unused on AMD processors and
    /// reaches about half their rate (docs/decisions/matrix-products.md). True unless the environment variable
    /// <c>GENOMICS_MATRIX_PRODUCTS=libtorch</c> was set at start-up; both give the same results up to float32 rounding.
    /// Set it before computing, not while another thread computes.
    /// </summary>
    public static bool UseOwnMatrixProducts
    {
        get => s_ownMatrixProducts;
        set => s_ownMatrixProducts = value;
    }

    /// <summary>Whether this processor can run the library's own matrix-product tiles (AVX-512).</summary>
    public static bool OwnMatrixProductsSupported => Layers.MatrixProduct.IsSupported;

    /// <summary>
    /// Checks whether libtorch's oneDNN convolutions agree with exact (float64, native) results on this machine: runs a
    /// few float32 convolutions forward and backward with oneDNN on, on the shapes that expose the known wrong results,
    /// and compares every output and gradient. Takes well under a second; leaves the oneDNN setting as it was.
    /// </summary>
    /// <returns>The outcome; <see cref="OneDnnCheck.Passed"/> says whether enabling oneDNN is safe here for such layers.</returns>
    /// <exception cref="TorchRuntimeException">The native runtime cannot be loaded.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux x64, where the switch cannot be reached.</exception>
    public static OneDnnCheck CheckOneDnn()
    {
        EnsureAvailable();
        if (NativeBackendSettings.GetOneDnn() is null)
        {
            throw new PlatformNotSupportedException("libtorch's oneDNN switch can only be set on Linux x64.");
        }

        return OneDnnSelfTest.Run();
    }

    /// <summary>
    /// Switches oneDNN on only when <see cref="CheckOneDnn"/> passes on this machine; otherwise leaves it off.
    /// </summary>
    /// <returns>The check's outcome (oneDNN is on afterwards exactly when it passed).</returns>
    /// <exception cref="TorchRuntimeException">The native runtime cannot be loaded.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux x64, where the switch cannot be reached.</exception>
    public static OneDnnCheck EnableOneDnnIfCorrect()
    {
        var check = CheckOneDnn();
        SetOneDnnEnabled(check.Passed);
        return check;
    }

    private static TorchRuntimeException? Probe()
    {
        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        try
        {
            PreloadFromRuntimesFolder(directory);
            NativeAllocator.RetainFreedMemory();
            using var probe = torch.zeros(1);
            var native = NativeCandidates(directory).FirstOrDefault(File.Exists);
            if (native is not null && NativeBackendSettings.Bind(Path.GetDirectoryName(native)!))
            {
                NativeBackendSettings.QuietUnavailableNnpack();
                NativeBackendSettings.SetOneDnn(false);
            }

            return null;
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            var candidates = NativeCandidates(directory).Where(File.Exists).ToList();
            string? loaderError = null;
            string? loaded = null;
            foreach (var candidate in candidates)
            {
                loaded = candidate;
                loaderError = TryLoad(candidate);
                if (loaderError is not null)
                {
                    break;
                }
            }

            var libTorchPresent = candidates.Any(c => File.Exists(Path.Combine(Path.GetDirectoryName(c)!, LibTorchFileName())));
            var repair = NativeLibraryRepair.Result;
            var repairDetail = repair.Outcome switch
            {
                NativeRepairOutcome.Loaded => $"the patched copy {repair.Copy} is loaded, but TorchSharp had tried to load its native library before this library was first used, and that failure lasts for the process.",
                NativeRepairOutcome.AlreadyLoaded => "TorchSharp's native library was already loaded before this library was first used.",
                _ => repair.Detail,
            };
            return new TorchRuntimeException(Diagnose(directory, loaded, loaderError, libTorchPresent, repairDetail), ex);
        }
    }

    /// <summary>Composes the diagnosis from what was found on disk and what the system loader said.</summary>
    /// <param name="directory">Where TorchSharp.dll lives.</param>
    /// <param name="nativeLibrary">The native TorchSharp library found, or null.</param>
    /// <param name="loaderError">The loader's message for it, or null when it loaded.</param>
    /// <param name="libTorchPresent">Whether libtorch itself sits beside it.</param>
    /// <param name="repairDetail">Why the load-time repair (<see cref="NativeLibraryRepair"/>) failed or was refused, or null.</param>
    /// <returns>A message saying what is wrong and how to fix it.</returns>
    internal static string Diagnose(string directory, string? nativeLibrary, string? loaderError, bool libTorchPresent, string? repairDetail = null)
    {
        if (nativeLibrary is null || !libTorchPresent)
        {
            return $"TorchSharp's native libraries were not found beside {directory}. The application project must reference a native bundle package: TorchSharp-cpu for the CPU, or a TorchSharp CUDA bundle for NVIDIA GPUs (libraries reference only the managed TorchSharp package).";
        }

        if (loaderError is null)
        {
            return $"TorchSharp's native library {nativeLibrary} loads, but TorchSharp failed to initialise it; see the inner exception.";
        }

        var missing = MissingVersionPattern().Match(loaderError);
        if (missing.Success)
        {
            var version = missing.Groups["version"].Value;
            var library = missing.Groups["library"].Success ? Path.GetFileName(missing.Groups["library"].Value) : "a system library";
            return $"The system loader refused {nativeLibrary}: it requires version {version} of {library}, which this system's copy does not define ({loaderError.Trim()}). " +
                   "Genomics marks such version requirements as weak when no symbol of that version is used: in build outputs (build/GenomicsNativePatch.targets, switched by GenomicsPatchNativeLibraries) and, in any other host, in a patched copy under " + NativeLibraryRepair.CacheRoot + " that it loads when the library is first used" +
                   (repairDetail is null ? "; neither applied here." : "; the load-time copy failed: " + repairDetail) +
                   " Use the library (for example TorchRuntime.EnsureAvailable()) before TorchSharp itself, or install a libstdc++ that provides " + version + " (GCC 13 or later runtime) and make it visible through LD_LIBRARY_PATH.";
        }

        return $"The system loader refused {nativeLibrary}: {loaderError.Trim()}";
    }

    /// <summary>
    /// Hosts without the application's dependency manifest (F# scripts and notebooks, plug-in loaders) do not look in
    /// runtimes/&lt;rid&gt;/native, and TorchSharp's own fallback copies unpatched libraries from the package cache. Loading
    /// the copy beside the assemblies first makes the later by-name load resolve to it.
    /// </summary>
    private static void PreloadFromRuntimesFolder(string directory)
    {
        var file = NativeFileName();
        var runtimes = Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file);
        if (!File.Exists(Path.Combine(directory, file)) && File.Exists(runtimes))
        {
            NativeLibrary.TryLoad(runtimes, out _);
        }
    }

    private static IEnumerable<string> NativeCandidates(string directory)
    {
        var file = NativeFileName();
        yield return Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file);
        yield return Path.Combine(directory, file);
        yield return Path.Combine(directory, "cpu", file);
    }

    private static string NativeFileName() =>
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    private static string LibTorchFileName() =>
        OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    private static string? TryLoad(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }
        catch (BadImageFormatException ex)
        {
            return ex.Message;
        }
    }

    [GeneratedRegex(@"(?:(?<library>[^\s:]+\.so[.\d]*): )?version [`'](?<version>[A-Za-z]+_[0-9.]+)' not found", RegexOptions.CultureInvariant)]
    private static partial Regex MissingVersionPattern();
}

using System.Runtime.InteropServices;

namespace Genomics.Models.Runtime;

/// <summary>
/// glibc allocator settings for tensor work (docs/decisions/onednn.md, "Memory"). glibc serves every allocation above
/// its mmap threshold (128 KB, growing to at most 32 MB) with a fresh mapping and unmaps it on free, so each large
/// activation or gradient tensor of every batch is page-faulted in again — on the virtual machines measured here that
/// took more time than the arithmetic. Keeping freed memory in the heap for reuse (no mmap for allocations, no trimming
/// of the heap's top) removes that cost; the process then keeps its peak memory instead of returning it between batches.
/// </summary>
internal static partial class NativeAllocator
{
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MmapMax = -4;         // M_MMAP_MAX

    /// <summary>The environment variable that, set to 0, leaves glibc's allocator settings alone.</summary>
    public const string OptOutVariable = "GENOMICS_RETAIN_FREED_MEMORY";

    /// <summary>True once <see cref="RetainFreedMemory"/> has changed the settings in this process.</summary>
    public static bool Retaining { get; private set; }

    /// <summary>Applies the settings on Linux with glibc unless <see cref="OptOutVariable"/> is 0; elsewhere does nothing.</summary>
    /// <returns>True when the settings were applied.</returns>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "0")
        {
            return false;
        }

        try
        {
            Retaining = Mallopt(MmapMax, 0) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            Retaining = false;   // not glibc (e.g. musl): nothing to tune
        }
        catch (DllNotFoundException)
        {
            Retaining = false;
        }

        return Retaining;
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}

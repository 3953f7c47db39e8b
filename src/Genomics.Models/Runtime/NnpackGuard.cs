using System.Runtime.InteropServices;

namespace Genomics.Models.Runtime;

/// <summary>
/// Switches libtorch's NNPACK convolution backend off when NNPACK cannot initialise on this CPU.
/// </summary>
/// <remarks>
/// libtorch asks NNPACK to initialise on every convolution and, where NNPACK reports unsupported hardware (seen on
/// virtual machines), logs "Could not initialize NNPACK! Reason: Unsupported hardware." each time — thousands of
/// lines in a training run — while falling back to its own kernels. TorchSharp exposes no switch for it, so this
/// guard calls libtorch's own exported functions once: <c>at::native::_nnpack_available()</c> (one warning line at
/// most), and when NNPACK is unavailable, <c>at::Context::setUserEnabledNNPACK(false)</c>, which is what PyTorch's
/// <c>torch.backends.nnpack.set_flags(False)</c> does. Results do not change (NNPACK was not usable anyway). Only on
/// Linux x64, where the Itanium C++ names are known; anywhere else, or if a symbol is missing, it does nothing.
/// </remarks>
internal static class NnpackGuard
{
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetUserEnabled = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private const string Available = "_ZN2at6native17_nnpack_availableEv";

    /// <summary>Applies the guard; returns true when NNPACK was switched off.</summary>
    /// <param name="nativeDirectory">The folder holding libtorch_cpu.so.</param>
    /// <returns>True when NNPACK was unavailable and has been switched off.</returns>
    public static unsafe bool Apply(string nativeDirectory)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        var path = Path.Combine(nativeDirectory, "libtorch_cpu.so");
        if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out var handle))
        {
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, GlobalContext, out var context) ||
            !NativeLibrary.TryGetExport(handle, SetUserEnabled, out var setEnabled) ||
            !NativeLibrary.TryGetExport(handle, Available, out var available))
        {
            return false;
        }

        if (((delegate* unmanaged<byte>)available)() != 0)
        {
            return false;
        }

        var self = ((delegate* unmanaged<nint>)context)();
        ((delegate* unmanaged<nint, byte, void>)setEnabled)(self, 0);
        return true;
    }
}

using System.Runtime.InteropServices;

namespace Genomics.Models.Runtime;

/// <summary>
/// Process-wide libtorch CPU backend switches that TorchSharp does not expose, set through libtorch's own exported
/// <c>at::Context</c> setters (what PyTorch's <c>torch.backends.nnpack.set_flags</c> and
/// <c>torch.backends.mkldnn.enabled</c> do).
/// </summary>
/// <remarks>
/// Only on Linux x64, where the Itanium C++ names of these functions are known; elsewhere, or if a symbol is missing,
/// every method reports that it did nothing.
/// </remarks>
internal static class NativeBackendSettings
{
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private const string NnpackAvailable = "_ZN2at6native17_nnpack_availableEv";
    private const string SetMkldnn = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string GetMkldnn = "_ZNK2at7Context17userEnabledMkldnnEv";

    private static nint s_library;

    /// <summary>Binds to libtorch_cpu in <paramref name="nativeDirectory"/>; false when not possible here.</summary>
    /// <param name="nativeDirectory">The folder holding libtorch_cpu.so.</param>
    /// <returns>True when the settings can be changed.</returns>
    public static bool Bind(string nativeDirectory)
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

        s_library = handle;
        return true;
    }

    /// <summary>
    /// Switches NNPACK off when it cannot initialise on this CPU. libtorch asks NNPACK to initialise on every
    /// convolution and, where it reports unsupported hardware (seen on virtual machines), logs a warning each time
    /// while falling back to its own kernels; results do not change.
    /// </summary>
    /// <returns>True when NNPACK was unavailable and has been switched off.</returns>
    public static unsafe bool QuietUnavailableNnpack()
    {
        if (!TryExport(NnpackAvailable, out var available) || !TryExport(SetNnpack, out var set) || !TryContext(out var context))
        {
            return false;
        }

        if (((delegate* unmanaged<byte>)available)() != 0)
        {
            return false;
        }

        ((delegate* unmanaged<nint, byte, void>)set)(context, 0);
        return true;
    }

    /// <summary>Whether libtorch may use oneDNN (MKL-DNN) CPU kernels, or null when it cannot be read here.</summary>
    /// <returns>The current setting, or null.</returns>
    public static unsafe bool? GetOneDnn() =>
        TryExport(GetMkldnn, out var get) && TryContext(out var context) ? ((delegate* unmanaged<nint, byte>)get)(context) != 0 : null;

    /// <summary>Allows or forbids libtorch's oneDNN (MKL-DNN) CPU kernels.</summary>
    /// <param name="enabled">The setting.</param>
    /// <returns>True when the setting was applied.</returns>
    public static unsafe bool SetOneDnn(bool enabled)
    {
        if (!TryExport(SetMkldnn, out var set) || !TryContext(out var context))
        {
            return false;
        }

        ((delegate* unmanaged<nint, byte, void>)set)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    private static bool TryExport(string name, out nint address)
    {
        address = 0;
        return s_library != 0 && NativeLibrary.TryGetExport(s_library, name, out address);
    }

    private static unsafe bool TryContext(out nint context)
    {
        context = 0;
        if (!TryExport(GlobalContext, out var get))
        {
            return false;
        }

        context = ((delegate* unmanaged<nint>)get)();
        return context != 0;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>The address of a CPU tensor's first element, for kernels that read and write tensor memory in place.</summary>
internal static unsafe partial class TensorMemory
{
    /// <summary>
    /// The first element of a contiguous float32 CPU tensor (its storage offset included). The address is valid while
    /// the tensor lives and is not resized.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not float32, not on the CPU or not contiguous.</exception>
    public static float* Floats(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException($"Expected a contiguous float32 CPU tensor; got {tensor.dtype} on {tensor.device_type}, contiguous: {tensor.is_contiguous()}.", nameof(tensor));
        }

        return (float*)Data(tensor.Handle);
    }

    /// <summary>The first element of a contiguous uint8 CPU tensor (its storage offset included).</summary>
    /// <exception cref="ArgumentException">The tensor is not uint8, not on the CPU or not contiguous.</exception>
    public static byte* Bytes(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != ScalarType.Byte || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException($"Expected a contiguous uint8 CPU tensor; got {tensor.dtype} on {tensor.device_type}, contiguous: {tensor.is_contiguous()}.", nameof(tensor));
        }

        return (byte*)Data(tensor.Handle);
    }

    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial IntPtr Data(IntPtr handle);
}

using static TorchSharp.torch;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>Bytes per element of the element types PyTorch weight files hold (without creating a tensor).</summary>
internal static class PyTorchElementSizes
{
    public static int Of(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"Element type {type} is not read from PyTorch weight files."),
    };
}

using TorchSharp;

namespace Genomics.Models.Serialization;

/// <summary>
/// The element types a checkpoint can hold and the stable names under which the file records them.
/// </summary>
/// <remarks>
/// The names are PyTorch's (<c>float32</c>, <c>bfloat16</c>, <c>uint8</c>, ...) rather than TorchSharp enum
/// values, so the file does not depend on the numbering of <see cref="torch.ScalarType"/>.
/// </remarks>
internal static class CheckpointDataTypes
{
    private static readonly (torch.ScalarType Type, string Name, int Size)[] s_types =
    [
        (torch.ScalarType.Float32, "float32", 4),
        (torch.ScalarType.Float64, "float64", 8),
        (torch.ScalarType.Float16, "float16", 2),
        (torch.ScalarType.BFloat16, "bfloat16", 2),
        (torch.ScalarType.Int64, "int64", 8),
        (torch.ScalarType.Int32, "int32", 4),
        (torch.ScalarType.Int16, "int16", 2),
        (torch.ScalarType.Int8, "int8", 1),
        (torch.ScalarType.Byte, "uint8", 1),
        (torch.ScalarType.Bool, "bool", 1),
        (torch.ScalarType.ComplexFloat32, "complex64", 8),
        (torch.ScalarType.ComplexFloat64, "complex128", 16),
    ];

    /// <summary>The file name of <paramref name="type"/>, or null when checkpoints cannot hold it.</summary>
    public static string? NameOf(torch.ScalarType type)
    {
        foreach (var entry in s_types)
        {
            if (entry.Type == type)
            {
                return entry.Name;
            }
        }
        return null;
    }

    /// <summary>Looks up a file name; false when the name is unknown.</summary>
    public static bool TryParse(string? name, out torch.ScalarType type, out int elementSize)
    {
        foreach (var entry in s_types)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                type = entry.Type;
                elementSize = entry.Size;
                return true;
            }
        }
        type = default;
        elementSize = 0;
        return false;
    }

    /// <summary>Formats a dtype and shape as <c>float32[4, 3]</c> for messages.</summary>
    public static string Describe(torch.ScalarType type, IReadOnlyList<long> shape) =>
        (NameOf(type) ?? type.ToString()) + "[" + string.Join(", ", shape) + "]";
}

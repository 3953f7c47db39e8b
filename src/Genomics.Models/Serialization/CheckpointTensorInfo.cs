using TorchSharp;

namespace Genomics.Models.Serialization;

/// <summary>One tensor recorded in a checkpoint's manifest.</summary>
/// <param name="Key">The state-dict key (e.g. <c>norm.running_mean</c>).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape; empty for a scalar.</param>
/// <param name="Offset">Byte offset of the tensor's data from the start of the file's data section (a multiple of 64).</param>
/// <param name="Length">Byte length of the tensor's data: element count times element size.</param>
public sealed record CheckpointTensorInfo(
    string Key,
    torch.ScalarType DType,
    IReadOnlyList<long> Shape,
    long Offset,
    long Length)
{
    /// <summary>Formats the entry as <c>key: float32[4, 3]</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Key}: {CheckpointDataTypes.Describe(DType, Shape)}";
}

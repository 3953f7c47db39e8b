using TorchSharp;

namespace Genomics.Models.Serialization;

/// <summary>
/// A state-dict entry present in both a checkpoint and a module whose shape or element type differs.
/// </summary>
/// <param name="Key">The state-dict key (e.g. <c>conv.weight</c>).</param>
/// <param name="CheckpointDType">Element type stored in the checkpoint.</param>
/// <param name="CheckpointShape">Shape stored in the checkpoint.</param>
/// <param name="ModuleDType">Element type of the module's tensor.</param>
/// <param name="ModuleShape">Shape of the module's tensor.</param>
public sealed record CheckpointTensorMismatch(
    string Key,
    torch.ScalarType CheckpointDType,
    IReadOnlyList<long> CheckpointShape,
    torch.ScalarType ModuleDType,
    IReadOnlyList<long> ModuleShape)
{
    /// <summary>Formats the mismatch as <c>key: checkpoint float32[4, 3] vs module float32[4, 5]</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"{Key}: checkpoint {CheckpointDataTypes.Describe(CheckpointDType, CheckpointShape)} "
        + $"vs module {CheckpointDataTypes.Describe(ModuleDType, ModuleShape)}";
}

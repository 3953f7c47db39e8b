using System.Text.Json;
using System.Text.Json.Serialization;

namespace Genomics.Models.Serialization;

/// <summary>The JSON header of a checkpoint file, as written and read.</summary>
internal sealed class CheckpointHeader
{
    /// <summary>The library and TorchSharp versions that wrote the file.</summary>
    public string? Writer { get; set; }

    /// <summary>When the file was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>Full name of the options type, or null when no options were stored.</summary>
    public string? OptionsType { get; set; }

    /// <summary>The options object as JSON, or null.</summary>
    public JsonElement? Options { get; set; }

    /// <summary>Free string metadata.</summary>
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>Length of the data section in bytes (tensor bytes and alignment padding).</summary>
    public long DataLength { get; set; }

    /// <summary>The tensor manifest in state-dict order.</summary>
    public List<CheckpointHeaderTensor>? Tensors { get; set; }
}

/// <summary>One manifest entry of <see cref="CheckpointHeader"/>.</summary>
internal sealed class CheckpointHeaderTensor
{
    /// <summary>State-dict key.</summary>
    public string? Key { get; set; }

    /// <summary>Element type name (see <see cref="CheckpointDataTypes"/>).</summary>
    [JsonPropertyName("dtype")]
    public string? DType { get; set; }

    /// <summary>Tensor shape.</summary>
    public long[]? Shape { get; set; }

    /// <summary>Byte offset from the start of the data section.</summary>
    public long Offset { get; set; }

    /// <summary>Byte length of the tensor's data.</summary>
    public long Length { get; set; }
}

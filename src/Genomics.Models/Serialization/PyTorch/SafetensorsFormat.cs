using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header mapping each tensor name to
/// its dtype, shape and byte range (plus an optional <c>__metadata__</c> object of strings), then the raw
/// little-endian tensor bytes. No code, no pickle.
/// </summary>
internal static class SafetensorsFormat
{
    /// <summary>The largest JSON header read: 100 MB, as the reference implementation allows.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly (string Name, ScalarType Type)[] s_types =
    [
        ("F32", ScalarType.Float32), ("F64", ScalarType.Float64), ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16), ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool),
    ];

    /// <summary>True when the stream starts like a safetensors file (a plausible header length followed by '{').</summary>
    public static bool Sniff(ReadOnlySpan<byte> start, long fileLength) =>
        start.Length >= 9 && start[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(start) is var n && n <= (ulong)(fileLength - 8);

    public static List<KeyValuePair<string, Tensor>> Read(string path, Stream stream, List<Tensor> created)
    {
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw new PyTorchWeightsException(path, null, "it is truncated: shorter than the 8-byte safetensors header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
        {
            throw new PyTorchWeightsException(path, null, string.Create(CultureInfo.InvariantCulture,
                $"its safetensors header length ({headerLength} bytes) does not fit in the file ({fileLength} bytes); the file is truncated or not safetensors"));
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)?.AsObject() ?? throw new JsonException("the header is null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new PyTorchWeightsException(path, null, "its safetensors header is not a JSON object: " + e.Message, e);
        }

        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        var result = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                continue;
            }

            var (type, shape, begin, end) = Describe(path, name, node);
            var elementSize = PyTorchElementSizes.Of(type);
            var count = shape.Aggregate(1L, (a, b) => checked(a * b));
            if (end < begin || end > dataLength || end - begin != checked(count * elementSize))
            {
                throw new PyTorchWeightsException(path, name, string.Create(CultureInfo.InvariantCulture,
                    $"its byte range [{begin}, {end}) does not hold [{string.Join(", ", shape)}] elements of {elementSize} bytes inside the {dataLength} data bytes (truncated or corrupt)"));
            }

            var bytes = new byte[end - begin];
            stream.Position = dataStart + begin;
            stream.ReadExactly(bytes);
            var tensor = torch.empty(shape, type).DetachFromDisposeScope();
            created.Add(tensor);
            if (bytes.Length > 0)
            {
                tensor.bytes = bytes;
            }

            result.Add(new(name, tensor));
        }

        return result;
    }

    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata)
            {
                meta[k] = v;
            }

            header["__metadata__"] = meta;
        }

        long offset = 0;
        var data = new List<byte[]>();
        foreach (var (key, tensor) in tensors)
        {
            var name = s_types.FirstOrDefault(t => t.Type == tensor.dtype).Name
                ?? throw new NotSupportedException($"State-dict entry '{key}' has element type {tensor.dtype}, which safetensors does not store here.");
            using var scope = torch.NewDisposeScope();
            var bytes = tensor.numel() == 0 ? [] : tensor.detach().cpu().contiguous().bytes.ToArray();
            header[key] = new JsonObject
            {
                ["dtype"] = name,
                ["shape"] = new JsonArray([.. tensor.shape.Select(s => (JsonNode)s)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            data.Add(bytes);
        }

        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var bytes in data)
        {
            stream.Write(bytes);
        }
    }

    private static (ScalarType Type, long[] Shape, long Begin, long End) Describe(string path, string name, JsonNode? node)
    {
        try
        {
            var entry = node!.AsObject();
            var dtype = entry["dtype"]!.GetValue<string>();
            var type = s_types.FirstOrDefault(t => t.Name == dtype);
            if (type.Name is null)
            {
                throw new PyTorchWeightsException(path, name, $"dtype '{dtype}' is not supported (F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL are)");
            }

            var shape = entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            if (offsets.Length != 2 || shape.Any(s => s < 0) || offsets[0] < 0)
            {
                throw new InvalidOperationException("bad shape or data_offsets");
            }

            return (type.Type, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or OverflowException)
        {
            throw new PyTorchWeightsException(path, name, "its safetensors header entry is malformed (dtype, shape and data_offsets expected)", e);
        }
    }
}

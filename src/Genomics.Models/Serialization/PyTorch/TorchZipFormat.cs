using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// <c>torch.save</c>'s zip format (PyTorch ≥ 1.6): <c>NAME/data.pkl</c> (the pickled object, whose tensors name their
/// storages by persistent ids), <c>NAME/data/KEY</c> (each storage's raw little-endian bytes), <c>NAME/version</c> and
/// <c>NAME/byteorder</c>.
/// </summary>
internal static class TorchZipFormat
{
    /// <summary>The largest data.pkl read (the pickle itself, not the tensor data): 256 MiB.</summary>
    private const int MaxPickleBytes = 256 << 20;

    /// <summary>The deepest nesting of containers accepted (a state dict inside a checkpoint needs a handful).</summary>
    private const int MaxNesting = 100;

    private static readonly Dictionary<ScalarType, string> s_storageNames = new()
    {
        [ScalarType.Float32] = "FloatStorage",
        [ScalarType.Float64] = "DoubleStorage",
        [ScalarType.Float16] = "HalfStorage",
        [ScalarType.BFloat16] = "BFloat16Storage",
        [ScalarType.Int64] = "LongStorage",
        [ScalarType.Int32] = "IntStorage",
        [ScalarType.Int16] = "ShortStorage",
        [ScalarType.Int8] = "CharStorage",
        [ScalarType.Byte] = "ByteStorage",
        [ScalarType.Bool] = "BoolStorage",
    };

    /// <summary>Reads the archive's pickle and materialises every tensor it describes.</summary>
    /// <returns>The unpickled object, with <see cref="PickleTensor"/>s replaced by CPU tensors the caller owns.</returns>
    public static object? Read(string path, Stream stream, List<Tensor> created)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new PyTorchWeightsException(path, null, "it is not a valid zip archive (truncated or corrupt): " + e.Message, e);
        }

        using (archive)
        {
            var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToArray();
            if (pickles.Length != 1)
            {
                throw new PyTorchWeightsException(path, null, pickles.Length == 0
                    ? "the zip archive holds no NAME/data.pkl; it was not written by torch.save"
                    : "the zip archive holds several NAME/data.pkl entries");
            }

            var prefix = pickles[0].FullName[..^"data.pkl".Length];
            var byteOrder = archive.GetEntry(prefix + "byteorder");
            if (byteOrder is not null)
            {
                var order = System.Text.Encoding.ASCII.GetString(ReadEntry(path, byteOrder, 16)).Trim();
                if (order != "little")
                {
                    throw new PyTorchWeightsException(path, byteOrder.FullName, $"the tensors are stored {order}-endian; only little-endian files are read");
                }
            }

            var pickle = TorchStateDictPolicy.Read(ReadEntry(path, pickles[0], MaxPickleBytes), path, pickles[0].FullName);
            var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                return Materialise(pickle, storage => Storage(path, archive, prefix, storage, storages), created);
            }
            catch (InvalidDataException e)
            {
                throw new PyTorchWeightsException(path, pickles[0].FullName, e.Message, e);
            }
            finally
            {
                foreach (var storage in storages.Values)
                {
                    storage.Dispose();
                }
            }
        }
    }

    /// <summary>Writes a state dict in torch.save's zip format (protocol 2 pickle of an OrderedDict of tensors).</summary>
    public static void Write(Stream stream, string archiveName, IReadOnlyList<KeyValuePair<string, Tensor>> tensors)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var pickle = new MemoryStream();
        pickle.Write([0x80, 2]);
        WriteGlobal(pickle, "collections", "OrderedDict");
        pickle.Write([(byte)')', (byte)'R']);
        for (var i = 0; i < tensors.Count; i++)
        {
            var (key, tensor) = tensors[i];
            if (!s_storageNames.TryGetValue(tensor.dtype, out var storageName))
            {
                throw new NotSupportedException($"State-dict entry '{key}' has element type {tensor.dtype}, which the writer does not store.");
            }

            WriteString(pickle, key);
            WriteGlobal(pickle, "torch._utils", "_rebuild_tensor_v2");
            pickle.WriteByte((byte)'(');
            pickle.WriteByte((byte)'(');
            WriteString(pickle, "storage");
            WriteGlobal(pickle, "torch", storageName);
            WriteString(pickle, i.ToString(CultureInfo.InvariantCulture));
            WriteString(pickle, "cpu");
            WriteInt(pickle, tensor.numel());
            pickle.Write([(byte)'t', (byte)'Q']);
            WriteInt(pickle, 0);
            var shape = tensor.shape;
            pickle.WriteByte((byte)'(');
            foreach (var size in shape)
            {
                WriteInt(pickle, size);
            }

            pickle.WriteByte((byte)'t');
            pickle.WriteByte((byte)'(');
            long stride = 1;
            var strides = new long[shape.Length];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = stride;
                stride *= Math.Max(1, shape[d]);
            }

            foreach (var s in strides)
            {
                WriteInt(pickle, s);
            }

            pickle.WriteByte((byte)'t');
            pickle.WriteByte(0x89);
            WriteGlobal(pickle, "collections", "OrderedDict");
            pickle.Write([(byte)')', (byte)'R', (byte)'t', (byte)'R', (byte)'s']);
        }

        pickle.WriteByte((byte)'.');
        AddEntry(archive, archiveName + "/data.pkl", pickle.ToArray());
        for (var i = 0; i < tensors.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var cpu = tensors[i].Value.detach().cpu().contiguous();
            AddEntry(archive, string.Create(CultureInfo.InvariantCulture, $"{archiveName}/data/{i}"), cpu.numel() == 0 ? [] : cpu.bytes.ToArray());
        }

        AddEntry(archive, archiveName + "/version", "3\n"u8.ToArray());
        AddEntry(archive, archiveName + "/byteorder", "little"u8.ToArray());
    }

    /// <summary>Replaces tensor descriptions by tensors, recursively.</summary>
    internal static object? Materialise(object? value, Func<PickleStorage, Tensor> storage, List<Tensor> created, int depth = 0)
    {
        if (depth > MaxNesting)
        {
            throw new InvalidDataException($"the pickled object nests containers more than {MaxNesting} deep (or contains itself)");
        }

        switch (value)
        {
            case PickleTensor t:
            {
                var source = storage(t.Storage);
                var extent = t.Offset;
                for (var d = 0; d < t.Size.Length; d++)
                {
                    if (t.Size[d] < 0 || t.Stride[d] < 0)
                    {
                        throw new InvalidDataException("negative size or stride");
                    }

                    extent += t.Size[d] == 0 ? 0 : (t.Size[d] - 1) * t.Stride[d];
                }

                var empty = t.Size.Any(s => s == 0);
                if (t.Offset < 0 || (!empty && extent >= t.Storage.Count))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"a tensor of size [{string.Join(", ", t.Size)}] at offset {t.Offset} reaches past its storage '{t.Storage.Key}' of {t.Storage.Count} elements"));
                }

                Tensor tensor;
                using (var scope = torch.NewDisposeScope())
                {
                    tensor = (empty ? torch.empty(t.Size, t.Storage.DType) : source.as_strided(t.Size, t.Stride, t.Offset).contiguous().clone())
                        .DetachFromDisposeScope();
                }

                created.Add(tensor);
                return tensor;
            }

            case Dictionary<object, object?> dict:
                var copy = new Dictionary<object, object?>(dict.Count);
                foreach (var (k, v) in dict)
                {
                    copy.Add(k, Materialise(v, storage, created, depth + 1));
                }

                return copy;
            case List<object?> list:
                return list.Select(v => Materialise(v, storage, created, depth + 1)).ToList();
            case object?[] tuple:
                return tuple.Select(v => Materialise(v, storage, created, depth + 1)).ToArray();
            default:
                return value;
        }
    }

    private static Tensor Storage(string path, ZipArchive archive, string prefix, PickleStorage storage, Dictionary<string, Tensor> cache)
    {
        if (cache.TryGetValue(storage.Key, out var cached))
        {
            return cached;
        }

        var name = prefix + "data/" + storage.Key;
        var entry = archive.GetEntry(name) ?? throw new PyTorchWeightsException(path, name, "the storage the pickle names is missing from the archive");
        var elementSize = PyTorchElementSizes.Of(storage.DType);
        var needed = checked(storage.Count * elementSize);
        if (needed > Array.MaxLength)
        {
            throw new PyTorchWeightsException(path, name, $"the storage holds {needed} bytes, more than one array can");
        }

        var bytes = ReadEntry(path, entry, (int)needed);
        if (bytes.LongLength != needed)
        {
            throw new PyTorchWeightsException(path, name, string.Create(CultureInfo.InvariantCulture,
                $"the storage holds {bytes.LongLength} bytes but the pickle describes {storage.Count} elements of {elementSize} bytes"));
        }

        var tensor = torch.empty(storage.Count, storage.DType).DetachFromDisposeScope();
        if (needed > 0)
        {
            tensor.bytes = bytes;
        }

        cache[storage.Key] = tensor;
        return tensor;
    }

    private static byte[] ReadEntry(string path, ZipArchiveEntry entry, int maxBytes)
    {
        if (entry.Length > maxBytes)
        {
            throw new PyTorchWeightsException(path, entry.FullName, $"the entry holds {entry.Length} bytes, more than the {maxBytes} expected");
        }

        try
        {
            using var stream = entry.Open();
            var buffer = new byte[entry.Length];
            stream.ReadExactly(buffer);
            if (stream.ReadByte() >= 0)
            {
                throw new InvalidDataException("the entry is longer than its header says");
            }

            if (Crc32.Compute(buffer) != entry.Crc32)
            {
                throw new InvalidDataException("its CRC-32 does not match its bytes");
            }

            return buffer;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new PyTorchWeightsException(path, entry.FullName, "the archive entry cannot be read (truncated or corrupt): " + e.Message, e);
        }
    }

    private static void AddEntry(ZipArchive archive, string name, byte[] content)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static void WriteGlobal(Stream pickle, string module, string name)
    {
        pickle.WriteByte((byte)'c');
        pickle.Write(System.Text.Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    }

    private static void WriteString(Stream pickle, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        pickle.WriteByte((byte)'X');
        pickle.Write(length);
        pickle.Write(bytes);
    }

    private static void WriteInt(Stream pickle, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            pickle.WriteByte((byte)'J');
            pickle.Write(bytes);
        }
        else
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            pickle.Write([0x8a, 8]);
            pickle.Write(bytes);
        }
    }
}

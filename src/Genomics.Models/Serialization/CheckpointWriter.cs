using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization;

/// <summary>Writes checkpoint files atomically (temp file in the same folder, flush, rename).</summary>
internal static class CheckpointWriter
{
    private static readonly string s_writer =
        "Genomics.Models " + VersionOf(typeof(CheckpointWriter).Assembly) + "; TorchSharp " + VersionOf(typeof(torch).Assembly);

    /// <summary>Writes a checkpoint to <paramref name="path"/>, replacing any file there only once the new one is complete.</summary>
    public static void Write(string path, nn.Module module, object? options, IReadOnlyDictionary<string, string>? metadata) =>
        Write(path, () => module.state_dict().ToList(), options, metadata);

    /// <summary>
    /// Writes a checkpoint of named tensors (in the given order) to <paramref name="path"/>, replacing any file there
    /// only once the new one is complete. <paramref name="tensors"/> runs inside the writer's dispose scope, so tensors
    /// it creates are freed afterwards.
    /// </summary>
    public static void Write(string path, Func<List<KeyValuePair<string, Tensor>>> tensors, object? options, IReadOnlyDictionary<string, string>? metadata)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        var tempPath = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteTo(stream, tensors, options, metadata);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Writes the whole checkpoint (prefix, header, data, checksum) to <paramref name="stream"/>.</summary>
    internal static void WriteTo(Stream stream, nn.Module module, object? options, IReadOnlyDictionary<string, string>? metadata) =>
        WriteTo(stream, () => module.state_dict().ToList(), options, metadata);

    /// <summary>Writes the whole checkpoint of named tensors to <paramref name="stream"/>.</summary>
    internal static void WriteTo(Stream stream, Func<List<KeyValuePair<string, Tensor>>> source, object? options, IReadOnlyDictionary<string, string>? metadata)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var tensors = source();
        var header = BuildHeader(tensors, options, metadata);
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, CheckpointLayout.HeaderJson);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var output = new HashingOutput(stream, hash);
        Span<byte> prefix = stackalloc byte[CheckpointLayout.PrefixLength];
        CheckpointLayout.WritePrefix(prefix, CheckpointLayout.Version, headerBytes.Length);
        output.Write(prefix);
        output.Write(headerBytes);
        var dataStart = CheckpointLayout.AlignUp(output.Position);
        output.PadTo(dataStart);

        var entries = header.Tensors!;
        for (var i = 0; i < tensors.Count; i++)
        {
            output.PadTo(dataStart + entries[i].Offset);
            using var tensorScope = torch.NewDisposeScope();
            var cpu = tensors[i].Value.detach().cpu().contiguous();
            if (entries[i].Length > 0)
            {
                output.Write(cpu.bytes);
            }
        }
        output.PadTo(dataStart + header.DataLength);
        stream.Write(hash.GetHashAndReset());
    }

    private static CheckpointHeader BuildHeader(
        List<KeyValuePair<string, Tensor>> tensors,
        object? options,
        IReadOnlyDictionary<string, string>? metadata)
    {
        var entries = new List<CheckpointHeaderTensor>(tensors.Count);
        long offset = 0;
        foreach (var (key, tensor) in tensors)
        {
            var dtype = CheckpointDataTypes.NameOf(tensor.dtype)
                ?? throw new NotSupportedException($"State-dict entry '{key}' has element type {tensor.dtype}, which checkpoints cannot hold.");
            var length = tensor.NumberOfElements * tensor.ElementSize;
            if (length > Array.MaxLength)
            {
                throw new NotSupportedException(
                    $"State-dict entry '{key}' holds {length} bytes; a checkpoint tensor is limited to {Array.MaxLength} bytes.");
            }
            offset = CheckpointLayout.AlignUp(offset);
            entries.Add(new CheckpointHeaderTensor { Key = key, DType = dtype, Shape = tensor.shape, Offset = offset, Length = length });
            offset += length;
        }
        return new CheckpointHeader
        {
            Writer = s_writer,
            CreatedUtc = DateTimeOffset.UtcNow,
            OptionsType = options?.GetType().FullName,
            Options = options is null ? null : JsonSerializer.SerializeToElement(options, options.GetType(), CheckpointLayout.OptionsJson),
            Metadata = metadata is null ? [] : new Dictionary<string, string>(metadata, StringComparer.Ordinal),
            DataLength = offset,
            Tensors = entries,
        };
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Writes to a stream while feeding every byte to the checksum and counting the position.</summary>
    private sealed class HashingOutput(Stream stream, IncrementalHash hash)
    {
        private static readonly byte[] s_zeros = new byte[CheckpointLayout.Alignment];

        public long Position { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            hash.AppendData(bytes);
            Position += bytes.Length;
        }

        public void PadTo(long position)
        {
            while (Position < position)
            {
                Write(s_zeros.AsSpan(0, (int)Math.Min(s_zeros.Length, position - Position)));
            }
        }
    }
}

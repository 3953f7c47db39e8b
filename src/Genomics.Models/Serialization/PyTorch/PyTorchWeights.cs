using System.Text;
using Genomics.Models.Abstractions;
using Genomics.Models.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// PyTorch weights in and out: reads state dicts from <c>torch.save</c> files (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>,
/// PyTorch Lightning <c>.ckpt</c>) and safetensors files into zoo models, and writes zoo models' weights in both
/// formats, in the original PyTorch names where the architecture has a <see cref="PyTorchNameMapping"/>.
/// </summary>
/// <remarks>
/// <para>
/// Pickles are read by the library's one bounded pickle interpreter (the one behind <see cref="IO.PickleReader"/>) under a
/// state-dict policy that accepts tensors, storages and plain containers only; a pickle that
/// names any other Python global (which <c>pickle.load</c> would import and call) is refused with a
/// <see cref="PyTorchWeightsException"/> naming the file and the global. Nothing in a file is executed. See
/// docs/decisions/pytorch-weights.md.
/// </para>
/// <para>
/// Loading matches names, shapes and element types first and copies only when everything fits; otherwise it throws
/// <see cref="CheckpointMismatchException"/> naming each parameter (in the original's name, with this library's in
/// parentheses where they differ) and leaves the model unchanged.
/// </para>
/// </remarks>
public static class PyTorchWeights
{
    /// <summary>File extensions read as PyTorch weights.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".pt", ".pth", ".bin", ".ckpt", ".safetensors"];

    /// <summary>True when <paramref name="path"/> has one of <see cref="Extensions"/>.</summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether the file is read as PyTorch weights.</returns>
    public static bool IsPyTorchFile(string path) =>
        Extensions.Contains(Path.GetExtension(path ?? string.Empty).ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>Reads a state dict from a torch.save zip file or a safetensors file (told apart by content).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state dict; dispose it to free the tensors.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PyTorchWeightsException">
    /// The file is not readable: not a torch.save zip or safetensors file (a legacy pre-1.6 torch.save file is named as
    /// such), truncated or corrupt, a pickle naming a refused global or using an unsupported opcode, or a checkpoint
    /// holding no state dict of tensors.
    /// </exception>
    public static PyTorchStateDict Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"PyTorch weight file '{fullPath}' does not exist.", fullPath);
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("PyTorch weights are read as little-endian bytes; big-endian machines are not supported.");
        }

        var created = new List<Tensor>();
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> start = stackalloc byte[9];
            var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            start = start[..read];
            stream.Position = 0;
            if (start.StartsWith("PK"u8))
            {
                var value = TorchZipFormat.Read(fullPath, stream, created);
                return new PyTorchStateDict(fullPath, PyTorchWeightFormat.TorchSave, StateDictOf(fullPath, value), created);
            }

            if (SafetensorsFormat.Sniff(start, stream.Length) || Path.GetExtension(fullPath).Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                return new PyTorchStateDict(fullPath, PyTorchWeightFormat.Safetensors, SafetensorsFormat.Read(fullPath, stream, created), created);
            }

            throw new PyTorchWeightsException(fullPath, null, start.Length >= 2 && start[0] == 0x80
                ? "it is a legacy torch.save file (PyTorch before 1.6, a bare pickle); load it in Python and save it again with a current torch.save"
                : $"it is neither a torch.save zip archive nor a safetensors file (it starts with bytes {Convert.ToHexString(start)})");
        }
        catch
        {
            foreach (var tensor in created)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    /// <summary>Loads PyTorch weights from a file into a zoo model (see <see cref="LoadInto(ISequenceModel, PyTorchStateDict, string?)"/>).</summary>
    /// <param name="model">The model; its parameters and buffers are overwritten.</param>
    /// <param name="path">The weight file.</param>
    /// <param name="prefix">A key prefix to strip (e.g. "model."); null to detect one.</param>
    /// <exception cref="PyTorchWeightsException">The file is not readable.</exception>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the model; the model is unchanged.</exception>
    public static void LoadInto(ISequenceModel model, string path, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var state = Read(path);
        LoadInto(model, state, prefix);
    }

    /// <summary>
    /// Copies a state dict into a zoo model, translating the original PyTorch names (<see cref="PyTorchNameMapping.For"/>);
    /// this library's own names are accepted too.
    /// </summary>
    /// <param name="model">The model; its parameters and buffers are overwritten, on their device.</param>
    /// <param name="state">The state dict.</param>
    /// <param name="prefix">
    /// A prefix to strip from every key (a PyTorch Lightning module holding the network as <c>self.model</c> saves
    /// <c>model.conv1.weight</c>); null to strip the first dotted component of every key when the keys do not match
    /// without it but all share it.
    /// </param>
    /// <remarks>
    /// Floating-point tensors are converted to the model's floating-point type (e.g. float16 weights into a float32
    /// model), integer tensors likewise; BatchNorm's <c>num_batches_tracked</c> may be absent from either side.
    /// </remarks>
    /// <exception cref="CheckpointMismatchException">
    /// Keys are missing or unexpected, or shapes or element kinds differ; the message names each parameter and nothing is copied.
    /// </exception>
    public static void LoadInto(ISequenceModel model, PyTorchStateDict state, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(state);
        var mapping = PyTorchNameMapping.For(model);
        var targets = model.Module.state_dict();
        var originals = targets.Keys.ToDictionary(k => k, mapping.ToOriginal, StringComparer.Ordinal);
        var known = new HashSet<string>(targets.Keys.Concat(originals.Values), StringComparer.Ordinal);
        var source = Strip(state.Tensors, prefix, known);

        var missing = new List<string>();
        var shapes = new List<CheckpointTensorMismatch>();
        var types = new List<CheckpointTensorMismatch>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<(Tensor Target, Tensor Source, bool Reshape)>();
        foreach (var (key, target) in targets)
        {
            var original = originals[key];
            var name = original == key ? key : $"{original} ({key})";
            if (!source.TryGetValue(original, out var tensor) && !source.TryGetValue(key, out tensor))
            {
                if (!key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                {
                    missing.Add(name);
                }

                continue;
            }

            used.Add(source.ContainsKey(original) ? original : key);
            var sameShape = tensor.shape.SequenceEqual(target.shape);
            var reshape = !sameShape && mapping.ShapeChange(key) != PyTorchShapeChange.None && tensor.numel() == target.numel();
            if (!sameShape && !reshape)
            {
                shapes.Add(new CheckpointTensorMismatch(name, tensor.dtype, tensor.shape, target.dtype, target.shape));
                continue;
            }

            if (tensor.dtype != target.dtype && (tensor.is_floating_point() != target.is_floating_point() || tensor.dtype == ScalarType.Bool || target.dtype == ScalarType.Bool))
            {
                types.Add(new CheckpointTensorMismatch(name, tensor.dtype, tensor.shape, target.dtype, target.shape));
                continue;
            }

            plan.Add((target, tensor, reshape));
        }

        var unexpected = source.Keys.Where(k => !used.Contains(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (missing.Count + unexpected.Count + shapes.Count + types.Count > 0)
        {
            throw new CheckpointMismatchException(state.FilePath, model.Module.GetType().Name
                + (mapping.Original is null ? string.Empty : $" (names of {mapping.Original})"), missing, unexpected, shapes, types);
        }

        using var noGrad = torch.no_grad();
        foreach (var (target, tensor, reshape) in plan)
        {
            using var scope = torch.NewDisposeScope();
            var value = reshape ? tensor.reshape(target.shape) : tensor;
            target.copy_(value.to(target.dtype, target.device));
        }
    }

    /// <summary>
    /// Writes a model's state dict (parameters and buffers) as a PyTorch-loadable file, atomically: a torch.save zip
    /// archive (<c>torch.load</c> then <c>load_state_dict</c>) or safetensors (<c>safetensors.torch.load_file</c>).
    /// </summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="model">The model; any device, not moved.</param>
    /// <param name="format">The format; null to choose by extension (<c>.safetensors</c>, otherwise torch.save).</param>
    /// <param name="originalNames">True (default) to write the original PyTorch names and shapes (<see cref="PyTorchNameMapping.For"/>); false for this library's keys.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="NotSupportedException">A tensor has an element type the format does not store (complex).</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is left as it was.</exception>
    public static void Save(string path, ISequenceModel model, PyTorchWeightFormat? format = null, bool originalNames = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        var chosen = format ?? (Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase) ? PyTorchWeightFormat.Safetensors : PyTorchWeightFormat.TorchSave);
        var mapping = originalNames ? PyTorchNameMapping.For(model) : new PyTorchNameMapping(null, []);
        using var scope = torch.NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (key, tensor) in model.Module.state_dict())
        {
            var value = tensor.detach().cpu().contiguous();
            if (mapping.ShapeChange(key) == PyTorchShapeChange.ColumnVector)
            {
                value = value.reshape(value.shape[0], 1);
            }

            tensors.Add(new(mapping.ToOriginal(key), value));
        }

        var archiveName = ArchiveName(path);
        AtomicFile.Write(path, stream =>
        {
            if (chosen == PyTorchWeightFormat.Safetensors)
            {
                SafetensorsFormat.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt" });
            }
            else
            {
                TorchZipFormat.Write(stream, archiveName, tensors);
            }
        });
    }

    private static Dictionary<string, Tensor> Strip(IReadOnlyList<KeyValuePair<string, Tensor>> tensors, string? prefix, HashSet<string> known)
    {
        if (prefix is null && !tensors.Any(t => known.Contains(t.Key)))
        {
            var first = tensors.Select(t => t.Key.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? t.Key[..(dot + 1)] : null).Distinct().ToArray();
            if (first is [{ } shared])
            {
                prefix = shared;
            }
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in tensors)
        {
            result[prefix is not null && key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key] = tensor;
        }

        return result;
    }

    private static List<KeyValuePair<string, Tensor>> StateDictOf(string path, object? value)
    {
        if (value is Dictionary<object, object?> top
            && (top.GetValueOrDefault("state_dict") ?? top.GetValueOrDefault("model_state_dict")) is Dictionary<object, object?> inner)
        {
            value = inner;
        }

        if (value is not Dictionary<object, object?> dict)
        {
            throw new PyTorchWeightsException(path, null, "the pickled object is not a state dict (a dict of tensors, or a checkpoint with a 'state_dict' entry)");
        }

        var result = new List<KeyValuePair<string, Tensor>>();
        foreach (var (key, entry) in dict)
        {
            if (key is not string name || entry is not Tensor tensor)
            {
                throw new PyTorchWeightsException(path, key.ToString(), "the state dict holds an entry that is not a tensor under a string key");
            }

            result.Add(new(name, tensor));
        }

        return result;
    }

    private static string ArchiveName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var name = new StringBuilder();
        foreach (var c in stem)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return name.Length == 0 ? "archive" : name.ToString();
    }
}

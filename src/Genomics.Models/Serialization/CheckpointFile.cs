using System.Collections.ObjectModel;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization;

/// <summary>
/// A checkpoint read and verified by <see cref="Checkpoint.Read"/>: the weights of a module, the options it was
/// built from, and free metadata.
/// </summary>
/// <remarks>
/// The tensor data is held in managed memory (one array per tensor, on no device) until the instance is
/// collected; no native tensor is kept alive, so the object needs no disposal. Every tensor was verified against
/// the file's SHA-256 checksum when it was read.
/// </remarks>
public sealed class CheckpointFile
{
    private readonly List<CheckpointTensorInfo> _tensors;
    private readonly byte[][] _data;
    private readonly Dictionary<string, int> _indexByKey;

    internal CheckpointFile(
        string filePath,
        int formatVersion,
        CheckpointHeader header,
        List<CheckpointTensorInfo> tensors,
        byte[][] data)
    {
        FilePath = filePath;
        FormatVersion = formatVersion;
        CreatedUtc = header.CreatedUtc;
        Writer = header.Writer ?? string.Empty;
        OptionsTypeName = header.OptionsType;
        OptionsJson = header.Options is { ValueKind: not JsonValueKind.Null } options ? options.GetRawText() : null;
        Metadata = new ReadOnlyDictionary<string, string>(header.Metadata ?? []);
        _tensors = tensors;
        _data = data;
        _indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tensors.Count; i++)
        {
            _indexByKey.Add(tensors[i].Key, i);
        }
    }

    /// <summary>The full path of the file that was read.</summary>
    public string FilePath { get; }

    /// <summary>The format version recorded in the file (currently always <see cref="Checkpoint.FormatVersion"/>).</summary>
    public int FormatVersion { get; }

    /// <summary>When the checkpoint was written, in UTC.</summary>
    public DateTimeOffset CreatedUtc { get; }

    /// <summary>The library and TorchSharp versions that wrote the file, e.g. <c>Genomics.Models 1.0.0; TorchSharp 0.107.0</c>.</summary>
    public string Writer { get; }

    /// <summary>Full name of the options type the checkpoint was saved with, or null when it was saved without options.</summary>
    public string? OptionsTypeName { get; }

    /// <summary>The stored options as JSON text, or null when the checkpoint was saved without options.</summary>
    public string? OptionsJson { get; }

    /// <summary>The free string metadata saved with the checkpoint (empty when none was given).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor manifest, in the state-dict order of the module that was saved.</summary>
    public IReadOnlyList<CheckpointTensorInfo> Tensors => _tensors.AsReadOnly();

    /// <summary>Deserialises the stored options.</summary>
    /// <typeparam name="TOptions">The options type; its full name must equal <see cref="OptionsTypeName"/>.</typeparam>
    /// <returns>A new options object equal to the one that was saved.</returns>
    /// <exception cref="InvalidOperationException">
    /// The checkpoint holds no options, holds options of another type (the message names both types), or its
    /// options JSON no longer fits <typeparamref name="TOptions"/>.
    /// </exception>
    public TOptions GetOptions<TOptions>()
    {
        var requested = typeof(TOptions).FullName ?? typeof(TOptions).Name;
        if (OptionsTypeName is null || OptionsJson is null)
        {
            throw new InvalidOperationException(
                $"Checkpoint '{FilePath}' holds no options (it was saved with options = null); cannot read them as '{requested}'.");
        }
        if (!string.Equals(OptionsTypeName, requested, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Checkpoint '{FilePath}' holds options of type '{OptionsTypeName}', not '{requested}'. "
                + "Read them with the type the model was saved with.");
        }
        try
        {
            return JsonSerializer.Deserialize<TOptions>(OptionsJson, CheckpointLayout.OptionsJson)
                ?? throw new InvalidOperationException($"Checkpoint '{FilePath}' holds null options of type '{requested}'.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"The options in checkpoint '{FilePath}' do not fit type '{requested}' as it is now: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies the checkpoint's weights into <paramref name="module"/>, which must have the architecture that was saved.
    /// </summary>
    /// <param name="module">The module to fill; its parameters and buffers (its state dict) are overwritten in place.</param>
    /// <param name="strict">
    /// True (default): the module's state-dict keys must equal the checkpoint's and every element type must match.
    /// False: keys present on one side only are skipped, and values are converted to the module's element types.
    /// Shapes must match in both modes.
    /// </param>
    /// <remarks>
    /// Copies run under <c>torch.no_grad()</c> onto each target tensor's own device and dtype, so the module keeps
    /// its device, training mode and <c>requires_grad</c> flags. Every key is checked before anything is copied:
    /// when a <see cref="CheckpointMismatchException"/> is thrown the module is unchanged.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="CheckpointMismatchException">
    /// The architecture does not match: missing or unexpected keys or element types differing (strict mode), or
    /// shapes differing (both modes). The exception lists every problem.
    /// </exception>
    public void LoadInto(nn.Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        var targets = module.state_dict();
        var missing = new List<string>();
        var shapes = new List<CheckpointTensorMismatch>();
        var dtypes = new List<CheckpointTensorMismatch>();
        foreach (var (key, target) in targets)
        {
            if (!_indexByKey.TryGetValue(key, out var index))
            {
                missing.Add(key);
                continue;
            }
            var stored = _tensors[index];
            var targetShape = target.shape;
            if (!stored.Shape.SequenceEqual(targetShape) || stored.DType != target.dtype)
            {
                var mismatch = new CheckpointTensorMismatch(key, stored.DType, stored.Shape, target.dtype, targetShape);
                (stored.Shape.SequenceEqual(targetShape) ? dtypes : shapes).Add(mismatch);
            }
        }
        var unexpected = _tensors.Select(t => t.Key).Where(k => !targets.ContainsKey(k)).ToList();
        if (shapes.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0 || dtypes.Count > 0)))
        {
            throw strict
                ? new CheckpointMismatchException(FilePath, module.GetType().Name, missing, unexpected, shapes, dtypes)
                : new CheckpointMismatchException(FilePath, module.GetType().Name, [], [], shapes, []);
        }

        using var noGrad = torch.no_grad();
        foreach (var (key, target) in targets)
        {
            if (_indexByKey.TryGetValue(key, out var index))
            {
                using var scope = torch.NewDisposeScope();
                target.copy_(CreateTensor(index));
            }
        }
    }

    /// <summary>Returns one stored tensor as a new CPU tensor.</summary>
    /// <param name="key">The state-dict key, one of <see cref="Tensors"/>' keys.</param>
    /// <returns>A new CPU tensor with the stored dtype and shape; the caller owns and disposes it.</returns>
    /// <remarks>Shape and dtype are those recorded in <see cref="Tensors"/> for <paramref name="key"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">The checkpoint has no tensor under <paramref name="key"/>.</exception>
    public Tensor ReadTensor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_indexByKey.TryGetValue(key, out var index))
        {
            throw new KeyNotFoundException($"Checkpoint '{FilePath}' has no tensor '{key}'.");
        }
        return CreateTensor(index);
    }

    private Tensor CreateTensor(int index)
    {
        var info = _tensors[index];
        var tensor = torch.empty([.. info.Shape], info.DType, torch.CPU);
        if (info.Length > 0)
        {
            tensor.bytes = _data[index];
        }
        return tensor;
    }
}

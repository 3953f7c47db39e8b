using Genomics.Models.Abstractions;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization;

/// <summary>
/// Saves and loads model checkpoints: a module's weights (every state-dict entry, parameters and buffers such as
/// BatchNorm running statistics), the options record it was built from, and free string metadata, in one
/// verified file.
/// </summary>
/// <remarks>
/// <para>
/// The single-file format (described in docs/decisions/checkpoint-format.md) is a magic header and format
/// version, a JSON header (options type and JSON, metadata, tensor manifest), the raw little-endian tensor bytes,
/// and a SHA-256 checksum over everything before it. Element types float32, float64, float16, bfloat16, int64,
/// int32, int16, int8, uint8, bool, complex64 and complex128 are stored bit-exactly.
/// </para>
/// <para>
/// Typical use: <c>Checkpoint.Save(path, model, options, metadata)</c> after an epoch, then either
/// <c>Checkpoint.Load(path, (MyOptions o) =&gt; new MyModel(o))</c> to rebuild the model, or
/// <c>Checkpoint.Read(path)</c> to inspect metadata and <see cref="CheckpointFile.LoadInto"/> an existing module.
/// </para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>The format version this library writes and the only one it reads.</summary>
    public const int FormatVersion = CheckpointLayout.Version;

    /// <summary>Writes a checkpoint of <paramref name="module"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">Target file; its folder must exist. An existing file is replaced only once the new one is complete.</param>
    /// <param name="module">The module whose state dict (parameters and buffers) is saved. Any device; it is not moved.</param>
    /// <param name="options">
    /// The options the module was built from, serialised with System.Text.Json (enums as names) together with its
    /// type's full name; null to store none.
    /// </param>
    /// <param name="metadata">Free string metadata (epoch, metric values, data version, ...); null for none. Values must not be null.</param>
    /// <remarks>
    /// The file is written to a temporary file in the same folder, flushed to disk and renamed over
    /// <paramref name="path"/>; when anything fails (including serialising <paramref name="options"/>) the temporary
    /// file is deleted and any previous file at <paramref name="path"/> is left intact. Each tensor is copied to the
    /// CPU (detached, contiguous) inside a dispose scope, so the module's device and tensors are unchanged.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace, or a metadata value is null.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="module"/> is null.</exception>
    /// <exception cref="NotSupportedException">A state-dict tensor has an element type a checkpoint cannot hold, or exceeds 2 GiB.</exception>
    /// <exception cref="PlatformNotSupportedException">The process runs on a big-endian machine.</exception>
    /// <exception cref="IOException">The file cannot be written (folder missing, disk full, ...).</exception>
    public static void Save(string path, nn.Module module, object? options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(module);
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                if (value is null)
                {
                    throw new ArgumentException($"Metadata value for key '{key}' is null; store an empty string instead.", nameof(metadata));
                }
            }
        }
        EnsureLittleEndian();
        CheckpointWriter.Write(path, module, options, metadata);
    }

    /// <summary>
    /// Writes a checkpoint of a model with the options it was built from (<see cref="IConfiguredModel"/>) and its
    /// architecture (<see cref="CheckpointMetadata.Architecture"/>: the module type name), atomically, as
    /// <see cref="Save"/> does.
    /// </summary>
    /// <param name="path">Target file; its folder must exist.</param>
    /// <param name="model">The model; its <see cref="ISequenceModel.Module"/>'s state dict is saved, with the options of the
    /// model (or of its module) when it implements <see cref="IConfiguredModel"/>, otherwise none.</param>
    /// <param name="metadata">Extra metadata; null for none. An <see cref="CheckpointMetadata.Architecture"/> entry is replaced.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace, or a metadata value is null.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="NotSupportedException">A state-dict tensor has an element type a checkpoint cannot hold, or exceeds 2 GiB.</exception>
    /// <exception cref="PlatformNotSupportedException">The process runs on a big-endian machine.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SaveModel(string path, ISequenceModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        var options = (model as IConfiguredModel ?? model.Module as IConfiguredModel)?.Options;
        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [CheckpointMetadata.Architecture] = model.Module.GetType().Name,
        };
        Save(path, model.Module, options, all);
    }

    /// <summary>Reads and verifies a checkpoint file.</summary>
    /// <param name="path">The checkpoint file written by <see cref="Save"/>.</param>
    /// <returns>The checkpoint, with every tensor's bytes held in memory and verified.</returns>
    /// <remarks>
    /// Checks, in order: the magic bytes (a file that is not a checkpoint is named as such), the format version,
    /// that the file length matches what the header describes (truncation), the header and manifest, and the SHA-256
    /// checksum over everything before it.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointCorruptException">
    /// The file is not a checkpoint, has an unsupported format version, is truncated, fails its checksum, or has a
    /// malformed header; the message names the file and the problem.
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">The process runs on a big-endian machine.</exception>
    public static CheckpointFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EnsureLittleEndian();
        return CheckpointReader.Read(path);
    }

    /// <summary>Rebuilds a model from a checkpoint: reads its options, builds the module with them and loads the weights.</summary>
    /// <typeparam name="TModule">The module type <paramref name="factory"/> builds.</typeparam>
    /// <typeparam name="TOptions">The options type the checkpoint was saved with.</typeparam>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="factory">Builds the module from the stored options (e.g. <c>o =&gt; new MyModel(o)</c>).</param>
    /// <param name="strict">Passed to <see cref="CheckpointFile.LoadInto"/>; true (default) requires an exact match.</param>
    /// <returns>The new module, on the device <paramref name="factory"/> put it on, holding the saved weights.</returns>
    /// <remarks>When loading fails the module built by <paramref name="factory"/> is disposed before the exception propagates.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="CheckpointCorruptException">The file is not a valid checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The stored options are missing or of another type than <typeparamref name="TOptions"/>.</exception>
    /// <exception cref="CheckpointMismatchException">The built module does not match the stored weights.</exception>
    public static TModule Load<TModule, TOptions>(string path, Func<TOptions, TModule> factory, bool strict = true)
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(factory);
        var file = Read(path);
        var module = factory(file.GetOptions<TOptions>());
        try
        {
            file.LoadInto(module, strict);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Checkpoints store little-endian tensor bytes; big-endian machines are not supported.");
        }
    }
}

using Genomics.Models.IO;
using PureHDF;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// The layer weights of a Keras 2 HDF5 file, read into memory: either a weight-only file written by
/// <c>model.save_weights(...h5)</c> (layer groups at the root) or a full-model file written by <c>model.save(...h5)</c>
/// (layer groups under <c>model_weights</c>, the architecture JSON in the root attribute <c>model_config</c>).
/// </summary>
/// <remarks>
/// <para>
/// Layout read: the weights root carries a <c>layer_names</c> string-array attribute; each named layer is a group whose
/// <c>weight_names</c> attribute lists its arrays as paths relative to the group (<c>conv2d/kernel:0</c>), in the
/// order Keras created them. Arrays keep their Keras layout; <see cref="KerasWeightMapping"/> converts them to
/// TorchSharp layouts. Optimizer state (<c>optimizer_weights</c>) is ignored.
/// </para>
/// <para>Keras 3 <c>.weights.h5</c> files (groups <c>layers/…/vars</c>) are not supported and are reported as such.</para>
/// </remarks>
public sealed class KerasWeightFile
{
    private readonly Dictionary<string, KerasLayerWeights> _byName;

    private KerasWeightFile(string filePath, string? kerasVersion, string? backend, string? modelConfig, IReadOnlyList<KerasLayerWeights> layers)
    {
        FilePath = filePath;
        KerasVersion = kerasVersion;
        Backend = backend;
        ModelConfigJson = modelConfig;
        Layers = layers;
        _byName = layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>The <c>keras_version</c> root attribute, or null when absent.</summary>
    public string? KerasVersion { get; }

    /// <summary>The <c>backend</c> root attribute (e.g. <c>tensorflow</c>), or null when absent.</summary>
    public string? Backend { get; }

    /// <summary>The architecture JSON of a full-model file (root attribute <c>model_config</c>), or null for weight-only files.</summary>
    public string? ModelConfigJson { get; }

    /// <summary>True for a full-model file (weights under <c>model_weights</c>).</summary>
    public bool IsFullModel => ModelConfigJson is not null;

    /// <summary>Every layer in <c>layer_names</c> order, including weightless ones.</summary>
    public IReadOnlyList<KerasLayerWeights> Layers { get; }

    /// <summary>Reads a Keras HDF5 file.</summary>
    /// <param name="path">The <c>.h5</c>/<c>.hdf5</c> file.</param>
    /// <returns>The file's layer weights, fully in memory (the file is closed on return).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="KerasImportException">
    /// The file is not HDF5, lacks the Keras <c>layer_names</c> attribute, a listed layer group or weight dataset is
    /// missing, or a weight is not a floating-point array; the message names the file and the layer.
    /// </exception>
    public static KerasWeightFile Read(string path)
    {
        return Hdf5Reading.Read(path, "Keras weight file", root => ReadOpen(path, root), (reason, e) => new KerasImportException(path, null, reason, e));
    }

    /// <summary>Whether the file has a layer group with this name.</summary>
    /// <param name="name">The Keras layer name.</param>
    /// <returns>True when present.</returns>
    public bool HasLayer(string name) => _byName.ContainsKey(name);

    /// <summary>Returns a layer group by name.</summary>
    /// <param name="name">The Keras layer name, e.g. <c>conv2d_1</c>.</param>
    /// <returns>The layer's weights.</returns>
    /// <exception cref="KerasImportException">No layer has that name; the message lists the file's layers.</exception>
    public KerasLayerWeights GetLayer(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _byName.TryGetValue(name, out var layer)
            ? layer
            : throw new KerasImportException(FilePath, name, $"no such layer group (layers: {string.Join(", ", Layers.Select(l => l.Name))})");
    }

    private static KerasWeightFile ReadOpen(string path, IH5Group file)
    {
        var kerasVersion = ReadOptionalString(file, "keras_version");
        var backend = ReadOptionalString(file, "backend");
        var modelConfig = ReadOptionalString(file, "model_config");
        var weightsRoot = file.LinkExists("model_weights") ? file.Group("model_weights") : file;
        if (!weightsRoot.AttributeExists("layer_names"))
        {
            var hint = file.LinkExists("layers") ? " (this looks like a Keras 3 '.weights.h5' file, which is not supported)" : string.Empty;
            throw new KerasImportException(path, null, $"no 'layer_names' attribute, so this is not a Keras 2 HDF5 weight file{hint}");
        }

        var layers = new List<KerasLayerWeights>();
        foreach (var layerName in ReadStrings(weightsRoot.Attribute("layer_names")))
        {
            if (!weightsRoot.LinkExists(layerName))
            {
                throw new KerasImportException(path, layerName, "listed in 'layer_names' but its group is missing");
            }

            var group = weightsRoot.Group(layerName);
            var weightNames = group.AttributeExists("weight_names") ? ReadStrings(group.Attribute("weight_names")) : [];
            var weights = new List<KerasWeightArray>(weightNames.Length);
            foreach (var weightName in weightNames)
            {
                if (!group.LinkExists(weightName))
                {
                    throw new KerasImportException(path, layerName, $"weight '{weightName}' is listed in 'weight_names' but its dataset is missing");
                }

                weights.Add(ReadArray(path, layerName, weightName, group.Dataset(weightName)));
            }

            layers.Add(new KerasLayerWeights(path, layerName, weights));
        }

        return new KerasWeightFile(path, kerasVersion, backend, modelConfig, layers);
    }

    private static KerasWeightArray ReadArray(string path, string layerName, string weightName, IH5Dataset dataset)
    {
        var shape = dataset.Space.Dimensions.Select(d => checked((int)d)).ToArray();
        if (dataset.Type.Class != H5DataTypeClass.FloatingPoint)
        {
            throw new KerasImportException(path, layerName, $"weight '{weightName}' has HDF5 type class {dataset.Type.Class}, not floating point");
        }

        float[] values = dataset.Type.Size switch
        {
            4 => dataset.Read<float[]>(),
            8 => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            2 => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
            _ => throw new KerasImportException(path, layerName, $"weight '{weightName}' has an unsupported {dataset.Type.Size}-byte floating-point type"),
        };
        var expected = shape.Aggregate(1L, (a, d) => a * d);
        if (values.Length != expected)
        {
            throw new KerasImportException(path, layerName, $"weight '{weightName}' holds {values.Length} values but its shape {KerasWeightArray.FormatShape(shape)} needs {expected}");
        }

        return new KerasWeightArray(weightName, shape, values);
    }

    private static string? ReadOptionalString(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? ReadStrings(attribute).FirstOrDefault()
            : null;
    }

    private static string[] ReadStrings(IH5Attribute attribute)
    {
        // Keras writes empty name lists as an empty float64 array; strings are fixed-length (h5py from numpy bytes) or
        // variable-length (h5py from Python str), scalar or one-dimensional.
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
        {
            return [];
        }

        return attribute.Space.Dimensions.Length == 0
            ? [attribute.Read<string>()]
            : attribute.Read<string[]>().Select(s => s.TrimEnd('\0')).ToArray();
    }
}

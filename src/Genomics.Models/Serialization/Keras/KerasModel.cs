using PureHDF;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// Imports any Keras 2 sequential CNN — a <c>Sequential</c> model, or a functional <c>Model</c> whose layers form a single
/// chain — with its weights as a <see cref="KerasSequenceModel"/> (an <see cref="Abstractions.ISequenceModel"/> built
/// from the library's convolution and dense blocks). This is the model a DeepASMM user brings.
/// </summary>
/// <remarks>
/// <para>Supported layers: InputLayer; Conv1D; Conv2D along the sequence with a singleton second axis ((1, L, C) or
/// (L, 1, C) maps, kernel 1 across it) or spanning the one-hot axis of a (L, 4, 1) or (4, L, 1) input (kernel 4 across
/// it, valid padding); Dense after Flatten or global pooling; MaxPooling1D/2D and AveragePooling1D/2D along the
/// sequence; GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D; BatchNormalization over the channels (epsilon,
/// moving statistics, gamma/beta or their absence with <c>scale</c>/<c>center</c> False); Activation, ReLU and Softmax
/// layers and the <c>activation</c> argument of Conv/Dense (relu, sigmoid, tanh, softplus, exponential, linear);
/// Dropout and SpatialDropout (no-ops at inference); Flatten (Keras's channels-last order is kept); Reshape that only
/// adds or removes singleton axes; Permute.</para>
/// <para>Settings: padding 'valid' or 'same' (Keras places the odd padding element at the end), strides, dilation,
/// use_bias. Pools with padding 'same' pad as TensorFlow does, before and after the sequence (max: padded positions never
/// win; average: divided by the real positions in each window).</para>
/// <para>The model returns pre-activation outputs: a final sigmoid or softmax is removed and recorded in
/// <see cref="Abstractions.SequenceOutputSpec.Activation"/>. The input is one-hot DNA (N, 4, L) whatever the Keras
/// input layout was, with L taken from the Keras input shape; targets are named <c>target_0</c>, <c>target_1</c>, ….</para>
/// <para>Anything else — an unsupported layer class or setting (padding 'causal', channels_first, a branch in a
/// functional graph, a Dense on an unflattened map, layers in an order the blocks cannot express) — throws a
/// <see cref="KerasImportException"/> naming the file, the layer and its class.</para>
/// </remarks>
public static class KerasModel
{
    /// <summary>Loads a full-model Keras HDF5 file (<c>model.save("model.h5")</c>), whose architecture is stored inside.</summary>
    /// <param name="path">The <c>.h5</c>/<c>.hdf5</c> file with a <c>model_config</c> attribute.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the Keras weights. The caller owns it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="KerasImportException">
    /// The file is not a Keras HDF5 file, holds weights only, or has a layer or setting the importer does not support;
    /// the message names the file and the layer.
    /// </exception>
    public static KerasSequenceModel Load(string path)
    {
        var weights = KerasWeightFile.Read(path);
        if (weights.ModelConfigJson is null)
        {
            throw new KerasImportException(path, null, "the file holds weights only (no 'model_config' attribute); pass the architecture JSON as well");
        }

        return Build(KerasModelConfig.Parse(weights.ModelConfigJson, path), weights);
    }

    /// <summary>Loads an architecture JSON (<c>model.to_json()</c>) and the matching HDF5 weights (<c>model.save_weights</c>).</summary>
    /// <param name="architectureJsonPath">The architecture JSON.</param>
    /// <param name="weightsPath">The Keras HDF5 weights, weight-only or full-model.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the Keras weights. The caller owns it.</returns>
    /// <exception cref="ArgumentException">A path is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException">A path is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="KerasImportException">The architecture has an unsupported layer or setting, or the weights do not fit it.</exception>
    public static KerasSequenceModel Load(string architectureJsonPath, string weightsPath)
    {
        var config = KerasModelConfig.ReadFile(architectureJsonPath);
        return Build(config, KerasWeightFile.Read(weightsPath));
    }

    /// <summary>
    /// Whether a file is a full-model Keras HDF5 file: its name ends in <c>.h5</c>, <c>.hdf5</c> or <c>.keras</c> and it
    /// is HDF5 with a root <c>model_config</c> attribute. Never throws for unreadable files; it returns false.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>True when <see cref="Load(string)"/> should be used for it.</returns>
    public static bool IsKerasModelFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return false;
        }

        var extension = Path.GetExtension(path);
        if (!extension.Equals(".h5", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".hdf5", StringComparison.OrdinalIgnoreCase)
            && !extension.Equals(".keras", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var file = H5File.OpenRead(path);
            return file.AttributeExists("model_config");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static KerasSequenceModel Build(KerasModelConfig config, KerasWeightFile weights)
    {
        var (architecture, omitted) = KerasChainBuilder.Build(config, weights);
        var description = new KerasModelDescription(
            weights.FilePath,
            config.ClassName,
            weights.KerasVersion,
            config.InputShape,
            config.Layers.Select(l => l.ToString()).ToArray(),
            omitted);
        KerasSequenceModel model;
        try
        {
            model = new KerasSequenceModel(description, architecture);
        }
        catch
        {
            foreach (var (_, module) in architecture.Modules)
            {
                module.Dispose();
            }

            throw;
        }

        model.eval();
        return model;
    }
}

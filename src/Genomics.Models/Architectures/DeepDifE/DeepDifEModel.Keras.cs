using Genomics.Models.Serialization.Keras;

namespace Genomics.Models.Architectures.DeepDifE;

public sealed partial class DeepDifEModel
{
    /// <summary>
    /// Builds a model from a Keras architecture JSON (<c>model.to_json()</c>, e.g. the published
    /// <c>model_single.json</c>) and loads the weights of the matching HDF5 file (e.g. <c>weights_single.h5</c>).
    /// </summary>
    /// <param name="architectureJsonPath">The architecture JSON of a model built by DeepDifE's <c>get_tf_model</c>.</param>
    /// <param name="weightsPath">The Keras HDF5 weights, weight-only or full-model.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the imported weights. The caller owns it.</returns>
    /// <remarks>
    /// The options are read from the architecture: input length, first kernel width and filters, pool size, the
    /// extra convolutions' width, stride and filters (which must follow DeepDifE's halving rule), dropout rate and
    /// dense widths; the kernel L2 coefficient is taken from the first convolution's regulariser when present.
    /// Weights are matched by the Keras layer names in the architecture and converted with
    /// <see cref="KerasWeightMapping"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">A path is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException">A path is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="KerasImportException">
    /// The architecture is not a DeepDifE network, or the weights are missing or do not fit it; the message names the
    /// file, the layer and the problem.
    /// </exception>
    public static DeepDifEModel FromKeras(string architectureJsonPath, string weightsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architectureJsonPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(weightsPath);
        var config = KerasModelConfig.ReadFile(architectureJsonPath);
        return FromKeras(config, KerasWeightFile.Read(weightsPath));
    }

    /// <summary>Builds a model from a full-model Keras HDF5 file (<c>model.save(...h5)</c>), whose architecture is stored inside.</summary>
    /// <param name="fullModelPath">The HDF5 file with a <c>model_config</c> attribute.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the imported weights. The caller owns it.</returns>
    /// <exception cref="ArgumentException"><paramref name="fullModelPath"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fullModelPath"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="KerasImportException">
    /// The file holds weights only (no architecture), the architecture is not a DeepDifE network, or the weights do
    /// not fit it.
    /// </exception>
    public static DeepDifEModel FromKeras(string fullModelPath)
    {
        var weights = KerasWeightFile.Read(fullModelPath);
        if (weights.ModelConfigJson is null)
        {
            throw new KerasImportException(fullModelPath, null, "the file holds weights only; pass the architecture JSON as well");
        }

        return FromKeras(KerasModelConfig.Parse(weights.ModelConfigJson, fullModelPath), weights);
    }

    private static DeepDifEModel FromKeras(KerasModelConfig config, KerasWeightFile weights)
    {
        var (options, convNames, denseNames) = DeepDifEKerasArchitecture.Read(config);
        var model = new DeepDifEModel(options);
        try
        {
            var blocks = model.Architecture;
            for (var i = 0; i < convNames.Count; i++)
            {
                KerasWeightMapping.LoadConv2DAsConv1d(weights.GetLayer(convNames[i]), blocks.Trunk[i].Convolution.Module);
            }

            for (var i = 0; i < denseNames.Count; i++)
            {
                KerasWeightMapping.LoadDense(weights.GetLayer(denseNames[i]), blocks.Head[i].Linear.Module);
            }
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

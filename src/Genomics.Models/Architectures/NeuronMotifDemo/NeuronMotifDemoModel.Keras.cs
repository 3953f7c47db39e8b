using Genomics.Models.Serialization.Keras;
using TorchSharp.Modules;

namespace Genomics.Models.Architectures.NeuronMotifDemo;

public sealed partial class NeuronMotifDemoModel
{
    /// <summary>
    /// Builds a model from a full-model Keras HDF5 file (such as NeuronMotif's <c>demo1/weight.hdf5</c> and
    /// <c>demo2/weight.hdf5</c>) and loads its weights.
    /// </summary>
    /// <param name="fullModelPath">A Keras 2 file written by <c>model.save</c>, with the architecture in <c>model_config</c>.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the imported weights and running statistics. The caller owns it.</returns>
    /// <remarks>
    /// The architecture must be a chain of blocks Conv1D (valid, stride 1, no dilation) → optional BatchNormalization
    /// → Activation ReLU → optional MaxPooling1D (pool = stride, valid), ending in Conv1D → optional
    /// BatchNormalization → Activation sigmoid → optional Flatten. A convolution's own <c>activation</c> may stand in
    /// for the Activation layer when no batch normalisation follows it. All batch normalisations must share one
    /// epsilon and momentum.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="fullModelPath"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fullModelPath"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="KerasImportException">
    /// The file holds weights only, the architecture is not such a stack, or the weights do not fit it; the message
    /// names the file, the layer and the problem.
    /// </exception>
    public static NeuronMotifDemoModel FromKeras(string fullModelPath)
    {
        var weights = KerasWeightFile.Read(fullModelPath);
        if (weights.ModelConfigJson is null)
        {
            throw new KerasImportException(fullModelPath, null, "the file holds weights only; pass the architecture JSON as well");
        }

        return FromKeras(KerasModelConfig.Parse(weights.ModelConfigJson, fullModelPath), weights);
    }

    /// <summary>Builds a model from a Keras architecture JSON and loads the weights of the matching HDF5 file.</summary>
    /// <param name="architectureJsonPath">The architecture JSON (<c>model.to_json()</c>).</param>
    /// <param name="weightsPath">The Keras HDF5 weights, weight-only or full-model.</param>
    /// <returns>The model in evaluation mode, on the CPU, with the imported weights. The caller owns it.</returns>
    /// <remarks>The architecture must have the form described in <see cref="FromKeras(string)"/>.</remarks>
    /// <exception cref="ArgumentException">A path is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException">A path is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="KerasImportException">The architecture is not such a stack, or the weights do not fit it.</exception>
    public static NeuronMotifDemoModel FromKeras(string architectureJsonPath, string weightsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architectureJsonPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(weightsPath);
        var config = KerasModelConfig.ReadFile(architectureJsonPath);
        return FromKeras(config, KerasWeightFile.Read(weightsPath));
    }

    /// <summary>Reads the options a Keras architecture describes, without loading weights.</summary>
    /// <param name="config">A parsed Keras architecture of the form described in <see cref="FromKeras(string)"/>.</param>
    /// <returns>The options, validated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="KerasImportException">The architecture is not such a stack.</exception>
    public static NeuronMotifDemoOptions OptionsFromKeras(KerasModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return NeuronMotifKerasArchitecture.Read(config).Options;
    }

    private static NeuronMotifDemoModel FromKeras(KerasModelConfig config, KerasWeightFile weights)
    {
        var (options, blocks) = NeuronMotifKerasArchitecture.Read(config);
        var model = new NeuronMotifDemoModel(options);
        try
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = model.Architecture.Trunk[i];
                KerasWeightMapping.LoadConv1D(weights.GetLayer(blocks[i].Conv), block.Convolution.Module);
                if (blocks[i].Norm is { } norm)
                {
                    KerasWeightMapping.LoadBatchNormalization(weights.GetLayer(norm), (BatchNorm1d)block.Normalization!.Module);
                }
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

using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.NeuronMotifDemo;

/// <summary>
/// The plain convolutional stacks of NeuronMotif's toy models (Wei et al., PNAS 2023): blocks of valid convolution,
/// optional batch normalisation, ReLU and max-pool, ending in a convolution whose sigmoid is the prediction.
/// </summary>
/// <remarks>
/// <para>Layers, for one-hot input (N, 4, L), block i = 1 … B (module names are checkpoint keys):</para>
/// <list type="number">
/// <item><c>conv{i}</c>: Conv1d, valid, stride 1.</item>
/// <item><c>norm{i}</c> (when the block has batch normalisation): BatchNorm1d with Keras' epsilon 1e-3.</item>
/// <item><c>relu{i}</c> (every block but the last): ReLU.</item>
/// <item><c>pool{i}</c> (when the pool size exceeds 1): max-pool, stride = window, floor mode.</item>
/// <item>After block B: flatten in Keras order (position major, filter minor) → logits (N, T), T = length × filters.</item>
/// </list>
/// <para>
/// <see cref="NeuronMotifDemoOptions.Demo1"/>: (N, 4, 8) → conv1 3×5 → (N, 3, 4) → pool1 → (N, 3, 2) → conv2 1×2 →
/// (N, 1). <see cref="NeuronMotifDemoOptions.Demo2"/>: (N, 4, 82) → 76 → 38 → 36 → 18 → 16 → 8 → 6 → 3 → conv5 → (N, 1).
/// Deviations from the Keras models: the final sigmoid is the output activation (<see cref="OutputActivation.Sigmoid"/>)
/// instead of a layer, so the model returns logits. Trained weights load with <see cref="FromKeras(string)"/>.
/// </para>
/// <para>
/// The model is built from blocks (<see cref="BlockSequenceModel{TOptions}"/>) with no dense head; its trunk stages are,
/// per block, the convolution (valid), batch normalisation and ReLU when present (element-wise, one stage) and the
/// max-pool (floor). <c>forward</c> takes one-hot DNA (N, 4, <see cref="NeuronMotifDemoOptions.InputLength"/>), A, C,
/// G, T order, and returns logits (N, T), T = final length × final filters (1 for both demos).
/// </para>
/// </remarks>
public sealed partial class NeuronMotifDemoModel : BlockSequenceModel<NeuronMotifDemoOptions>
{
    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="NeuronMotifDemoOptions.Demo2"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public NeuronMotifDemoModel(NeuronMotifDemoOptions? options = null)
        : base(nameof(NeuronMotifDemoModel), (options ?? NeuronMotifDemoOptions.Demo2).Validate(), BuildBlocks)
    {
    }

    private static BlockArchitecture BuildBlocks(NeuronMotifDemoOptions o)
    {
        var count = o.ConvLayers.Count;
        var trunk = new List<ConvolutionBlock>();
        var channels = 4;
        for (var i = 0; i < count; i++)
        {
            var block = o.ConvLayers[i];
            var n = i + 1;
            trunk.Add(new ConvolutionBlock(
                NamedModule.Of($"conv{n}", new Conv1dLayer(channels, block.Filters, block.KernelSize)),
                normalization: block.BatchNorm ? NamedModule.Of<nn.Module<Tensor, Tensor>>($"norm{n}", nn.BatchNorm1d(block.Filters, eps: o.BatchNormEpsilon, momentum: o.BatchNormMomentum)) : null,
                activation: i < count - 1 ? NamedModule.Of($"relu{n}", new Activation(ActivationKind.Relu)) : null,
                pool: block.PoolSize > 1 ? NamedModule.Of($"pool{n}", new Pool1d(PoolKind.Max, block.PoolSize)) : null));
            channels = block.Filters;
        }

        var length = o.OutputLength();
        var targets = length * channels == 1
            ? new[] { "positive" }
            : Enumerable.Range(0, length).SelectMany(l => Enumerable.Range(0, channels).Select(c => $"position{l}_filter{c}")).ToArray();

        // Keras flattens a channels-last map: position major, channel minor.
        return new BlockArchitecture(
            SequenceInputSpec.Dna(o.InputLength),
            new SequenceOutputSpec(targets, OutputActivation.Sigmoid),
            trunk,
            FeatureFlattening.PositionMajor,
            []);
    }
}

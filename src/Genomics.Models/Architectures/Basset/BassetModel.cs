using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.Basset;

/// <summary>
/// Basset (Kelley, Snoek and Rinn, Genome Research 26:990, 2016): a CNN predicting DNase I accessibility of a 600 bp
/// sequence in 164 cell types.
/// </summary>
/// <remarks>
/// Layers, for one-hot DNA input (N, 4, 600) with the published options:
/// 1. <c>convs.0</c>: Conv1d 4→300, width 19, valid → (N, 300, 582); <c>convNorms.0</c> BatchNorm1d; <c>convActivations.0</c> ReLU;
///    <c>pools.0</c> max-pool 3 → (N, 300, 194).
/// 2. <c>convs.1</c>: Conv1d 300→200, width 11 → (N, 200, 184); BatchNorm; ReLU; <c>pools.1</c> max-pool 4 → (N, 200, 46).
/// 3. <c>convs.2</c>: Conv1d 200→200, width 7 → (N, 200, 40); BatchNorm; ReLU; <c>pools.2</c> max-pool 4 → (N, 200, 10).
/// 4. Flatten (channel-major, c·10 + l, as Torch7's <c>nn.Reshape</c>) → 2000.
/// 5. <c>hidden.0</c>: Linear 2000→1000; <c>hiddenNorms.0</c> BatchNorm1d; <c>hiddenActivations.0</c> ReLU; <c>hiddenDropouts.0</c> 0.3.
/// 6. <c>hidden.1</c>: Linear 1000→1000; BatchNorm; ReLU; dropout 0.3.
/// 7. <c>output</c>: Linear 1000→164 → logits (N, 164); <see cref="OutputActivation.Sigmoid"/> gives probabilities.
/// Parameters: 4,135,064 (4,131,064 without the hidden batch normalisation).
/// Deviations from the original Torch7 model (davek44/Basset <c>src/convnet.lua</c>): the output is the logits (the
/// original ends with <c>nn.Sigmoid</c>; train with binary cross-entropy on logits, the same loss); pools are max-pools
/// with stride equal to the window in floor mode, exactly as <c>nn.SpatialMaxPooling(w, 1)</c>. The hidden layers are
/// batch-normalised because the original code does so by default (<c>batch_normalize = true</c>, not switched off by
/// <c>pretrained_params.txt</c>); set <see cref="BassetOptions.HiddenBatchNorm"/> to false for the plainer variant
/// some re-implementations use. Weights use TorchSharp's default initialisation.
/// The model is built from blocks (<see cref="BlockSequenceModel{TOptions}"/>): each convolution block gives the trunk
/// stages convolution (valid), batch normalisation + ReLU (element-wise) and max-pool (floor mode), for fast ISM and
/// local-edit DeepASMM. <c>forward</c> takes one-hot DNA (N, 4, <see cref="BassetOptions.InputLength"/>) and returns
/// logits (N, T); apply a sigmoid for accessibility probabilities.
/// </remarks>
public sealed class BassetModel : BlockSequenceModel<BassetOptions>
{
    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="BassetOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public BassetModel(BassetOptions? options = null)
        : base(nameof(BassetModel), (options ?? BassetOptions.Published).Validate(), BuildBlocks)
    {
    }

    private static BlockArchitecture BuildBlocks(BassetOptions o)
    {
        var trunk = new List<ConvolutionBlock>();
        long channels = 4;
        for (var i = 0; i < o.ConvFilters.Count; i++)
        {
            var filters = o.ConvFilters[i];
            trunk.Add(new ConvolutionBlock(
                NamedModule.Of($"convs.{i}", new Conv1dLayer(channels, filters, o.ConvWidths[i])),
                normalization: NamedModule.Of<nn.Module<Tensor, Tensor>>($"convNorms.{i}", nn.BatchNorm1d(filters, o.BatchNormEpsilon, o.BatchNormMomentum)),
                activation: NamedModule.Of($"convActivations.{i}", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of($"pools.{i}", new Pool1d(PoolKind.Max, o.PoolWidths[i]))));
            channels = filters;
        }

        var head = new List<DenseBlock>();
        long width = o.FlattenedFeatures;
        for (var i = 0; i < o.HiddenUnits.Count; i++)
        {
            var units = o.HiddenUnits[i];
            head.Add(new DenseBlock(
                NamedModule.Of($"hidden.{i}", new DenseLayer(width, units)),
                normalization: o.HiddenBatchNorm ? NamedModule.Of<nn.Module<Tensor, Tensor>>($"hiddenNorms.{i}", nn.BatchNorm1d(units, o.BatchNormEpsilon, o.BatchNormMomentum)) : null,
                activation: NamedModule.Of($"hiddenActivations.{i}", new Activation(ActivationKind.Relu)),
                dropout: NamedModule.Of($"hiddenDropouts.{i}", nn.Dropout(o.HiddenDropouts[i]))));
            width = units;
        }

        head.Add(new DenseBlock(NamedModule.Of("output", new DenseLayer(width, o.Targets))));
        return new BlockArchitecture(
            SequenceInputSpec.Dna(o.InputLength),
            new SequenceOutputSpec(o.ResolveTargetNames(), OutputActivation.Sigmoid),
            trunk,
            FeatureFlattening.ChannelMajor,
            head);
    }
}

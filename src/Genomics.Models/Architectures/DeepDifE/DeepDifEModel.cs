using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepDifE;

/// <summary>
/// DeepDifE (Opdebeeck et al., bioRxiv 2025): a CNN classifying whether an Arabidopsis gene is differentially
/// expressed under abscisic acid from its promoter sequence.
/// </summary>
/// <remarks>
/// <para>Layers, for one-hot input (N, 4, 620) with the published options (VIB-PSB/DeepDifE <c>get_tf_model</c>):</para>
/// <list type="number">
/// <item><c>conv</c>: Conv1d 4→64, width 12, valid → (N, 64, 609); <c>convActivation</c> ReLU.</item>
/// <item><c>pool</c>: max-pool 6, stride 6 (floor) → (N, 64, 101); <c>convDropout</c> 0.25.</item>
/// <item>
/// <c>extraConvs.0</c>: zero padding 0 left / 1 right (Keras <c>'same'</c> with stride: output ceil(101/6) = 17, the
/// extra element at the end), Conv1d 64→64, width 6, stride 6 → (N, 64, 17); <c>extraActivations.0</c> ReLU;
/// <c>extraDropouts.0</c> 0.25.
/// </item>
/// <item><c>extraConvs.1</c>: padding 0/1, Conv1d 64→32, width 6, stride 6 → (N, 32, 3); ReLU; dropout 0.25.</item>
/// <item>Flatten in Keras order (length major, channel minor: feature <c>l·C + c</c>) → 96.</item>
/// <item><c>dense1</c>: Linear 96→256, <c>dense1Activation</c> ReLU, <c>denseDropout</c> 0.25.</item>
/// <item><c>dense2</c>: Linear 256→128, <c>dense2Activation</c> ReLU.</item>
/// <item><c>output</c>: Linear 128→1 → logit (N, 1); the sigmoid is the output activation.</item>
/// </list>
/// <para>
/// 97,953 parameters. Deviations from the original Keras model: the first layer is a Conv1d over the four bases
/// rather than a Conv2D with a (12, 4) kernel over a (620, 4, 1) image, and the extra convolutions are Conv1d
/// rather than (6, 1) Conv2D — the same functions (see <see cref="Serialization.Keras.KerasWeightMapping"/>); the
/// model returns the logit and leaves the sigmoid to <see cref="OutputActivation.Sigmoid"/>; the L2 kernel penalty
/// is a training option (<see cref="DeepDifEOptions.KernelL2"/>). The published "conjoined" prediction — the mean of
/// the SIGMOID outputs for the forward and the reverse-complement input — is
/// <c>new ReverseComplementAverage(model, averageProbabilities: true)</c>; the two-input form DeepDifE explains with
/// SHAP's DeepExplainer (forward and reverse-complement inputs referenced separately) is
/// <see cref="Adapters.ConjoinedStrands"/>. Published weights load with <see cref="FromKeras(string, string)"/>.
/// </para>
/// <para>
/// The model is built from blocks (<see cref="BlockSequenceModel{TOptions}"/>); its trunk stages are <c>conv</c> (valid),
/// ReLU, <c>pool</c> (floor), dropout, then per extra convolution its zero padding and strided convolution as one stage
/// and ReLU + dropout. <c>forward</c> takes one-hot DNA (N, 4, <see cref="DeepDifEOptions.InputLength"/>), A, C, G, T
/// order, and returns logits (N, 1); apply a sigmoid for the probability of differential expression.
/// </para>
/// </remarks>
public sealed partial class DeepDifEModel : BlockSequenceModel<DeepDifEOptions>
{
    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="DeepDifEOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public DeepDifEModel(DeepDifEOptions? options = null)
        : base(nameof(DeepDifEModel), (options ?? DeepDifEOptions.Published).Validate(), BuildBlocks)
    {
    }

    private static BlockArchitecture BuildBlocks(DeepDifEOptions o)
    {
        var trunk = new List<ConvolutionBlock>
        {
            new(
                NamedModule.Of("conv", new Conv1dLayer(4, o.FirstFilters, o.KernelLength)),
                activation: NamedModule.Of("convActivation", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of("pool", new Pool1d(PoolKind.Max, o.PoolSize)),
                dropout: NamedModule.Of("convDropout", nn.Dropout(o.Dropout))),
        };
        var channels = o.FirstFilters;
        var length = o.PooledLength();
        for (var i = 1; i < o.ConvLayers; i++)
        {
            var filters = o.ExtraConvFilters(i);
            var (left, right, next) = o.ExtraConvPadding(length);
            trunk.Add(new ConvolutionBlock(
                NamedModule.Of($"extraConvs.{i - 1}", new Conv1dLayer(channels, filters, o.ExtraConvKernelSize, stride: o.ExtraConvStride)),
                activation: NamedModule.Of($"extraActivations.{i - 1}", new Activation(ActivationKind.Relu)),
                dropout: NamedModule.Of($"extraDropouts.{i - 1}", nn.Dropout(o.Dropout)),
                paddingBefore: left,
                paddingAfter: right));
            channels = filters;
            length = next;
        }

        DenseBlock[] head =
        [
            new(
                NamedModule.Of("dense1", new DenseLayer(o.FlattenedFeatures(), o.FirstDenseUnits)),
                activation: NamedModule.Of("dense1Activation", new Activation(ActivationKind.Relu)),
                dropout: NamedModule.Of("denseDropout", nn.Dropout(o.Dropout))),
            new(
                NamedModule.Of("dense2", new DenseLayer(o.FirstDenseUnits, o.SecondDenseUnits)),
                activation: NamedModule.Of("dense2Activation", new Activation(ActivationKind.Relu))),
            new(NamedModule.Of("output", new DenseLayer(o.SecondDenseUnits, 1))),
        ];

        // Keras flattens a channels-last map: position major, channel minor.
        return new BlockArchitecture(
            SequenceInputSpec.Dna(o.InputLength),
            new SequenceOutputSpec(["differentially_expressed"], OutputActivation.Sigmoid),
            trunk,
            FeatureFlattening.PositionMajor,
            head);
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
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
/// <c>new ReverseComplementAverage(model, averageProbabilities: true)</c>. Published weights load with
/// <see cref="FromKeras(string, string)"/>.
/// </para>
/// </remarks>
public sealed partial class DeepDifEModel : SequenceModel<DeepDifEOptions>, IConvolutionalTrunk
{
    private readonly Conv1dLayer conv;
    private readonly Activation convActivation;
    private readonly Pool1d pool;
    private readonly Dropout convDropout;
    private readonly ModuleList<Conv1dLayer> extraConvs;
    private readonly ModuleList<Activation> extraActivations;
    private readonly ModuleList<Dropout> extraDropouts;
    private readonly Linear dense1;
    private readonly Activation dense1Activation;
    private readonly Dropout denseDropout;
    private readonly Linear dense2;
    private readonly Activation dense2Activation;
    private readonly Linear output;
    private readonly (long Left, long Right)[] _extraPadding;
    private readonly IReadOnlyList<LayerInfo> _layers;
    private IReadOnlyList<TrunkStage>? _stages;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="DeepDifEOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public DeepDifEModel(DeepDifEOptions? options = null)
        : base(nameof(DeepDifEModel), (options ?? DeepDifEOptions.Published).Validate())
    {
        var o = Options;
        var rf = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();

        conv = new Conv1dLayer(4, o.FirstFilters, o.KernelLength);
        convActivation = new Activation(ActivationKind.Relu);
        pool = new Pool1d(PoolKind.Max, o.PoolSize);
        convDropout = nn.Dropout(o.Dropout);
        layers.Add(rf.Apply(o.KernelLength).Describe("conv", LayerKind.Convolution, o.FirstFilters));
        layers.Add(rf.Describe("convActivation", LayerKind.Activation, o.FirstFilters));
        layers.Add(rf.Apply(o.PoolSize, o.PoolSize).Describe("pool", LayerKind.Pooling, o.FirstFilters));

        extraConvs = new ModuleList<Conv1dLayer>();
        extraActivations = new ModuleList<Activation>();
        extraDropouts = new ModuleList<Dropout>();
        _extraPadding = new (long, long)[o.ConvLayers - 1];
        var channels = o.FirstFilters;
        var length = o.PooledLength();
        for (var i = 1; i < o.ConvLayers; i++)
        {
            var filters = o.ExtraConvFilters(i);
            var (left, right, next) = o.ExtraConvPadding(length);
            _extraPadding[i - 1] = (left, right);
            extraConvs.Add(new Conv1dLayer(channels, filters, o.ExtraConvKernelSize, stride: o.ExtraConvStride));
            extraActivations.Add(new Activation(ActivationKind.Relu));
            extraDropouts.Add(nn.Dropout(o.Dropout));
            layers.Add(rf.Apply(o.ExtraConvKernelSize, o.ExtraConvStride).Describe($"extraConvs.{i - 1}", LayerKind.Convolution, filters));
            layers.Add(rf.Describe($"extraActivations.{i - 1}", LayerKind.Activation, filters));
            channels = filters;
            length = next;
        }

        dense1 = nn.Linear(o.FlattenedFeatures(), o.FirstDenseUnits);
        dense1Activation = new Activation(ActivationKind.Relu);
        denseDropout = nn.Dropout(o.Dropout);
        dense2 = nn.Linear(o.FirstDenseUnits, o.SecondDenseUnits);
        dense2Activation = new Activation(ActivationKind.Relu);
        output = nn.Linear(o.SecondDenseUnits, 1);
        RegisterComponents();

        layers.Add(new LayerInfo("dense1", LayerKind.Linear, o.FirstDenseUnits, null, null));
        layers.Add(new LayerInfo("dense1Activation", LayerKind.Activation, o.FirstDenseUnits, null, null));
        layers.Add(new LayerInfo("dense2", LayerKind.Linear, o.SecondDenseUnits, null, null));
        layers.Add(new LayerInfo("dense2Activation", LayerKind.Activation, o.SecondDenseUnits, null, null));
        layers.Add(new LayerInfo("output", LayerKind.Linear, 1, null, null));
        _layers = layers;
        Input = SequenceInputSpec.Dna(o.InputLength);
        Output = new SequenceOutputSpec(["differentially_expressed"], OutputActivation.Sigmoid);
    }

    /// <inheritdoc />
    public override SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public override SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public override IReadOnlyList<LayerInfo> Layers => _layers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">One-hot DNA (N, 4, <see cref="DeepDifEOptions.InputLength"/>), float32, A, C, G, T order.</param>
    /// <returns>Logits (N, 1), float32; apply a sigmoid for the probability of differential expression.</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, InputLength) or the batch is empty.</exception>
    public override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var x = convDropout.call(pool.call(convActivation.call(conv.call(input))));
        for (var i = 0; i < extraConvs.Count; i++)
        {
            var (left, right) = _extraPadding[i];
            if (left > 0 || right > 0)
            {
                x = nn.functional.pad(x, (left, right));
            }

            x = extraDropouts[i].call(extraActivations[i].call(extraConvs[i].call(x)));
        }

        return Head(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>conv</c> (valid), ReLU, <c>pool</c> (floor), dropout; then per extra convolution its zero padding and strided
    /// convolution as one stage, ReLU and dropout.
    /// </remarks>
    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??= BuildStages();

    /// <inheritdoc />
    public Tensor EvaluateHead(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        return Head(features).MoveToOuterDisposeScope();
    }

    private List<TrunkStage> BuildStages()
    {
        var o = Options;
        var stages = new List<TrunkStage>
        {
            TrunkStage.ForConvolution("conv", conv, o.KernelLength),
            TrunkStage.Pointwise("convActivation", convActivation.call),
            new("pool", pool.KernelSize, pool.Stride, 0, 0, double.NegativeInfinity, pool.call),
            TrunkStage.Pointwise("convDropout", convDropout.call),
        };
        for (var i = 0; i < extraConvs.Count; i++)
        {
            var (left, right) = _extraPadding[i];
            stages.Add(TrunkStage.ForConvolution($"extraConvs.{i}", extraConvs[i], o.ExtraConvKernelSize, o.ExtraConvStride, (int)left, (int)right));
            var activation = extraActivations[i];
            var dropout = extraDropouts[i];
            stages.Add(TrunkStage.Pointwise($"extraActivations.{i}+extraDropouts.{i}", t => dropout.call(activation.call(t))));
        }

        return stages;
    }

    private Tensor Head(Tensor features)
    {
        // Keras flattens a channels-last map: position major, channel minor.
        var x = features.permute(0, 2, 1).flatten(1);
        x = denseDropout.call(dense1Activation.call(dense1.call(x)));
        x = dense2Activation.call(dense2.call(x));
        return output.call(x);
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
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
/// </remarks>
public sealed class BassetModel : SequenceModel<BassetOptions>, IConvolutionalTrunk
{
    private readonly ModuleList<Conv1dLayer> convs;
    private readonly ModuleList<BatchNorm1d> convNorms;
    private readonly ModuleList<Activation> convActivations;
    private readonly ModuleList<Pool1d> pools;
    private readonly ModuleList<Linear> hidden;
    private readonly ModuleList<BatchNorm1d> hiddenNorms;
    private readonly ModuleList<Activation> hiddenActivations;
    private readonly ModuleList<Dropout> hiddenDropouts;
    private readonly Linear output;
    private readonly IReadOnlyList<LayerInfo> _layers;
    private IReadOnlyList<TrunkStage>? _stages;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="BassetOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public BassetModel(BassetOptions? options = null)
        : base(nameof(BassetModel), (options ?? BassetOptions.Published).Validate())
    {
        var o = Options;
        convs = new ModuleList<Conv1dLayer>();
        convNorms = new ModuleList<BatchNorm1d>();
        convActivations = new ModuleList<Activation>();
        pools = new ModuleList<Pool1d>();
        var rf = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();
        long channels = 4;
        for (var i = 0; i < o.ConvFilters.Count; i++)
        {
            var filters = o.ConvFilters[i];
            convs.Add(new Conv1dLayer(channels, filters, o.ConvWidths[i]));
            convNorms.Add(nn.BatchNorm1d(filters, o.BatchNormEpsilon, o.BatchNormMomentum));
            convActivations.Add(new Activation(ActivationKind.Relu));
            pools.Add(new Pool1d(PoolKind.Max, o.PoolWidths[i]));
            layers.Add(rf.Apply(o.ConvWidths[i]).Describe($"convs.{i}", LayerKind.Convolution, filters));
            layers.Add(rf.Describe($"convNorms.{i}", LayerKind.Normalization, filters));
            layers.Add(rf.Describe($"convActivations.{i}", LayerKind.Activation, filters));
            layers.Add(rf.Apply(o.PoolWidths[i], o.PoolWidths[i]).Describe($"pools.{i}", LayerKind.Pooling, filters));
            channels = filters;
        }

        hidden = new ModuleList<Linear>();
        hiddenNorms = new ModuleList<BatchNorm1d>();
        hiddenActivations = new ModuleList<Activation>();
        hiddenDropouts = new ModuleList<Dropout>();
        long width = o.FlattenedFeatures;
        for (var i = 0; i < o.HiddenUnits.Count; i++)
        {
            var units = o.HiddenUnits[i];
            hidden.Add(nn.Linear(width, units));
            layers.Add(new LayerInfo($"hidden.{i}", LayerKind.Linear, units, null, null));
            if (o.HiddenBatchNorm)
            {
                hiddenNorms.Add(nn.BatchNorm1d(units, o.BatchNormEpsilon, o.BatchNormMomentum));
                layers.Add(new LayerInfo($"hiddenNorms.{i}", LayerKind.Normalization, units, null, null));
            }

            hiddenActivations.Add(new Activation(ActivationKind.Relu));
            hiddenDropouts.Add(nn.Dropout(o.HiddenDropouts[i]));
            layers.Add(new LayerInfo($"hiddenActivations.{i}", LayerKind.Activation, units, null, null));
            width = units;
        }

        output = nn.Linear(width, o.Targets);
        layers.Add(new LayerInfo("output", LayerKind.Linear, o.Targets, null, null));
        RegisterComponents();

        Input = SequenceInputSpec.Dna(o.InputLength);
        Output = new SequenceOutputSpec(o.ResolveTargetNames(), OutputActivation.Sigmoid);
        _layers = layers;
    }

    /// <inheritdoc />
    public override SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public override SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public override IReadOnlyList<LayerInfo> Layers => _layers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">One-hot DNA (N, 4, L), float32, with L = <see cref="BassetOptions.InputLength"/>.</param>
    /// <returns>Logits (N, T), float32; apply a sigmoid for accessibility probabilities.</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, L).</exception>
    public override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = pools[i].call(convActivations[i].call(convNorms[i].call(convs[i].call(x))));
        }

        return Head(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Per convolution block: the convolution (valid), batch normalisation and ReLU (element-wise), the max-pool (floor mode).</remarks>
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
        var stages = new List<TrunkStage>();
        for (var i = 0; i < convs.Count; i++)
        {
            var conv = convs[i];
            var norm = convNorms[i];
            var activation = convActivations[i];
            var pool = pools[i];
            stages.Add(TrunkStage.ForConvolution($"convs.{i}", conv, Options.ConvWidths[i]));
            stages.Add(TrunkStage.Pointwise($"convNorms.{i}+convActivations.{i}", t => activation.call(norm.call(t))));
            stages.Add(new TrunkStage($"pools.{i}", pool.KernelSize, pool.Stride, 0, 0, double.NegativeInfinity, pool.call));
        }

        return stages;
    }

    private Tensor Head(Tensor features)
    {
        var x = features.flatten(1);
        for (var i = 0; i < hidden.Count; i++)
        {
            x = hidden[i].call(x);
            if (hiddenNorms.Count > 0)
            {
                x = hiddenNorms[i].call(x);
            }

            x = hiddenDropouts[i].call(hiddenActivations[i].call(x));
        }

        return output.call(x);
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// The Saluki-style CNN + GRU regression model of CombMotif (Zeng et al., Bioinformatics 40:i381, 2024; architecture of
/// Agarwal &amp; Kelley, Genome Biology 2022), predicting mRNA half-life or 5′ UTR mean ribosome load.
/// </summary>
/// <remarks>
/// Layers, for input (N, C, L) with F filters, kernel k, padding p and B blocks (half-life preset: C 6, L 12,288,
/// F 64, k 5, p 0, B 6):
/// 1. <c>shift_layer</c>: training only, shift right by s ∈ {0 … 3} with zero fill (<see cref="StochasticShift"/>).
/// 2. <c>conv1</c>: Conv1d C→F, width k, padding p, no bias → (N, 64, 12,284).
/// 3. B blocks, block i: <c>ln_layers.i</c> LayerNorm over channels (eps 0.007) → <c>relu_layers.i</c> →
///    <c>conv_layers.i</c> Conv1d F→F, width k, padding p → <c>dropout_layers.i</c> → <c>pool_layers.i</c> max-pool 2
///    → lengths 12,280→6,140 … 376→188.
/// 4. <c>Pln1</c> LayerNorm over channels → <c>relu</c> → (N, 64, 188).
/// 5. <c>rnn</c>: GRU F→F, output at its last step (<see cref="LastStepGru"/>) → (N, 64).
/// 6. <c>bn1</c> BatchNorm1d → <c>relu1</c> → <c>fc1</c> Linear F→F → <c>dropout</c> → <c>bn2</c> BatchNorm1d →
///    <c>relu2</c> → <c>head</c> Linear F→T → (N, T).
/// Initialisation as CombMotif: convolutions Kaiming-normal (fan-out, ReLU gain) with PyTorch's default biases, linear
/// weights Kaiming-normal (fan-in, gain √2) with default biases, GRU weights Kaiming-normal and biases zero.
/// State-dict keys equal those of CombMotif's <c>saluki_torch</c> (<c>conv1.weight</c>, <c>Pln1.ln.weight</c>,
/// <c>conv_layers.0.weight</c>, <c>ln_layers.0.ln.weight</c>, <c>bn1.running_mean</c>, <c>rnn.gru.weight_ih_l0</c> …).
/// Deviations: the GRU direction and BatchNorm momentum are options (<see cref="CnnGruOptions"/> documents both
/// defaults); dropout, ReLU and pooling are modules rather than functional calls (no parameters, same keys); the
/// stochastic shift draws from libtorch's generator in every training-mode call, as the original does.
/// In training mode the BatchNorm layers need at least two examples per batch.
/// </remarks>
public sealed partial class CnnGruModel : SequenceModel<CnnGruOptions>
{
    private readonly StochasticShift shift_layer;
    private readonly Conv1dLayer conv1;
    private readonly ChannelLayerNorm Pln1;
    private readonly ModuleList<Conv1dLayer> conv_layers;
    private readonly ModuleList<ChannelLayerNorm> ln_layers;
    private readonly ModuleList<Activation> relu_layers;
    private readonly ModuleList<Dropout> dropout_layers;
    private readonly ModuleList<Pool1d> pool_layers;
    private readonly Activation relu;
    private readonly BatchNorm1d bn1;
    private readonly BatchNorm1d bn2;
    private readonly Linear fc1;
    private readonly Linear head;
    private readonly Activation relu1;
    private readonly Activation relu2;
    private readonly Dropout dropout;
    private readonly LastStepGru rnn;
    private readonly IReadOnlyList<CnnGruNeuronLayer> _neuronLayers;

    /// <summary>Builds the network with CombMotif's initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="CnnGruOptions.HalfLife"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public CnnGruModel(CnnGruOptions? options = null)
        : base(nameof(CnnGruModel), (options ?? CnnGruOptions.HalfLife).Validate())
    {
        var o = Options;
        shift_layer = new StochasticShift(o.AugmentShift);
        conv1 = new Conv1dLayer(o.Channels, o.Filters, o.KernelSize, paddingBefore: o.Padding, paddingAfter: o.Padding, bias: false);
        Pln1 = new ChannelLayerNorm(o.Filters, o.LayerNormEpsilon);
        conv_layers = new ModuleList<Conv1dLayer>();
        ln_layers = new ModuleList<ChannelLayerNorm>();
        relu_layers = new ModuleList<Activation>();
        dropout_layers = new ModuleList<Dropout>();
        pool_layers = new ModuleList<Pool1d>();
        for (var i = 0; i < o.Blocks; i++)
        {
            conv_layers.Add(new Conv1dLayer(o.Filters, o.Filters, o.KernelSize, paddingBefore: o.Padding, paddingAfter: o.Padding, bias: true));
            ln_layers.Add(new ChannelLayerNorm(o.Filters, o.LayerNormEpsilon));
            relu_layers.Add(new Activation(ActivationKind.Relu));
            dropout_layers.Add(nn.Dropout(o.Dropout));
            pool_layers.Add(new Pool1d(PoolKind.Max, 2));
        }

        relu = new Activation(ActivationKind.Relu);
        bn1 = nn.BatchNorm1d(o.Filters, eps: o.BatchNormEpsilon, momentum: o.BatchNormMomentum);
        bn2 = nn.BatchNorm1d(o.Filters, eps: o.BatchNormEpsilon, momentum: o.BatchNormMomentum);
        fc1 = nn.Linear(o.Filters, o.Filters);
        head = nn.Linear(o.Filters, o.TargetNames.Count);
        relu1 = new Activation(ActivationKind.Relu);
        relu2 = new Activation(ActivationKind.Relu);
        dropout = nn.Dropout(o.Dropout);
        rnn = new LastStepGru(o.Filters, o.Filters, o.Direction);
        RegisterComponents();
        Initialise();

        var isDna = o.ChannelNames.SequenceEqual(["A", "C", "G", "T"], StringComparer.Ordinal);
        (var layers, _neuronLayers) = DescribeLayers(o);
        Describe(isDna ? SequenceInputSpec.Dna(o.Length) : SequenceInputSpec.Tracks(o.ChannelNames, o.Length), new SequenceOutputSpec(o.TargetNames), layers);
    }

    /// <summary>The convolutions whose channels are neurons for interpretation: <c>conv1</c>, <c>conv2</c> (block 0) … <c>conv{B+1}</c>.</summary>
    /// <remarks>Receptive fields with width 5: 5, 9, 18, 36, 72, 144, 288; the pools after them see 10, 20, 40, 80, 160, 320.</remarks>
    public IReadOnlyList<CnnGruNeuronLayer> NeuronLayers => _neuronLayers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">Inputs (N, C, L), float32.</param>
    /// <returns>Predictions (N, T), float32 (regression values, no output activation).</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = conv1.call(shift_layer.call(input));
        for (var i = 0; i < conv_layers.Count; i++)
        {
            x = relu_layers[i].call(ln_layers[i].call(x));
            x = pool_layers[i].call(dropout_layers[i].call(conv_layers[i].call(x)));
        }

        x = rnn.call(relu.call(Pln1.call(x)));
        x = fc1.call(relu1.call(bn1.call(x)));
        x = relu2.call(bn2.call(dropout.call(x)));
        return head.call(x).MoveToOuterDisposeScope();
    }

    private void Initialise()
    {
        using var noGrad = torch.no_grad();
        foreach (var conv in conv_layers.Prepend(conv1))
        {
            nn.init.kaiming_normal_(conv.Weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }

        foreach (var linear in new[] { fc1, head })
        {
            nn.init.kaiming_normal_(linear.weight, a: 0, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
        }

        foreach (var (name, parameter) in rnn.Gru.named_parameters())
        {
            if (name.StartsWith("weight", StringComparison.Ordinal))
            {
                nn.init.kaiming_normal_(parameter, a: 0, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
            }
            else
            {
                parameter.zero_();
            }
        }
    }

    private static (IReadOnlyList<LayerInfo> Layers, IReadOnlyList<CnnGruNeuronLayer> Neurons) DescribeLayers(CnnGruOptions o)
    {
        var rf = new ReceptiveFieldTracker();
        var f = o.Filters;
        var layers = new List<LayerInfo> { rf.Apply(o.KernelSize).Describe("conv1", LayerKind.Convolution, f) };
        var neurons = new List<CnnGruNeuronLayer> { new("conv1", "conv1", f, rf.Field) };
        for (var i = 0; i < o.Blocks; i++)
        {
            layers.Add(rf.Describe($"ln_layers.{i}", LayerKind.Normalization, f));
            layers.Add(rf.Describe($"relu_layers.{i}", LayerKind.Activation, f));
            layers.Add(rf.Apply(o.KernelSize).Describe($"conv_layers.{i}", LayerKind.Convolution, f));
            neurons.Add(new($"conv{i + 2}", $"conv_layers.{i}", f, rf.Field));
            layers.Add(rf.Apply(2, 2).Describe($"pool_layers.{i}", LayerKind.Pooling, f));
        }

        layers.Add(rf.Describe("Pln1", LayerKind.Normalization, f));
        layers.Add(rf.Describe("relu", LayerKind.Activation, f));
        layers.Add(new LayerInfo("rnn", LayerKind.Recurrent, f, null, null));
        layers.Add(new LayerInfo("bn1", LayerKind.Normalization, f, null, null));
        layers.Add(new LayerInfo("relu1", LayerKind.Activation, f, null, null));
        layers.Add(new LayerInfo("fc1", LayerKind.Linear, f, null, null));
        layers.Add(new LayerInfo("bn2", LayerKind.Normalization, f, null, null));
        layers.Add(new LayerInfo("relu2", LayerKind.Activation, f, null, null));
        layers.Add(new LayerInfo("head", LayerKind.Linear, o.TargetNames.Count, null, null));
        return (layers, neurons);
    }
}

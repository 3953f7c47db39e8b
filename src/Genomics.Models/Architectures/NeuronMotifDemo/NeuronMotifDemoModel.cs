using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
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
/// </remarks>
public sealed partial class NeuronMotifDemoModel : SequenceModel<NeuronMotifDemoOptions>, IConvolutionalTrunk
{
    private readonly Conv1dLayer[] _convs;
    private readonly BatchNorm1d?[] _norms;
    private readonly Activation?[] _activations;
    private readonly Pool1d?[] _pools;
    private readonly IReadOnlyList<LayerInfo> _layers;
    private IReadOnlyList<TrunkStage>? _stages;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="NeuronMotifDemoOptions.Demo2"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public NeuronMotifDemoModel(NeuronMotifDemoOptions? options = null)
        : base(nameof(NeuronMotifDemoModel), (options ?? NeuronMotifDemoOptions.Demo2).Validate())
    {
        var o = Options;
        var count = o.ConvLayers.Count;
        _convs = new Conv1dLayer[count];
        _norms = new BatchNorm1d?[count];
        _activations = new Activation?[count];
        _pools = new Pool1d?[count];
        var rf = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();
        var channels = 4;
        for (var i = 0; i < count; i++)
        {
            var block = o.ConvLayers[i];
            var n = i + 1;
            _convs[i] = new Conv1dLayer(channels, block.Filters, block.KernelSize);
            register_module($"conv{n}", _convs[i]);
            layers.Add(rf.Apply(block.KernelSize).Describe($"conv{n}", LayerKind.Convolution, block.Filters));
            if (block.BatchNorm)
            {
                _norms[i] = nn.BatchNorm1d(block.Filters, eps: o.BatchNormEpsilon, momentum: o.BatchNormMomentum);
                register_module($"norm{n}", _norms[i]!);
                layers.Add(rf.Describe($"norm{n}", LayerKind.Normalization, block.Filters));
            }

            if (i < count - 1)
            {
                _activations[i] = new Activation(ActivationKind.Relu);
                register_module($"relu{n}", _activations[i]!);
                layers.Add(rf.Describe($"relu{n}", LayerKind.Activation, block.Filters));
            }

            if (block.PoolSize > 1)
            {
                _pools[i] = new Pool1d(PoolKind.Max, block.PoolSize);
                register_module($"pool{n}", _pools[i]!);
                layers.Add(rf.Apply(block.PoolSize, block.PoolSize).Describe($"pool{n}", LayerKind.Pooling, block.Filters));
            }

            channels = block.Filters;
        }

        _layers = layers;
        var length = o.OutputLength();
        var targets = length * channels == 1
            ? new[] { "positive" }
            : Enumerable.Range(0, length).SelectMany(l => Enumerable.Range(0, channels).Select(c => $"position{l}_filter{c}")).ToArray();
        Input = SequenceInputSpec.Dna(o.InputLength);
        Output = new SequenceOutputSpec(targets, OutputActivation.Sigmoid);
    }

    /// <inheritdoc />
    public override SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public override SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public override IReadOnlyList<LayerInfo> Layers => _layers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">One-hot DNA (N, 4, <see cref="NeuronMotifDemoOptions.InputLength"/>), float32, A, C, G, T order.</param>
    /// <returns>Logits (N, T), float32, T = final length × final filters (1 for both demos); apply a sigmoid for probabilities.</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, InputLength) or the batch is empty.</exception>
    public override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var x = input;
        for (var i = 0; i < _convs.Length; i++)
        {
            x = _convs[i].call(x);
            if (_norms[i] is { } norm)
            {
                x = norm.call(x);
            }

            if (_activations[i] is { } activation)
            {
                x = activation.call(x);
            }

            if (_pools[i] is { } pool)
            {
                x = pool.call(x);
            }
        }

        // Keras flattens a channels-last map: position major, channel minor.
        return x.permute(0, 2, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Per block: the convolution (valid), batch normalisation and ReLU when present (element-wise), the max-pool (floor).</remarks>
    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??= BuildStages();

    /// <inheritdoc />
    public Tensor EvaluateHead(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.permute(0, 2, 1).flatten(1);
    }

    private List<TrunkStage> BuildStages()
    {
        var stages = new List<TrunkStage>();
        for (var i = 0; i < _convs.Length; i++)
        {
            var n = i + 1;
            stages.Add(TrunkStage.ForConvolution($"conv{n}", _convs[i], Options.ConvLayers[i].KernelSize));
            if (_norms[i] is { } norm)
            {
                stages.Add(TrunkStage.Pointwise($"norm{n}", norm.call));
            }

            if (_activations[i] is { } activation)
            {
                stages.Add(TrunkStage.Pointwise($"relu{n}", activation.call));
            }

            if (_pools[i] is { } pool)
            {
                stages.Add(new TrunkStage($"pool{n}", pool.KernelSize, pool.Stride, 0, 0, double.NegativeInfinity, pool.call));
            }
        }

        return stages;
    }
}

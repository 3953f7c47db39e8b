using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepChrome;

/// <summary>
/// DeepChrome (Singh et al., Bioinformatics 2016): a CNN classifying a gene's expression as high or low from histone
/// marks binned around its transcription start site.
/// </summary>
/// <remarks>
/// Layers, for input (N, 5, 100) with the published options:
/// 1. <c>conv</c>: Conv1d 5→50, width 10, valid → (N, 50, 91); <c>relu1</c>.
/// 2. <c>pool</c>: max-pool 5, stride 5 → (N, 50, 18); flatten → 900; <c>dropout</c> 0.5.
/// 3. <c>fc1</c>: Linear 900→625, <c>relu2</c>; <c>fc2</c>: Linear 625→125, <c>relu3</c>.
/// 4. <c>output</c>: Linear 125→2 → class logits (N, 2).
/// Deviations from the original: the output is the pair of class logits (the original applies LogSoftmax inside the
/// network; train with cross-entropy, which is the same loss), and class index equals the label — index 0 is "low",
/// index 1 is "high" (the original orders high first).
/// </remarks>
public sealed class DeepChromeModel : SequenceModel<DeepChromeOptions>
{
    private readonly Conv1dLayer conv;
    private readonly Activation relu1;
    private readonly Pool1d pool;
    private readonly Dropout dropout;
    private readonly ModuleList<DenseLayer> hidden;
    private readonly ModuleList<Activation> hiddenActivations;
    private readonly DenseLayer output;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="DeepChromeOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public DeepChromeModel(DeepChromeOptions? options = null)
        : base(nameof(DeepChromeModel), (options ?? DeepChromeOptions.Published).Validate())
    {
        var o = Options;
        conv = new Conv1dLayer(o.MarkNames.Count, o.Filters, o.KernelSize);
        relu1 = new Activation(ActivationKind.Relu);
        pool = new Pool1d(PoolKind.Max, o.PoolSize);
        dropout = nn.Dropout(o.Dropout);
        hidden = new ModuleList<DenseLayer>();
        hiddenActivations = new ModuleList<Activation>();
        long width = (long)o.Filters * o.PooledLength;
        foreach (var size in o.HiddenSizes)
        {
            hidden.Add(new DenseLayer(width, size));
            hiddenActivations.Add(new Activation(ActivationKind.Relu));
            width = size;
        }

        output = new DenseLayer(width, 2);
        RegisterComponents();

        var rf = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo> { rf.Apply(o.KernelSize).Describe("conv", LayerKind.Convolution, o.Filters) };
        layers.Add(rf.Describe("relu1", LayerKind.Activation, o.Filters));
        layers.Add(rf.Apply(o.PoolSize, o.PoolSize).Describe("pool", LayerKind.Pooling, o.Filters));
        for (var i = 0; i < o.HiddenSizes.Count; i++)
        {
            layers.Add(new LayerInfo($"hidden.{i}", LayerKind.Linear, o.HiddenSizes[i], null, null));
            layers.Add(new LayerInfo($"hiddenActivations.{i}", LayerKind.Activation, o.HiddenSizes[i], null, null));
        }

        layers.Add(new LayerInfo("output", LayerKind.Linear, 2, null, null));
        Describe(SequenceInputSpec.Tracks(o.MarkNames, o.Bins), new SequenceOutputSpec(["low", "high"], OutputActivation.Softmax), layers);
    }

    /// <summary>Runs the network.</summary>
    /// <param name="input">Histone tracks (N, marks, bins), float32.</param>
    /// <returns>Class logits (N, 2): index 0 low, index 1 high.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = pool.call(InferencePointwise.Run(conv, null, relu1, input));   // in place for inference
        x = dropout.call(x.flatten(1));
        for (var i = 0; i < hidden.Count; i++)
        {
            x = InferencePointwise.Run(hidden[i], null, hiddenActivations[i], x);
        }

        return output.call(x).MoveToOuterDisposeScope();
    }
}

using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>conv (C→8, k3) → relu → max-pool 2 → linear (8·⌊(L−2)/2⌋ → T), seeded initialisation; a tiny CNN for contract tests.</summary>
public sealed class ToyConvModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Activation relu;
    private readonly Pool1d pool;
    private readonly Linear linear;

    public ToyConvModel(ToyModelOptions options, long seed = 1)
        : base(nameof(ToyConvModel), options)
    {
        using (new TorchSeedScope(seed))
        {
            conv = nn.Conv1d(options.Channels, 8, 3);
            relu = new Activation(ActivationKind.Relu);
            pool = new Pool1d(PoolKind.Max, 2);
            linear = nn.Linear(8 * ((options.Length - 2) / 2), options.Targets);
        }

        RegisterComponents();
        var rf = new ReceptiveFieldTracker();
        Layers =
        [
            rf.Apply(3).Describe("conv", LayerKind.Convolution, 8),
            rf.Describe("relu", LayerKind.Activation, 8),
            rf.Apply(2, 2).Describe("pool", LayerKind.Pooling, 8),
            new LayerInfo("linear", LayerKind.Linear, options.Targets, null, null),
        ];
    }

    public override IReadOnlyList<LayerInfo> Layers { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return linear.call(pool.call(relu.call(conv.call(input))).flatten(1)).MoveToOuterDisposeScope();
    }
}

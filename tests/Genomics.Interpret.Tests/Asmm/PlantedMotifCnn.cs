using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Asmm;

/// <summary>conv (4→4, k8) → relu → global max-pool → linear (4→1): the smallest CNN that can learn one 8-mer.</summary>
internal sealed class PlantedMotifCnn : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Activation relu;
    private readonly Pool1d pool;
    private readonly Linear linear;

    public PlantedMotifCnn(int length, long seed)
        : base(nameof(PlantedMotifCnn), new ToyModelOptions(InputKind.OneHot, 4, length, 1, OutputActivation.Sigmoid))
    {
        using (new TorchSeedScope(seed))
        {
            conv = nn.Conv1d(4, 4, 8);
            relu = new Activation(ActivationKind.Relu);
            pool = new Pool1d(PoolKind.Max, length - 7);
            linear = nn.Linear(4, 1);
        }

        RegisterComponents();
    }

    public override IReadOnlyList<LayerInfo> Layers => [new LayerInfo("linear", LayerKind.Linear, 1, null, null)];

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return linear.call(pool.call(relu.call(conv.call(input))).flatten(1)).MoveToOuterDisposeScope();
    }
}

using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>A paired model: outputs [f(a), f(b), f(a) − f(b)] with f a shared <see cref="ToyLinearModel"/> of one target.</summary>
public sealed class ToyPairedModel : nn.Module<Tensor, Tensor>, IPairedSequenceModel
{
    private readonly ToyLinearModel trunk;

    public ToyPairedModel(int length)
        : base(nameof(ToyPairedModel))
    {
        trunk = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, length, 1));
        RegisterComponents();
        Input = SequenceInputSpec.Dna(length);
    }

    public SequenceInputSpec Input { get; }

    public SequenceOutputSpec Output { get; } = new(["first", "second", "difference"]);

    public IReadOnlyList<LayerInfo> Layers => trunk.Layers;

    public nn.Module Module => this;

    public Tensor Evaluate(Tensor first, Tensor second)
    {
        using var scope = torch.NewDisposeScope();
        var a = trunk.call(first);
        var b = trunk.call(second);
        return torch.cat([a, b, a - b], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Not used directly: the paired model is evaluated through <see cref="Evaluate"/>.</summary>
    public override Tensor forward(Tensor input) => trunk.call(input);
}

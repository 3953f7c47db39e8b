using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

/// <summary>Options of <see cref="TinyMotifNet"/>.</summary>
/// <param name="Length">Input length L.</param>
/// <param name="KernelLength">Convolution kernel length (every layer, 'same' padding).</param>
/// <param name="ConvLayers">Number of convolution + ReLU layers, ≥ 1.</param>
/// <param name="Filters">Channels of every convolution.</param>
internal sealed record TinyMotifNetOptions(int Length, int KernelLength = 4, int ConvLayers = 1, int Filters = 4);

/// <summary>
/// A minimal motif detector for cross-validation and tuning tests: (conv k, 'same' → ReLU) × layers → max over
/// positions → linear → one sigmoid logit ("bound"). Initialised from a seed.
/// </summary>
internal sealed class TinyMotifNet : SequenceModel<TinyMotifNetOptions>
{
    private readonly ModuleList<Conv1d> convs = new();
    private readonly ModuleList<Activation> activations = new();
    private readonly Linear head;

    public TinyMotifNet(TinyMotifNetOptions options, long seed)
        : base(nameof(TinyMotifNet), options)
    {
        using (new TorchSeedScope(seed))
        {
            for (var i = 0; i < options.ConvLayers; i++)
            {
                convs.Add(nn.Conv1d(i == 0 ? 4 : options.Filters, options.Filters, options.KernelLength, padding: Padding.Same));
                activations.Add(new Activation(ActivationKind.Relu));
            }

            head = nn.Linear(options.Filters, 1);
        }

        RegisterComponents();
        var field = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();
        for (var i = 0; i < options.ConvLayers; i++)
        {
            layers.Add(field.Apply(options.KernelLength).Describe($"convs.{i}", LayerKind.Convolution, options.Filters));
            layers.Add(field.Describe($"activations.{i}", LayerKind.Activation, options.Filters));
        }

        layers.Add(new LayerInfo("head", LayerKind.Linear, 1, null, null));
        Layers = layers;
    }

    public override SequenceInputSpec Input => SequenceInputSpec.Dna(Options.Length);

    public override SequenceOutputSpec Output { get; } = new(["bound"], OutputActivation.Sigmoid);

    public override IReadOnlyList<LayerInfo> Layers { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = input;
        for (var i = 0; i < convs.Count; i++)
        {
            hidden = activations[i].call(convs[i].call(hidden));
        }

        return head.call(hidden.amax([2])).MoveToOuterDisposeScope();
    }
}

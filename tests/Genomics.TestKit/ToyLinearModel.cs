using Genomics.Models.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>
/// y = W · flatten(x) + b with hand-set weights W[t, c·L + l] = sin(1 + t + 0.37·(c·L + l)) and b[t] = 0.1·t,
/// so expected outputs can be computed by hand.
/// </summary>
public sealed class ToyLinearModel : ToySequenceModel
{
    private readonly Linear linear;

    public ToyLinearModel(ToyModelOptions options)
        : base(nameof(ToyLinearModel), options)
    {
        linear = nn.Linear(options.Channels * options.Length, options.Targets);
        // The weight and bias temporaries die with this scope, so constructing a model leaves only its parameters alive.
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            linear.weight!.copy_(ExpectedWeights(options));
            linear.bias!.copy_(torch.arange(options.Targets, ScalarType.Float32) * 0.1f);
        }

        RegisterComponents();
    }

    public override IReadOnlyList<LayerInfo> Layers => [new LayerInfo("linear", LayerKind.Linear, Options.Targets, null, null)];

    /// <summary>The weight matrix (T, C·L) the model uses.</summary>
    public static Tensor ExpectedWeights(ToyModelOptions o)
    {
        var w = new float[o.Targets * o.Channels * o.Length];
        for (var t = 0; t < o.Targets; t++)
        {
            for (var i = 0; i < o.Channels * o.Length; i++)
            {
                w[(t * o.Channels * o.Length) + i] = (float)Math.Sin(1 + t + (0.37 * i));
            }
        }

        return torch.tensor(w, [o.Targets, o.Channels * o.Length]);
    }

    public override Tensor forward(Tensor input) => linear.call(input.flatten(1));
}

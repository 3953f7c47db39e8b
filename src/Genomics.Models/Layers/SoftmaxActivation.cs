using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// Softmax along one axis. Architectures that need a softmax inside the network (e.g. attention weights) use this
/// module or <see cref="Apply"/> so that DeepLIFT can substitute its softmax rule while <see cref="AttributionRules"/>
/// are active.
/// </summary>
public sealed class SoftmaxActivation : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates a softmax module.</summary>
    /// <param name="dim">The axis the softmax normalises over (negative counts from the end).</param>
    /// <param name="name">The module name; defaults to "softmax".</param>
    public SoftmaxActivation(int dim, string? name = null)
        : base(name ?? "softmax")
    {
        Dim = dim;
    }

    /// <summary>The axis the softmax normalises over.</summary>
    public int Dim { get; }

    /// <summary>Applies the softmax.</summary>
    /// <param name="input">Any tensor with the axis <see cref="Dim"/>.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public override Tensor forward(Tensor input) => Apply(input, Dim);

    /// <summary>The functional form of the module; applies DeepLIFT's softmax rule while <see cref="AttributionRules"/> are active.</summary>
    /// <param name="input">Any tensor.</param>
    /// <param name="dim">The axis.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public static Tensor Apply(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(input, "softmax");
            rules.Count();
            return SoftmaxRuleFunction.apply(input, dim, rules.Epsilon);
        }

        return torch.softmax(input, dim);
    }
}

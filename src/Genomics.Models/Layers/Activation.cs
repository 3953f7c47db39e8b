using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// An element-wise nonlinearity. Every architecture builds its nonlinearities with this module (never with raw
/// TorchSharp activations) so that attribution engines can recognise each one and substitute their own rules.
/// </summary>
/// <remarks>Input and output have the same shape and dtype; the input is neither modified nor disposed.</remarks>
public sealed class Activation : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates an activation module.</summary>
    /// <param name="kind">The nonlinearity.</param>
    /// <param name="name">The module name; defaults to the kind in lower case.</param>
    public Activation(ActivationKind kind, string? name = null)
        : base(name ?? kind.ToString().ToLowerInvariant())
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind.");
        }

        Kind = kind;
    }

    /// <summary>The nonlinearity.</summary>
    public ActivationKind Kind { get; }

    /// <summary>Applies the nonlinearity.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public override Tensor forward(Tensor input) => Apply(Kind, input);

    /// <summary>The functional form of the module. While <see cref="AttributionRules"/> are active the nonlinearity
    /// back-propagates DeepLIFT's rescale multipliers instead of its derivative (the forward value is unchanged).</summary>
    /// <param name="kind">The nonlinearity.</param>
    /// <param name="input">Any tensor.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public static Tensor Apply(ActivationKind kind, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (kind != ActivationKind.Identity && AttributionRules.Current is { } rules)
        {
            AttributionRules.PairedRows(input, kind.ToString().ToLowerInvariant());
            rules.Count();
            return ActivationRescaleFunction.apply(input, kind, rules.Epsilon);
        }

        return ApplyOrdinary(kind, input);
    }

    /// <summary>The nonlinearity with its ordinary gradient, whatever rules are active.</summary>
    internal static Tensor ApplyOrdinary(ActivationKind kind, Tensor input) =>
        kind switch
        {
            ActivationKind.Relu => nn.functional.relu(input),
            ActivationKind.Sigmoid => torch.sigmoid(input),
            ActivationKind.Tanh => torch.tanh(input),
            ActivationKind.Softplus => nn.functional.softplus(input),
            ActivationKind.Exp => torch.exp(input),
            ActivationKind.Identity => input.alias(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind."),
        };
}

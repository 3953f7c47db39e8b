using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// Layer normalisation over the channels of every position of an (N, C, L) tensor, with a learned scale and shift
/// per channel (CombMotif's <c>Permute_LN</c>: permute to (N, L, C), LayerNorm(C), permute back).
/// </summary>
/// <remarks>
/// Input and output are (N, C, L) float32. The wrapped <c>ln</c> module sees the permuted (N, L, C) layout; its
/// parameters are the state-dict entries <c>ln.weight</c> and <c>ln.bias</c> (C each).
/// </remarks>
public sealed class ChannelLayerNorm : nn.Module<Tensor, Tensor>, IAttributionRuleOwner
{
    private readonly LayerNorm ln;

    /// <summary>Creates the normalisation.</summary>
    /// <param name="channels">The number of channels C, at least 1.</param>
    /// <param name="epsilon">The variance floor, &gt; 0 (CombMotif uses 0.007).</param>
    /// <param name="name">The module name; defaults to "channel_layer_norm".</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is below 1 or <paramref name="epsilon"/> is not positive and finite.</exception>
    public ChannelLayerNorm(int channels, double epsilon, string? name = null)
        : base(name ?? "channel_layer_norm")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        }

        Channels = channels;
        Epsilon = epsilon;
        ln = nn.LayerNorm(channels, epsilon);
        RegisterComponents();
    }

    /// <summary>The number of channels C.</summary>
    public int Channels { get; }

    /// <summary>The variance floor.</summary>
    public double Epsilon { get; }

    /// <summary>Normalises each position over its channels.</summary>
    /// <param name="input">(N, C, L) tensor.</param>
    /// <returns>A new (N, C, L) tensor.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var steps = input.transpose(1, 2);
        var normalised = AttributionRules.Current is null ? ln.call(steps) : Explicit(steps);
        return normalised.transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same normalisation written out so that DeepLIFT's rules apply (used while <see cref="AttributionRules"/> are
    /// active): c = x − mean(x) is linear; v = mean(c ⊙ c) and y = c ⊙ s go through the Shapley product rule; s = 1/√(v + ε)
    /// through the rescale rule; γ and β are linear.
    /// </summary>
    /// <param name="steps">(N, L, C).</param>
    /// <returns>(N, L, C).</returns>
    internal Tensor Explicit(Tensor steps)
    {
        var centred = steps - steps.mean([-1], keepdim: true);
        var variance = RuleOperations.Multiply(centred, centred).mean([-1], keepdim: true);
        var scaled = RuleOperations.Multiply(centred, RuleOperations.InverseStandardDeviation(variance, Epsilon));
        return scaled * ln.weight! + ln.bias!;
    }
}

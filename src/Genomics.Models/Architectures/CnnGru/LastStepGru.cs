using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// A one-layer, one-direction GRU over the length axis of an (N, C, L) tensor that returns its output at the last
/// step it reads (CombMotif's <c>Permute_GRU</c>).
/// </summary>
/// <remarks>
/// Input (N, C, L) float32; output (N, H) float32. With <see cref="GruDirection.Forward"/> the GRU reads positions
/// 0 … L−1 and the output at position L−1 is returned; with <see cref="GruDirection.Backward"/> it reads L−1 … 0
/// and the output after position 0 is returned. Both use the same weights, state-dict entries
/// <c>gru.weight_ih_l0</c> (3H × C), <c>gru.weight_hh_l0</c> (3H × H), <c>gru.bias_ih_l0</c> and <c>gru.bias_hh_l0</c> (3H).
/// The fused libtorch GRU runs except while DeepLIFT's <see cref="AttributionRules"/> are active; then an unfused GRU
/// reads the same parameters so that every gate gets an attribution rule.
/// </remarks>
public sealed class LastStepGru : nn.Module<Tensor, Tensor>, IAttributionRuleOwner
{
    private readonly GRU gru;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">Input channels C, at least 1.</param>
    /// <param name="hiddenSize">Hidden units H, at least 1.</param>
    /// <param name="direction">The reading direction.</param>
    /// <param name="name">The module name; defaults to "rnn".</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the direction is unknown.</exception>
    public LastStepGru(int inputSize, int hiddenSize, GruDirection direction, string? name = null)
        : base(name ?? "rnn")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown GRU direction.");
        }

        Direction = direction;
        HiddenSize = hiddenSize;
        gru = nn.GRU(inputSize, hiddenSize, batchFirst: true);
        RegisterComponents();
    }

    /// <summary>The reading direction.</summary>
    public GruDirection Direction { get; }

    /// <summary>The hidden size H.</summary>
    public int HiddenSize { get; }

    /// <summary>The wrapped GRU (for initialisation and inspection).</summary>
    internal GRU Gru => gru;

    /// <summary>Runs the GRU and returns the output of the last step read.</summary>
    /// <param name="input">(N, C, L) tensor with L ≥ 1.</param>
    /// <returns>A new (N, H) tensor.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var steps = input.transpose(1, 2);
        if (Direction == GruDirection.Backward)
        {
            steps = steps.flip(1);
        }

        var output = UnfusedRecurrence.Run(gru, steps);
        return output.select(1, -1).MoveToOuterDisposeScope();
    }
}

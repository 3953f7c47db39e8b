using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.AttentiveChrome;

/// <summary>
/// Soft attention over a sequence with a learned context vector (AttentiveChrome's <c>rec_attention</c>):
/// score_t = h_t · w (no bias, no tanh), α = softmax over t, pooled = Σ_t α_t h_t.
/// </summary>
/// <remarks>
/// <para>Parameter: <c>context</c>, the vector w of length D.</para>
/// <para>
/// The softmax goes through <see cref="SoftmaxActivation.Apply"/> and the weighted sum through a product that, while
/// DeepLIFT's <see cref="AttributionRules"/> are active, splits the difference of weights × sequence between both
/// factors (the Shapley product rule); otherwise they are the ordinary softmax and batched product.
/// </para>
/// </remarks>
public sealed class AttentionPooling : nn.Module<Tensor, (Tensor Pooled, Tensor Weights)>
{
    private readonly Parameter context;

    /// <summary>Creates the module with a zero context vector (the owning model initialises it).</summary>
    /// <param name="size">The feature width D of the attended sequence, at least 1.</param>
    /// <param name="name">The module name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1.</exception>
    public AttentionPooling(int size, string name = "attention")
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        context = new Parameter(torch.zeros(size));
        RegisterComponents();
    }

    /// <summary>The feature width D.</summary>
    public int Size { get; }

    /// <summary>Attends over a batch of sequences.</summary>
    /// <param name="input">Sequences (N, T, D), float32.</param>
    /// <returns>The pooled vectors (N, D) and the attention weights (N, T), whose rows sum to 1.</returns>
    /// <exception cref="ArgumentException">The input is not (N, T, D) with D equal to <see cref="Size"/>.</exception>
    public override (Tensor Pooled, Tensor Weights) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[2] != Size)
        {
            throw new ArgumentException($"Expected (N, T, {Size}) but got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = torch.NewDisposeScope();
        var scores = nn.functional.linear(input, context.unsqueeze(0)).squeeze(-1);
        var weights = SoftmaxActivation.Apply(scores, 1);
        var pooled = RuleOperations.BatchProduct(weights.unsqueeze(1), input).squeeze(1);
        return (pooled.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}

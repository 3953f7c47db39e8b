using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// Keras <c>Attention()([query, value])</c> with its defaults (dot-product scores, no scale, key = value, no mask, no
/// dropout): weights = softmax over the value steps of query · valueᵀ, output = weights · value.
/// </summary>
/// <remarks>
/// Query (N, Sq, D) and value (N, Sv, D), float32 → output (N, Sq, D). The softmax goes through
/// <see cref="SoftmaxActivation.Apply"/> and both batched products through <see cref="RuleOperations.BatchProduct"/>, so
/// that DeepLIFT's softmax and product rules apply while <see cref="AttributionRules"/> are active.
/// Shapes are checked before <c>bmm</c> (mismatched batched products abort the process in TorchSharp).
/// </remarks>
internal sealed class DotProductAttention : nn.Module<Tensor, Tensor, Tensor>
{
    public DotProductAttention(string name = "attention")
        : base(name)
    {
    }

    /// <summary>The attention weights (N, Sq, Sv): each row sums to 1.</summary>
    public static Tensor Weights(Tensor query, Tensor value)
    {
        Check(query, value);
        using var scope = torch.NewDisposeScope();
        var scores = RuleOperations.BatchProduct(query, value.transpose(1, 2));
        return SoftmaxActivation.Apply(scores, 2).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor query, Tensor value)
    {
        using var scope = torch.NewDisposeScope();
        return RuleOperations.BatchProduct(Weights(query, value), value).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor query, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        if (query.dim() != 3 || value.dim() != 3 || query.shape[0] != value.shape[0] || query.shape[2] != value.shape[2])
        {
            throw new ArgumentException($"Attention needs query (N, Sq, D) and value (N, Sv, D); got [{string.Join(", ", query.shape)}] and [{string.Join(", ", value.shape)}].", nameof(query));
        }
    }
}

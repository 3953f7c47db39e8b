using static TorchSharp.torch;

namespace Genomics.Models.Architectures.AttentiveChrome;

/// <summary>
/// The prediction of <see cref="AttentiveChromeModel.Explain"/> together with both attention maps. The caller owns the
/// tensors; dispose this object (or the tensors) when done.
/// </summary>
public sealed class AttentiveChromeOutput : IDisposable
{
    private bool _disposed;

    /// <summary>Creates the output; takes ownership of the three tensors.</summary>
    /// <param name="logits">Logits (N, 1).</param>
    /// <param name="binAttention">Bin attention α (N, M, L).</param>
    /// <param name="markAttention">Mark attention β (N, M).</param>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    public AttentiveChromeOutput(Tensor logits, Tensor binAttention, Tensor markAttention)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(binAttention);
        ArgumentNullException.ThrowIfNull(markAttention);
        Logits = logits;
        BinAttention = binAttention;
        MarkAttention = markAttention;
    }

    /// <summary>The logit of "high expression" (N, 1), float32; the sigmoid gives P(high).</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// Bin attention α (N, M, L), float32: for gene n and mark j, the softmax weights over the L bins that built the
    /// mark representation m_j; every (n, j) row sums to 1.
    /// </summary>
    public Tensor BinAttention { get; }

    /// <summary>Mark attention β (N, M), float32: the softmax weights over the M marks; every row sums to 1.</summary>
    public Tensor MarkAttention { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Logits.Dispose();
        BinAttention.Dispose();
        MarkAttention.Dispose();
    }
}

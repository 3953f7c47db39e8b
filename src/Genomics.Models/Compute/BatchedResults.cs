using static TorchSharp.torch;

namespace Genomics.Models.Compute;

/// <summary>
/// The results of a <see cref="BatchedPredictor"/> map: one tensor per result of the per-batch function, its batches
/// concatenated along dimension 0, float32 or whatever the function returned, detached, on the CPU. Owns the tensors it
/// still holds: dispose it, and <see cref="Take"/> the ones to keep beyond it.
/// </summary>
/// <remarks>Not thread-safe: one flow of execution owns an instance.</remarks>
public sealed class BatchedResults : IDisposable
{
    private readonly Tensor?[] _results;
    private bool _disposed;

    internal BatchedResults(Tensor[] results)
    {
        _results = results;
    }

    /// <summary>The number of results (the length of the array the per-batch function returned).</summary>
    public int Count => _results.Length;

    /// <summary>Result <paramref name="index"/> (N, ...); still owned by this object.</summary>
    /// <param name="index">Zero-based result index, in the order the per-batch function returned them.</param>
    /// <returns>The tensor; do not dispose it unless it was taken with <see cref="Take"/>.</returns>
    /// <exception cref="ObjectDisposedException">The results were disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    /// <exception cref="InvalidOperationException">The result was already taken.</exception>
    public Tensor this[int index] => Get(index);

    /// <summary>Hands result <paramref name="index"/> over to the caller, who then disposes it; this object no longer does.</summary>
    /// <param name="index">Zero-based result index.</param>
    /// <returns>The tensor (N, ...), owned by the caller.</returns>
    /// <exception cref="ObjectDisposedException">The results were disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    /// <exception cref="InvalidOperationException">The result was already taken.</exception>
    public Tensor Take(int index)
    {
        var result = Get(index);
        _results[index] = null;
        return result;
    }

    /// <summary>Disposes the results not taken.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = 0; i < _results.Length; i++)
        {
            _results[i]?.Dispose();
            _results[i] = null;
        }
    }

    private Tensor Get(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _results.Length);
        return _results[index] ?? throw new InvalidOperationException($"Result {index} was already taken; its owner disposes it.");
    }
}

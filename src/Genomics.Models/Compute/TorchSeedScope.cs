using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>
/// Seeds libtorch's default generator for the lifetime of the scope and restores its previous state on dispose.
/// </summary>
/// <remarks>
/// Weight initialisation and dropout draw from libtorch's process-wide default generator, which TorchSharp does not
/// let modules replace. This scope makes such steps reproducible without leaving the process-wide state changed:
/// build a model or run a training loop inside it. Scopes on different threads interfere; use one at a time.
/// </remarks>
public sealed class TorchSeedScope : IDisposable
{
    private readonly torch.Tensor _savedState;
    private bool _disposed;

    /// <summary>Saves the default generator's state and seeds it.</summary>
    /// <param name="seed">The seed.</param>
    public TorchSeedScope(long seed)
    {
        _savedState = torch.random.get_rng_state();
        torch.random.manual_seed(seed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        torch.random.set_rng_state(_savedState);
        _savedState.Dispose();
    }
}

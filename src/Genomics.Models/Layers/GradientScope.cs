namespace Genomics.Models.Layers;

/// <summary>
/// Tells the library's layers that only gradients with respect to the input are wanted in this asynchronous flow
/// (saliency, DeepLIFT and the other attribution engines), so that a backward pass may skip the weight and bias
/// gradients, which attribution never reads. Parameters keep their <c>requires_grad</c>; nothing shared is changed, so
/// training on another thread is unaffected.
/// </summary>
public sealed class GradientScope : IDisposable
{
    private static readonly AsyncLocal<bool> s_inputOnly = new();
    private readonly bool _previous;
    private bool _disposed;

    private GradientScope()
    {
        _previous = s_inputOnly.Value;
        s_inputOnly.Value = true;
    }

    /// <summary>True inside <see cref="InputGradientsOnly"/>.</summary>
    public static bool InputOnly => s_inputOnly.Value;

    /// <summary>Opens a scope in which backward passes compute input gradients only; dispose it to close it.</summary>
    /// <returns>The scope.</returns>
    public static GradientScope InputGradientsOnly() => new();

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            s_inputOnly.Value = _previous;
            _disposed = true;
        }
    }
}

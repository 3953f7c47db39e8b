namespace Genomics.Models.Runtime;

/// <summary>Thrown when TorchSharp's native runtime cannot be loaded; the message says what is wrong and how to fix it.</summary>
public sealed class TorchRuntimeException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public TorchRuntimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the original failure.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The exception TorchSharp raised.</param>
    public TorchRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public TorchRuntimeException()
        : base("TorchSharp's native runtime could not be loaded.")
    {
    }
}

namespace Genomics.Models.Onnx;

/// <summary>
/// An ONNX model file cannot be used: ONNX Runtime cannot read it, or its inputs and outputs do not fit a sequence
/// model (one float32 (N, C, L) or (N, L, C) input, (N, T) or (N) float32 outputs). The message names the file.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public OnnxModelException()
        : base("The ONNX model cannot be used.")
    {
        FilePath = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public OnnxModelException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxModelException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Initializes a new instance naming the file and the reason.</summary>
    /// <param name="filePath">The ONNX file.</param>
    /// <param name="reason">What is wrong, and what to do.</param>
    /// <param name="innerException">The cause (ONNX Runtime's error), if any.</param>
    public OnnxModelException(string filePath, string reason, Exception? innerException = null)
        : base($"ONNX model '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The ONNX file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string? Reason { get; }
}

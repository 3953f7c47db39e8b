namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// Thrown when a PyTorch weight file cannot be read: it is not a <c>torch.save</c> zip archive or a safetensors file,
/// it is truncated or corrupt, its pickle uses an opcode the reader does not accept, or it asks for a Python global
/// other than tensors, storages and plain containers (which would run code when unpickled by Python; see
/// <see cref="RefusedGlobal"/>).
/// </summary>
/// <remarks>The message names the file, the archive entry or tensor concerned (when there is one) and the problem.</remarks>
public sealed class PyTorchWeightsException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public PyTorchWeightsException()
        : this("The PyTorch weight file cannot be read.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public PyTorchWeightsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public PyTorchWeightsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception whose message names the file, the entry (when given) and the problem.</summary>
    /// <param name="filePath">The weight file.</param>
    /// <param name="entry">The archive entry or tensor concerned, or null for the whole file.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public PyTorchWeightsException(string filePath, string? entry, string problem, Exception? innerException = null)
        : base(entry is null
            ? $"PyTorch weight file '{filePath}' is not readable: {problem}."
            : $"PyTorch weight file '{filePath}', entry '{entry}', is not readable: {problem}.", innerException)
    {
        FilePath = filePath;
        Entry = entry;
    }

    /// <summary>The weight file, or null when the exception was created without one.</summary>
    public string? FilePath { get; }

    /// <summary>The archive entry or tensor concerned, or null.</summary>
    public string? Entry { get; }

    /// <summary>
    /// The Python global (<c>module.name</c>, e.g. <c>posix.system</c>) the pickle asked for and the reader refused, or
    /// null when the file was refused for another reason.
    /// </summary>
    public string? RefusedGlobal { get; init; }
}

namespace Genomics.Models.Serialization;

/// <summary>
/// Thrown when a file cannot be read as a checkpoint: it is not a checkpoint at all (wrong magic bytes), it was
/// written in an unsupported format version, it is truncated, its SHA-256 checksum does not match its contents,
/// or its header is malformed.
/// </summary>
/// <remarks>The message names the file and what is wrong with it; <see cref="FilePath"/> holds the file alone.</remarks>
public sealed class CheckpointCorruptException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public CheckpointCorruptException()
        : this("The file is not a valid checkpoint.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public CheckpointCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public CheckpointCorruptException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="filePath"/> whose message names the file and the problem.</summary>
    /// <param name="filePath">The checkpoint file.</param>
    /// <param name="problem">What is wrong with it, as a sentence fragment (e.g. "the SHA-256 checksum does not match").</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public CheckpointCorruptException(string filePath, string problem, Exception? innerException = null)
        : base($"Checkpoint file '{filePath}' is not readable: {problem}.", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The checkpoint file, or null when the exception was created without one.</summary>
    public string? FilePath { get; }
}

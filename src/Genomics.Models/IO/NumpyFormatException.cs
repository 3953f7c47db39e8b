namespace Genomics.Models.IO;

/// <summary>
/// A NumPy <c>.npy</c> or <c>.npz</c> file is malformed or holds something the library does not read (bad magic,
/// truncated data, a header that does not parse, a shape that does not match the data, an unsupported dtype, Fortran
/// order, a missing <c>.npz</c> key). The message has the form "file: entry 'key': reason" ("file: reason" for a
/// <c>.npy</c> file), and <see cref="DataFormatException.File"/> and <see cref="Entry"/> name where the problem is.
/// </summary>
public class NumpyFormatException : DataFormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public NumpyFormatException()
        : base("The NumPy file is malformed.")
    {
    }

    /// <summary>Initializes a new instance with a message and no file.</summary>
    /// <param name="message">What is wrong.</param>
    public NumpyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message, no file, and the underlying error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public NumpyFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names the file, the <c>.npz</c> entry (if any) and the reason.</summary>
    /// <param name="file">The file path (or a source name such as "&lt;stream&gt;").</param>
    /// <param name="entry">The key of the <c>.npz</c> entry (without the <c>.npy</c> suffix), or null for a <c>.npy</c> file.</param>
    /// <param name="reason">What is wrong, and where possible how to fix it.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public NumpyFormatException(string file, string? entry, string reason, Exception? innerException = null)
        : base(file, null, entry is null ? reason : $"entry '{entry}': {reason}", innerException)
    {
        Entry = entry;
    }

    /// <summary>Gets the key of the <c>.npz</c> entry the problem is in; null for a <c>.npy</c> file or a problem with the archive itself.</summary>
    public string? Entry { get; }
}

namespace Genomics.Models.IO;

/// <summary>
/// A Python pickle could not be read as data: it is truncated or malformed, uses an opcode the bounded reader does not
/// accept, or holds a value outside the data it reads (see <see cref="PickleReader"/>). The message has the form
/// "file: byte offset: reason"; <see cref="Offset"/> is the byte offset of the opcode at fault.
/// </summary>
public class PickleFormatException : DataFormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public PickleFormatException()
        : base("The pickle cannot be read as data.")
    {
    }

    /// <summary>Initializes a new instance with a message and no file or offset.</summary>
    /// <param name="message">The message.</param>
    public PickleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message, no file or offset, and the underlying error.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public PickleFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names the file, the byte offset and the reason.</summary>
    /// <param name="file">The file path (or a source name such as "&lt;stream&gt;").</param>
    /// <param name="offset">The 0-based byte offset of the opcode at fault.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public PickleFormatException(string file, long offset, string reason, Exception? innerException = null)
        : base(file, null, $"byte {offset}: {reason}", innerException)
    {
        Offset = offset;
    }

    /// <summary>Gets the 0-based byte offset of the opcode at fault; null when not tied to one.</summary>
    public long? Offset { get; }
}

/// <summary>
/// A pickle names a Python global (a function or class to import and call) that <see cref="PickleReader"/> does not
/// construct: anything outside numpy's array reconstruction and the few plain-data helpers it lists. Nothing was imported,
/// called or constructed; <see cref="Global"/> is the name as written in the file (<c>module.name</c>).
/// </summary>
public sealed class PickleGlobalRefusedException : PickleFormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public PickleGlobalRefusedException()
        : base("The pickle names a global that is not read.")
    {
        Global = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public PickleGlobalRefusedException(string message)
        : base(message)
    {
        Global = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public PickleGlobalRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Global = string.Empty;
    }

    /// <summary>Initializes a new instance that names the file, the byte offset and the refused global.</summary>
    /// <param name="file">The file path.</param>
    /// <param name="offset">The 0-based byte offset of the GLOBAL, STACK_GLOBAL or INST opcode.</param>
    /// <param name="global">The global as <c>module.name</c>.</param>
    public PickleGlobalRefusedException(string file, long offset, string global)
        : base(file, offset, $"the pickle names the global '{global}', which is not read: only numpy arrays and plain Python values (lists, tuples, dicts, sets, numbers, strings, bytes, None, booleans) are, and nothing is imported or called")
    {
        Global = global;
    }

    /// <summary>Gets the refused global as <c>module.name</c>.</summary>
    public string Global { get; }
}

namespace Genomics.Models.IO;

/// <summary>
/// A data file (FASTA, BED, histone table, index) is malformed. The message has the form "file:line: reason"
/// ("file: reason" when no line applies), and the parts are available as properties.
/// </summary>
public class DataFormatException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public DataFormatException()
        : base("The data file is malformed.")
    {
        Reason = Message;
    }

    /// <summary>Initializes a new instance with a message and no file or line.</summary>
    /// <param name="message">The message, also used as <see cref="Reason"/>.</param>
    public DataFormatException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance with a message, no file or line, and the underlying error.</summary>
    /// <param name="message">The message, also used as <see cref="Reason"/>.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public DataFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance that names the file, the line and the reason.</summary>
    /// <param name="file">The file path (or a source name such as "&lt;stream&gt;").</param>
    /// <param name="line">The 1-based line number, or null when the problem is not tied to a line.</param>
    /// <param name="reason">What is wrong, and where possible how to fix it.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public DataFormatException(string file, int? line, string reason, Exception? innerException = null)
        : base(FormatMessage(file, line, reason), innerException)
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>Gets the file path or source name; null when not known.</summary>
    public string? File { get; }

    /// <summary>Gets the 1-based line number; null when the problem is not tied to one line.</summary>
    public int? Line { get; }

    /// <summary>Gets the reason without the file and line prefix.</summary>
    public string Reason { get; }

    private static string FormatMessage(string file, int? line, string reason) =>
        line is { } number ? $"{file}:{number}: {reason}" : $"{file}: {reason}";
}

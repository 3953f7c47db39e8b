namespace Genomics.Cli;

/// <summary>An option value that parses but is not acceptable (out of range, inconsistent with another option).</summary>
public sealed class CliArgumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliArgumentException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public CliArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CliArgumentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an option.</summary>
    /// <param name="option">The option, e.g. "--epochs".</param>
    /// <param name="message">What is wrong.</param>
    public CliArgumentException(string option, string message)
        : base($"{option}: {message}")
    {
        Option = option;
    }

    /// <summary>Creates the exception for an option, with its cause.</summary>
    /// <param name="option">The option, e.g. "--device".</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CliArgumentException(string option, string message, Exception? innerException)
        : base($"{option}: {message}", innerException)
    {
        Option = option;
    }

    /// <summary>The offending option, when known.</summary>
    public string? Option { get; }
}

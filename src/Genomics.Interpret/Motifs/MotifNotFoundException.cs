namespace Genomics.Interpret.Motifs;

/// <summary>A motif was asked for by an id that the motifs at hand do not hold.</summary>
public sealed class MotifNotFoundException : ArgumentException
{
    /// <summary>Initializes an exception for a missing id.</summary>
    /// <param name="motifId">The id asked for.</param>
    /// <param name="paramName">The parameter or option that named it.</param>
    /// <param name="where">Where it was looked for, e.g. "the queries".</param>
    public MotifNotFoundException(string motifId, string? paramName, string where)
        : base($"No motif with id '{motifId}' in {where}.", paramName)
    {
        MotifId = motifId;
    }

    /// <summary>Initializes an exception with a message.</summary>
    public MotifNotFoundException()
        : base("No motif with that id.")
    {
        MotifId = string.Empty;
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MotifNotFoundException(string message)
        : base(message)
    {
        MotifId = string.Empty;
    }

    /// <summary>Initializes an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MotifNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        MotifId = string.Empty;
    }

    /// <summary>Gets the id that was not found.</summary>
    public string MotifId { get; }
}

namespace Genomics.Models.Compute;

/// <summary>
/// Thrown when a call needs a model in a state that conflicts with another call using the same model at the same time:
/// training while an engine evaluates or attributes the model, an engine while the model trains, or a nested change of
/// state while other threads share the model. Nothing about the model has been changed when it is thrown.
/// </summary>
/// <remarks>See <see cref="ModelStateScope"/> for the thread-safety contract.</remarks>
public sealed class ModelBusyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ModelBusyException()
        : base("The model is in use by another call in a conflicting state.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was requested and what holds the model.</param>
    public ModelBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What was requested and what holds the model.</param>
    /// <param name="innerException">The cause.</param>
    public ModelBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

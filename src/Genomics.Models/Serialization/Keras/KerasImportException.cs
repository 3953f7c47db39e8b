namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// Thrown when a Keras file cannot be imported: it is not HDF5, it lacks the Keras layout, a layer group or weight is
/// missing, an array has an unexpected shape, or the architecture description is not one the importer supports.
/// </summary>
/// <remarks>The message names the file, the layer and, for shape problems, the expected and actual shapes.</remarks>
public sealed class KerasImportException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public KerasImportException()
        : this("The Keras file cannot be imported.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public KerasImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public KerasImportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception whose message names the file, the layer (when given) and the problem.</summary>
    /// <param name="filePath">The Keras file.</param>
    /// <param name="layerName">The layer group or architecture layer concerned, or null for the whole file.</param>
    /// <param name="problem">What is wrong, as a sentence fragment (e.g. "weight 'kernel' has shape [3, 4]").</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public KerasImportException(string filePath, string? layerName, string problem, Exception? innerException = null)
        : base(layerName is null
            ? $"Keras file '{filePath}': {problem}."
            : $"Keras file '{filePath}', layer '{layerName}': {problem}.", innerException)
    {
        FilePath = filePath;
        LayerName = layerName;
    }

    /// <summary>The Keras file, or null when the exception was created without one.</summary>
    public string? FilePath { get; }

    /// <summary>The layer concerned, or null.</summary>
    public string? LayerName { get; }
}

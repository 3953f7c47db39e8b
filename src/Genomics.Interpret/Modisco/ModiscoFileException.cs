using Genomics.Models.IO;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// A TF-MoDISco results file (<c>modisco_results.h5</c>) is not HDF5, lacks a group or dataset of tfmodisco-lite's
/// layout, or holds arrays whose shapes or types disagree. The message has the form "file: HDF5 path: reason", and the
/// parts are available as properties.
/// </summary>
public class ModiscoFileException : DataFormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public ModiscoFileException()
        : base("The TF-MoDISco results file is malformed.")
    {
        Hdf5Path = "/";
    }

    /// <summary>Initializes a new instance with a message and no file or HDF5 path.</summary>
    /// <param name="message">The message.</param>
    public ModiscoFileException(string message)
        : base(message)
    {
        Hdf5Path = "/";
    }

    /// <summary>Initializes a new instance with a message, no file or HDF5 path, and the underlying error.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ModiscoFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Hdf5Path = "/";
    }

    /// <summary>Initializes a new instance that names the file, the HDF5 object and the reason.</summary>
    /// <param name="file">The file path.</param>
    /// <param name="hdf5Path">The path of the group or dataset inside the file, e.g. <c>/pos_patterns/pattern_0/seqlets/start</c> (<c>/</c> for the file as a whole).</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public ModiscoFileException(string file, string hdf5Path, string reason, Exception? innerException = null)
        : base(file, null, $"{hdf5Path}: {reason}", innerException)
    {
        Hdf5Path = hdf5Path;
    }

    /// <summary>Gets the path of the HDF5 group or dataset the problem was found at (<c>/</c> for the file as a whole).</summary>
    public string Hdf5Path { get; }
}

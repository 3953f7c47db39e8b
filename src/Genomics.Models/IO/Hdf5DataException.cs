namespace Genomics.Models.IO;

/// <summary>
/// An HDF5 data file (DeepAllele's allele pairs, CombMotif's half-life splits) is unreadable or not in the expected
/// layout. The message has the form "file: dataset: reason" ("file: reason" for the file as a whole); the dataset is
/// <see cref="Dataset"/>.
/// </summary>
public class Hdf5DataException : DataFormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public Hdf5DataException()
        : base("The HDF5 data file is malformed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public Hdf5DataException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public Hdf5DataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names the file, the dataset and the reason.</summary>
    /// <param name="file">The file path.</param>
    /// <param name="dataset">The dataset's name, or null when the problem concerns the whole file.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public Hdf5DataException(string file, string? dataset, string reason, Exception? innerException = null)
        : base(file, null, dataset is null ? reason : $"dataset '{dataset}': {reason}", innerException)
    {
        Dataset = dataset;
    }

    /// <summary>Gets the dataset at fault; null when the problem concerns the whole file.</summary>
    public string? Dataset { get; }
}

using PureHDF;

namespace Genomics.Models.IO;

/// <summary>Opening and reading an HDF5 file with every failure turned into the reader's own typed exception.</summary>
internal static class Hdf5Reading
{
    /// <summary>
    /// Opens <paramref name="path"/> and reads it with <paramref name="read"/>. A file that HDF5 cannot open, and any
    /// failure while reading that is not already a <typeparamref name="TException"/>, becomes the exception
    /// <paramref name="error"/> makes from a reason and the original exception.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="description">What the file is, for the message when it does not exist (e.g. "Keras weight file").</param>
    /// <param name="read">Reads the open file from its root group.</param>
    /// <param name="error">Makes the reader's exception from a reason and the inner exception.</param>
    /// <returns>What <paramref name="read"/> returns.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static T Read<T, TException>(string path, string description, Func<IH5Group, T> read, Func<string, Exception, TException> error)
        where TException : Exception
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{description} '{path}' does not exist.", path);
        }

        PureHDF.VOL.Native.NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw error($"not a readable HDF5 file ({e.Message})", e);
        }

        using (file)
        {
            try
            {
                return read(file);
            }
            catch (Exception e) when (e is not (TException or OutOfMemoryException))
            {
                throw error($"the HDF5 content could not be read ({e.Message})", e);
            }
        }
    }
}

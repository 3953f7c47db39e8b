using PureHDF;

namespace Genomics.Models.IO;

/// <summary>
/// Reads the root datasets of an HDF5 file written by h5py from numpy arrays (managed code, PureHDF), converting any
/// numeric type to float32/float64 and reporting every problem as an <see cref="Hdf5DataException"/>.
/// </summary>
internal sealed class Hdf5DataFile
{
    private readonly IH5Group _root;

    private Hdf5DataFile(string path, IH5Group root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    /// <summary>Opens the file through <see cref="Hdf5Reading.Read"/>, runs <paramref name="read"/> on it and closes it.</summary>
    public static T Read<T>(string path, string description, Func<Hdf5DataFile, T> read) =>
        Hdf5Reading.Read(path, description, root => read(new Hdf5DataFile(path, root)), (reason, e) => new Hdf5DataException(path, null, reason, e));

    /// <summary>Runs a read, turning PureHDF's errors into <see cref="Hdf5DataException"/>s naming the file.</summary>
    public T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (Hdf5DataException or OutOfMemoryException))
        {
            throw new Hdf5DataException(Path, null, $"the HDF5 content could not be read ({e.Message})", e);
        }
    }

    public bool Has(string name) => Guard(() => _root.LinkExists(name) && _root.Get(name) is IH5Dataset);

    /// <summary>The names of the root datasets, in the file's link order.</summary>
    public IReadOnlyList<string> DatasetNames() => Guard(() => (IReadOnlyList<string>)[.. _root.Children().OfType<IH5Dataset>().Select(d => d.Name)]);

    public ulong[] Shape(string name) => Read(name, d => d.Space.Dimensions);

    /// <summary>A numeric dataset as float32 values in C order, with its shape.</summary>
    public (float[] Values, ulong[] Shape) ReadSingles(string name) => Read(name, d =>
    {
        var type = d.Type;
        float[] values = type.Class switch
        {
            H5DataTypeClass.FloatingPoint => type.Size switch
            {
                4 => d.Read<float[]>(),
                8 => Array.ConvertAll(d.Read<double[]>(), v => (float)v),
                2 => Array.ConvertAll(d.Read<Half[]>(), v => (float)v),
                _ => throw Error(name, $"has an unsupported {type.Size}-byte floating-point type"),
            },
            _ => Array.ConvertAll(ReadIntegers(name, d), v => (float)v),
        };
        return (values, d.Space.Dimensions);
    });

    /// <summary>A numeric dataset as float64 values in C order, with its shape.</summary>
    public (double[] Values, ulong[] Shape) ReadDoubles(string name) => Read(name, d =>
    {
        var type = d.Type;
        double[] values = type.Class switch
        {
            H5DataTypeClass.FloatingPoint => type.Size switch
            {
                8 => d.Read<double[]>(),
                4 => Array.ConvertAll(d.Read<float[]>(), v => (double)v),
                2 => Array.ConvertAll(d.Read<Half[]>(), v => (double)v),
                _ => throw Error(name, $"has an unsupported {type.Size}-byte floating-point type"),
            },
            _ => Array.ConvertAll(ReadIntegers(name, d), v => (double)v),
        };
        return (values, d.Space.Dimensions);
    });

    /// <summary>A one-dimensional string dataset (variable-length UTF-8 as h5py writes <c>str</c>, or fixed-length bytes).</summary>
    public string[] ReadStrings(string name) => Read(name, d =>
    {
        if (d.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
        {
            throw Error(name, $"has HDF5 type class {d.Type.Class}, not strings");
        }

        return d.Space.Dimensions.Length == 0 ? [d.Read<string>()] : d.Read<string[]>().Select(s => s.TrimEnd('\0')).ToArray();
    });

    public Hdf5DataException Error(string? dataset, string reason) => new(Path, dataset, reason);

    private T Read<T>(string name, Func<IH5Dataset, T> read)
    {
        IH5Dataset dataset;
        try
        {
            dataset = _root.LinkExists(name) ? _root.Get(name) as IH5Dataset ?? throw Error(name, "is not a dataset") : throw Error(name, "the dataset is missing");
        }
        catch (Exception e) when (e is not (Hdf5DataException or OutOfMemoryException))
        {
            throw new Hdf5DataException(Path, name, $"could not be opened ({e.Message})", e);
        }

        try
        {
            return read(dataset);
        }
        catch (Exception e) when (e is not (Hdf5DataException or OutOfMemoryException))
        {
            throw new Hdf5DataException(Path, name, $"the values could not be read ({e.Message})", e);
        }
    }

    /// <summary>Integers of any width and sign, and numpy booleans (h5py's one-byte FALSE/TRUE enumeration).</summary>
    private long[] ReadIntegers(string name, IH5Dataset d)
    {
        var type = d.Type;
        if (type.Class is H5DataTypeClass.Enumerated or H5DataTypeClass.BitField && type.Size == 1)
        {
            return Array.ConvertAll(d.Read<byte[]>(), v => (long)v);
        }

        if (type.Class != H5DataTypeClass.FixedPoint)
        {
            throw Error(name, $"has HDF5 type class {type.Class}, not numbers");
        }

        return (type.Size, type.FixedPoint.IsSigned) switch
        {
            (8, true) => d.Read<long[]>(),
            (4, true) => Array.ConvertAll(d.Read<int[]>(), v => (long)v),
            (2, true) => Array.ConvertAll(d.Read<short[]>(), v => (long)v),
            (1, true) => Array.ConvertAll(d.Read<sbyte[]>(), v => (long)v),
            (8, false) => Array.ConvertAll(d.Read<ulong[]>(), v => (long)Math.Min(v, long.MaxValue)),
            (4, false) => Array.ConvertAll(d.Read<uint[]>(), v => (long)v),
            (2, false) => Array.ConvertAll(d.Read<ushort[]>(), v => (long)v),
            (1, false) => Array.ConvertAll(d.Read<byte[]>(), v => (long)v),
            _ => throw Error(name, $"has an unsupported {type.Size}-byte integer type"),
        };
    }
}

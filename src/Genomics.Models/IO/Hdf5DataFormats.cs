namespace Genomics.Models.IO;

/// <summary>The layouts of HDF5 data files that <see cref="Hdf5DataFormats.Identify"/> recognises.</summary>
public enum Hdf5DataLayout
{
    /// <summary>None of the layouts below.</summary>
    Unknown,

    /// <summary>DeepAllele's allele pairs (<c>B6_sequence</c>, <c>Cast_sequence</c>, …): read with <see cref="AllelePairDataset.Read"/>.</summary>
    AllelePairs,

    /// <summary>CombMotif's half-life splits (<c>train_sequence</c>, <c>train_label</c>, …): read with <see cref="HalfLifeDataset.Read"/>.</summary>
    HalfLife,
}

/// <summary>Tells the original tools' HDF5 data layouts apart by their dataset names, without reading the data.</summary>
public static class Hdf5DataFormats
{
    /// <summary>Identifies the layout of an HDF5 data file from the names of its root datasets.</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <returns><see cref="Hdf5DataLayout.AllelePairs"/> when it has <c>B6_sequence</c>, <see cref="Hdf5DataLayout.HalfLife"/> when it has <c>train_sequence</c>, otherwise <see cref="Hdf5DataLayout.Unknown"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Hdf5DataException">The file is not readable HDF5.</exception>
    public static Hdf5DataLayout Identify(string path) =>
        Hdf5DataFile.Read(path, "HDF5 data file", file =>
            file.Has("B6_sequence") ? Hdf5DataLayout.AllelePairs
            : file.Has("train_sequence") ? Hdf5DataLayout.HalfLife
            : Hdf5DataLayout.Unknown);
}

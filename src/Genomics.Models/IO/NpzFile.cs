using System.IO.Compression;

namespace Genomics.Models.IO;

/// <summary>
/// Reads and writes NumPy's <c>.npz</c> archives: a zip file of <c>.npy</c> entries, one per key, named
/// <c>key.npy</c>, stored (<c>np.savez</c>) or deflate-compressed (<c>np.savez_compressed</c>). Arrays given without
/// keys are named <c>arr_0</c>, <c>arr_1</c>, … as <c>np.savez</c> names positional arrays; that is the key
/// tfmodisco-lite's <c>modisco motifs</c> reads. Writes go through a temporary file and a rename (<see cref="AtomicFile"/>).
/// </summary>
public static class NpzFile
{
    private const string Suffix = ".npy";

    /// <summary>The keys of the arrays in an archive, in archive order (entry names without the <c>.npy</c> suffix).</summary>
    /// <param name="path">The archive.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="NumpyFormatException">The file is not a zip archive.</exception>
    public static IReadOnlyList<string> Keys(string path)
    {
        using var archive = Open(path);
        return archive.Entries.Select(e => KeyOf(e.FullName)).ToList();
    }

    /// <summary>Reads one array of an archive.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="key">The key (<c>arr_0</c> for the first positional array of <c>np.savez</c>); a key stored with or without the <c>.npy</c> suffix is found either way.</param>
    /// <returns>The array.</returns>
    /// <exception cref="NumpyFormatException">The file is not a zip archive, has no entry for <paramref name="key"/> (the message lists the keys it has), or the entry is not a valid <c>.npy</c> array; the message names the file and the entry.</exception>
    public static NumpyArray Read(string path, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var archive = Open(path);
        var entry = archive.Entries.FirstOrDefault(e => KeyOf(e.FullName) == key)
            ?? throw new NumpyFormatException(path, key, $"the archive has no array '{key}'; its keys are {Describe(archive.Entries.Select(e => KeyOf(e.FullName)))}.");
        return ReadEntry(path, entry);
    }

    /// <summary>Reads every array of an archive.</summary>
    /// <param name="path">The archive.</param>
    /// <returns>The arrays by key, in archive order.</returns>
    /// <exception cref="NumpyFormatException">The file is not a zip archive, or an entry is not a valid <c>.npy</c> array.</exception>
    public static IReadOnlyDictionary<string, NumpyArray> ReadAll(string path)
    {
        using var archive = Open(path);
        var result = new Dictionary<string, NumpyArray>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            var key = KeyOf(entry.FullName);
            if (!result.TryAdd(key, ReadEntry(path, entry)))
            {
                throw new NumpyFormatException(path, key, "the archive holds two entries with this key.");
            }
        }

        return result;
    }

    /// <summary>Writes one array as <c>arr_0</c>, as <c>np.savez(path, a)</c> does.</summary>
    /// <param name="path">The archive; its folder must exist.</param>
    /// <param name="array">The array.</param>
    /// <param name="compress">Deflate the entry, as <c>np.savez_compressed</c> does; stored otherwise.</param>
    public static void Write(string path, NumpyArray array, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        Write(path, [new KeyValuePair<string, NumpyArray>("arr_0", array)], compress);
    }

    /// <summary>Writes arrays under their keys, as <c>np.savez(path, key=a, …)</c> does, atomically.</summary>
    /// <param name="path">The archive; its folder must exist.</param>
    /// <param name="arrays">The arrays and their keys (each entry is named <c>key.npy</c>).</param>
    /// <param name="compress">Deflate the entries, as <c>np.savez_compressed</c> does; stored otherwise.</param>
    /// <exception cref="ArgumentException">A key is empty, contains '/' or '\', or is given twice.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NumpyArray>> arrays, bool compress = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, array) in list)
        {
            if (string.IsNullOrEmpty(key) || key.Contains('/', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The key '{key}' is not a valid array name: give a non-empty name without '/' or '\\'.", nameof(arrays));
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"The key '{key}' is given twice.", nameof(arrays));
            }

            ArgumentNullException.ThrowIfNull(array, nameof(arrays));
        }

        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (key, array) in list)
            {
                var entry = archive.CreateEntry(key + Suffix, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var entryStream = entry.Open();
                NpyFile.Write(entryStream, array);
            }
        });
    }

    private static ZipArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> start = stackalloc byte[6];
            var got = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            if (got == 6 && start[0] == 0x93 && start[1..].SequenceEqual("NUMPY"u8))
            {
                throw new NumpyFormatException(path, null, "this is a .npy file, not a .npz archive; read it with NpyFile.");
            }

            stream.Position = 0;
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new NumpyFormatException(path, null, $"not a valid .npz (zip) archive: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static NumpyArray ReadEntry(string path, ZipArchiveEntry entry)
    {
        var key = KeyOf(entry.FullName);
        try
        {
            using var stream = entry.Open();
            return NpyFile.Read(stream, path, key, entry.Length);
        }
        catch (InvalidDataException e)
        {
            throw new NumpyFormatException(path, key, $"the entry cannot be read: {e.Message}", e);
        }
    }

    private static string KeyOf(string name) => name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name;

    private static string Describe(IEnumerable<string> keys)
    {
        var list = keys.Select(k => $"'{k}'").ToList();
        return list.Count == 0 ? "none (the archive is empty)" : string.Join(", ", list);
    }
}

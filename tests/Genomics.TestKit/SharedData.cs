namespace Genomics.TestKit;

/// <summary>
/// Locates the real data fixtures in the shared data folder that sits beside the repository (<c>../shared/data</c>
/// relative to the folder holding Genomics.sln).
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>Gets the absolute path of the shared data folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No Genomics.sln was found above the test directory, or the data folder is missing.</exception>
    public static string Root => s_root.Value;

    /// <summary>Gets the absolute path of a file or folder inside the shared data folder.</summary>
    /// <param name="parts">Path segments below the data folder, e.g. <c>Path("deepchrome", "train.csv")</c>.</param>
    /// <returns>The combined absolute path.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at the combined path.</exception>
    public static string Path(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var path = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Shared data fixture '{path}' does not exist.", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryFiles.Root, "..", "shared", "data"));
        return Directory.Exists(data)
            ? data
            : throw new DirectoryNotFoundException($"Found Genomics.sln in '{RepositoryFiles.Root}' but no shared data folder at '{data}'.");
    }
}

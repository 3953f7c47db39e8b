using System.Text.Json;
using NUnit.Framework;

namespace Genomics.TestKit;

/// <summary>Files of the repository (the folder holding Genomics.sln), found from the test assembly's folder.</summary>
public static class RepositoryFiles
{
    private const string SolutionFileName = "Genomics.sln";

    private static readonly Lazy<string> s_root = new(FindRoot);

    private static readonly JsonSerializerOptions s_snakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the test assembly holds Genomics.sln.</exception>
    public static string Root => s_root.Value;

    /// <summary>The absolute path of a file or folder below the repository root (it need not exist).</summary>
    /// <param name="parts">Path segments below the root, e.g. <c>Path("tests", "Genomics.Models.Tests", "x.json")</c>.</param>
    /// <returns>The combined absolute path.</returns>
    public static string Path(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return System.IO.Path.Combine([Root, .. parts]);
    }

    /// <summary>Reads a committed JSON file of reference values whose property names are in snake case.</summary>
    /// <typeparam name="T">The record the file deserialises to.</typeparam>
    /// <param name="parts">Path segments below the repository root.</param>
    /// <returns>The values.</returns>
    /// <exception cref="InvalidDataException">The file holds JSON null.</exception>
    public static T ReadSnakeCaseJson<T>(params string[] parts)
    {
        var path = Path(parts);
        return JsonSerializer.Deserialize<T>(File.ReadAllText(path), s_snakeCase)
            ?? throw new InvalidDataException($"{path} holds no reference values.");
    }

    private static string FindRoot()
    {
        var start = TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory;
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, SolutionFileName)))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above '{start}' contains {SolutionFileName}.");
    }
}

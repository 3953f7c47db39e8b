using NUnit.Framework;

namespace Genomics.Models.Tests.Architectures.Basset;

/// <summary>Locates the Basset reference files in the shared data folder beside the repository.</summary>
internal static class BassetFixtureFiles
{
    /// <summary>davek44/Basset's data/models/targets.txt (164 targets, 8988T first).</summary>
    public static string TargetsFile => Path.Combine(SharedData(), "basset", "targets.txt");

    private static string SharedData()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Genomics.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException($"No folder above {TestContext.CurrentContext.TestDirectory} contains Genomics.sln.");
    }
}

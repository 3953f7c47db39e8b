namespace Genomics.Models.Tests.Architectures.Basset;

/// <summary>Locates the Basset reference files in the shared data folder beside the repository.</summary>
internal static class BassetFixtureFiles
{
    /// <summary>davek44/Basset's data/models/targets.txt (164 targets, 8988T first).</summary>
    public static string TargetsFile => Genomics.TestKit.SharedData.Path("basset", "targets.txt");
}

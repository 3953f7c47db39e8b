using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Samples.Tests;

/// <summary>
/// load.fsx must find the libraries that this build (Debug or Release) gathered for the notebooks: a script's #r
/// paths cannot depend on the configuration.
/// </summary>
public sealed class NotebookLoadTests
{
    [Test]
    public void LoadScript_ReferencesTheLibrariesOfThisBuildsConfiguration()
    {
        var folder = Path.Combine(DotnetCli.RepositoryRoot, "samples", "notebooks");
        var references = File.ReadLines(Path.Combine(folder, "load.fsx"))
            .Where(l => l.StartsWith("#r \"", StringComparison.Ordinal))
            .Select(l => l.Trim()[4..^1])
            .ToList();
        Assert.That(references, Has.Some.EndsWith("Genomics.Models.dll"));
        using (Assert.EnterMultipleScope())
        {
            foreach (var reference in references)
            {
                Assert.That(File.Exists(Path.Combine(folder, reference)), Is.True, $"{reference} (built with -c {DotnetCli.Configuration})");
            }
        }

        // The notebooks project is built with this test project, in the same configuration: the library it gathered
        // is the one this test runs against.
        var loaded = Path.Combine(folder, references.Single(r => r.EndsWith("Genomics.Models.dll", StringComparison.Ordinal)));
        var built = Path.Combine(AppContext.BaseDirectory, "Genomics.Models.dll");
        Assert.That(File.ReadAllBytes(loaded), Is.EqualTo(File.ReadAllBytes(built)), $"{loaded} is not the {DotnetCli.Configuration} build of {built}");
    }
}

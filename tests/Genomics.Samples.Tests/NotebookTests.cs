using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Samples.Tests;

/// <summary>
/// Runs every F# script in samples/notebooks with <c>dotnet fsi</c> against the built libraries, and checks that
/// each notebook is exactly its script's twin (set GENOMICS_UPDATE_NOTEBOOKS=1 to regenerate the notebooks).
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class NotebookTests
{
    private static string Folder => Path.Combine(DotnetCli.RepositoryRoot, "samples", "notebooks");

    public static IEnumerable<string> Scripts() =>
        Directory.EnumerateFiles(Path.Combine(DotnetCli.RepositoryRoot, "samples", "notebooks"), "*.fsx")
            .Select(Path.GetFileName)
            .Where(n => n != "load.fsx")
            .Order(StringComparer.Ordinal)!;

    [Test]
    public void EveryScript_HasANotebookTwin_AndViceVersa()
    {
        var scripts = Scripts().Select(Path.GetFileNameWithoutExtension).ToArray();
        var notebooks = Directory.EnumerateFiles(Folder, "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        Assert.That(scripts, Is.Not.Empty);
        Assert.That(notebooks, Is.EqualTo(scripts));
    }

    [TestCaseSource(nameof(Scripts))]
    public void Notebook_IsTheScriptsTwin(string script)
    {
        var expected = NotebookFormat.FromScript(File.ReadAllText(Path.Combine(Folder, script)));
        var notebook = Path.Combine(Folder, Path.ChangeExtension(script, ".ipynb"));
        if (Environment.GetEnvironmentVariable("GENOMICS_UPDATE_NOTEBOOKS") == "1")
        {
            File.WriteAllText(notebook, expected);
        }

        Assert.That(File.ReadAllText(notebook).Replace("\r\n", "\n", StringComparison.Ordinal), Is.EqualTo(expected), $"{notebook} has drifted from {script}; regenerate with GENOMICS_UPDATE_NOTEBOOKS=1.");
    }

    [TestCaseSource(nameof(Scripts))]
    public void Script_RunsWithDotnetFsi(string script)
    {
        var run = DotnetCli.Run(Folder, TimeSpan.FromMinutes(5), "fsi", "--quiet", "--exec", script);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Not.Contain("error FS"), run.Output);
    }
}

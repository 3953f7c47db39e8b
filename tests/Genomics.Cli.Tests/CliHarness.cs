namespace Genomics.Cli.Tests;

/// <summary>Runs the command line in process and captures what it writes.</summary>
internal static class CliHarness
{
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = GenomicsCli.Run(args, new CliConsole(output, error, ShowProgress: true));
        return (code, output.ToString(), error.ToString());
    }

    public static string QuickStartData(string file) => Path.Combine(Genomics.TestKit.DotnetCli.RepositoryRoot, "samples", "QuickStart", "data", file);
}

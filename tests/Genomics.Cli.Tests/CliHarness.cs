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

    /// <summary>Trains <paramref name="architecture"/> for two epochs on the QuickStart histone tables (train and valid), one thread.</summary>
    public static (int Code, string Out, string Error) TrainOnQuickStart(string architecture, string checkpoint) =>
        Run("train", "-a", architecture, "--train", QuickStartData("train.csv"), "--valid", QuickStartData("valid.csv"), "--epochs", "2", "-o", checkpoint, "--threads", "1");

    public static string QuickStartData(string file) => Path.Combine(Genomics.TestKit.DotnetCli.RepositoryRoot, "samples", "QuickStart", "data", file);
}

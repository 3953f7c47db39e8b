using System.Diagnostics;
using System.Text;

namespace Genomics.TestKit;

/// <summary>Runs the .NET CLI as a child process for end-to-end tests (packing, consuming, running scripts).</summary>
public static class DotnetCli
{
    // Variables the test host sets for its own MSBuild; a child build must resolve its own SDK.
    private static readonly string[] HostVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE", "VSTEST_HOST_DEBUG"];

    /// <summary>The result of a run.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Output">Standard output and standard error, interleaved as received.</param>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>The repository root (the folder holding Genomics.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot => RepositoryFiles.Root;

    /// <summary>The build configuration of the running test assembly (Debug or Release).</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>Runs <c>dotnet</c> with arguments in a folder and waits for it.</summary>
    /// <param name="workingDirectory">The working folder.</param>
    /// <param name="timeout">How long to wait before killing the process tree.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>Exit code and output.</returns>
    /// <exception cref="TimeoutException">The process ran longer than <paramref name="timeout"/>.</exception>
    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, timeout, environment: null, arguments);

    /// <summary>Runs <c>dotnet</c> with arguments and extra environment variables in a folder and waits for it.</summary>
    /// <param name="workingDirectory">The working folder.</param>
    /// <param name="timeout">How long to wait before killing the process tree.</param>
    /// <param name="environment">Variables to set for the child process (null leaves the environment as it is).</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>Exit code and output.</returns>
    /// <exception cref="TimeoutException">The process ran longer than <paramref name="timeout"/>.</exception>
    public static Result Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var v in HostVariables)
        {
            info.Environment.Remove(v);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} ran longer than {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

namespace Genomics.Cli;

/// <summary>The tool's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug or an environment problem); the message says what failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line is invalid (unknown option, missing or malformed value).</summary>
    public const int Usage = 2;

    /// <summary>An input file or argument value is invalid (bad format, wrong shape, unknown name); the message names it.</summary>
    public const int InvalidInput = 3;

    /// <summary>The native TorchSharp runtime could not be loaded.</summary>
    public const int RuntimeUnavailable = 4;

    /// <summary>The command was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

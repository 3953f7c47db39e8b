using System.CommandLine;
using Genomics.Cli.Commands;
using Genomics.Models.Abstractions;
using Genomics.Models.IO;
using Genomics.Models.Onnx;
using Genomics.Models.Runtime;
using Genomics.Models.Serialization;
using Genomics.Models.Serialization.Keras;
using Genomics.Models.Serialization.PyTorch;

namespace Genomics.Cli;

/// <summary>The <c>genomics</c> command line: builds the command tree and runs it with typed errors and exit codes.</summary>
public static class GenomicsCli
{
    /// <summary>Builds the root command with every subcommand.</summary>
    /// <param name="console">Where commands write.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand("genomics: deep-learning models of regulatory genomics and the methods that interpret them.\n"
            + "Exit codes: 0 success, 1 unexpected failure, 2 invalid command line, 3 invalid input, 4 native runtime unavailable, 130 cancelled.");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where to write; the process console when null.</param>
    /// <param name="cancellationToken">Cancels the running command.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, CliConsole? console = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        console ??= CliConsole.System;
        var parse = Build(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"error: {error.Message}");
            }

            console.Error.WriteLine("Run 'genomics --help' or 'genomics <command> --help' for the options.");
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return parse.InvokeAsync(configuration, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            var (code, kind) = Classify(e);
            console.Error.WriteLine($"error ({kind}): {e.Message}");
            return code;
        }
    }

    private static IEnumerable<Command> Commands(CliConsole console)
    {
        yield return ModelsCommand.Create(console);
        yield return InfoCommand.Create(console);
        yield return TrainCommand.Create(console);
        yield return PredictCommand.Create(console);
        yield return TomtomCommand.Create(console);
        yield return ScanCommand.Create(console);
        yield return AttributeCommand.Create(console);
        yield return ModiscoCommand.Create(console);
        yield return NeuronMotifCommand.Create(console);
        yield return AsmmCommand.Create(console);
        yield return ExportCommand.Create(console);
        yield return VariantsCommand.Create(console);
        yield return MergeCommand.Create(console);
    }

    internal static (int Code, string Kind) Classify(Exception e) => e switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        TorchRuntimeException => (ExitCodes.RuntimeUnavailable, "native runtime"),
        ForwardOnlyModelException => (ExitCodes.InvalidInput, "forward-only model"),
        DataFormatException or OnnxModelException or CheckpointCorruptException or CheckpointMismatchException or KerasImportException or PyTorchWeightsException or FileNotFoundException or DirectoryNotFoundException => (ExitCodes.InvalidInput, "invalid input"),
        CliArgumentException or ArgumentException => (ExitCodes.InvalidInput, "invalid argument"),
        InvalidOperationException => (ExitCodes.InvalidInput, "invalid input"),
        _ => (ExitCodes.Failure, e.GetType().Name),
    };
}

using System.CommandLine;
using Genomics.Models.Architectures;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics models</c>: lists the architectures, their presets and inputs.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("models", "List the model-zoo architectures with their presets, inputs and outputs.");
        command.SetAction(_ =>
        {
            foreach (var entry in ModelCatalog.Entries)
            {
                console.Out.WriteLine($"{entry.Name,-18} {entry.Description}");
                foreach (var preset in entry.Presets.Keys)
                {
                    var model = entry.Create(preset);
                    try
                    {
                        var length = model.Input.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any";
                        console.Out.WriteLine($"{"",18}   preset {preset,-10} input {model.Input.Kind} {model.Input.Channels} x {length}, {model.Output.Targets} output(s) ({model.Output.Activation})");
                    }
                    finally
                    {
                        model.Module.Dispose();
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

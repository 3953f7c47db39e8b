using System.CommandLine;
using Genomics.Models.Serialization.PyTorch;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics export</c>: writes a model's weights as a PyTorch state dict (.pt) or safetensors, in the originals' names.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var models = new ModelArgument("The model to export: a checkpoint written by 'genomics train' or ModelCatalog.Save, or PyTorch weights with --architecture.");
        var format = new Option<string>("--format") { Description = "pt (torch.save zip, for torch.load + load_state_dict) or safetensors.", Required = true };
        format.AcceptOnlyFromAmong("pt", "safetensors");
        var output = new Option<FileInfo>("--output", "-o") { Description = "The file to write (replaced atomically).", Required = true };
        var ownNames = new Option<bool>("--own-names") { Description = "Write this library's state-dict keys instead of the original PyTorch model's names." };
        var command = new Command("export", "Export a model's weights as a PyTorch state dict (.pt) or safetensors file, in the original PyTorch names where the architecture has them.") { format, output, ownNames };
        models.AddTo(command);
        command.SetAction(result =>
        {
            OutputPaths.Check([("--output", result.GetValue(output))], [("--model", result.GetValue(models.Model))]);
            return models.Run(result, net =>
            {
                var path = result.GetValue(output)!.FullName;
                var chosen = result.GetValue(format) == "safetensors" ? PyTorchWeightFormat.Safetensors : PyTorchWeightFormat.TorchSave;
                PyTorchWeights.Save(path, net, chosen, originalNames: !result.GetValue(ownNames));
                var mapping = PyTorchNameMapping.For(net);
                var names = result.GetValue(ownNames) || mapping.Original is null ? "this library's names" : $"the names of {mapping.Original}";
                console.Info($"Wrote {net.Module.GetType().Name}'s weights to {path} ({result.GetValue(format)}, {names})");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}

using System.CommandLine;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures;
using Genomics.Models.Serialization.Keras;

namespace Genomics.Cli;

/// <summary>The <c>--model</c> and <c>--architecture</c> options of commands that run a saved model, and loading it for the command.</summary>
/// <param name="description">What the command needs of the model.</param>
internal sealed class ModelArgument(string description)
{
    public Option<FileInfo> Model { get; } = new("--model", "-m") { Description = description, Required = true };

    public Option<string?> Architecture { get; } = new("--architecture") { Description = "The architecture, when the checkpoint does not record it (see 'genomics models'); required for PyTorch weights (.pt, .pth, .bin, .ckpt, .safetensors), as NAME or NAME:PRESET." };

    /// <summary>Puts the options first in the command's help.</summary>
    public void AddTo(Command command)
    {
        command.Options.Insert(0, Architecture);
        command.Options.Insert(0, Model);
    }

    /// <summary>Loads the model, runs <paramref name="body"/> and disposes the model afterwards.</summary>
    public int Run(ParseResult result, Func<ISequenceModel, int> body)
    {
        var path = result.GetValue(Model)!.FullName;
        if (Directory.Exists(path))
        {
            throw new CliArgumentException("--model", $"'{path}' is a directory; give a checkpoint file (written by 'genomics train' or ModelCatalog.Save).");
        }

        // A Keras full-model file (.h5 with a model_config attribute) is imported; anything else is a checkpoint.
        var model = KerasModel.IsKerasModelFile(path) ? KerasModel.Load(path) : ModelCatalog.Load(path, result.GetValue(Architecture));
        try
        {
            return body(model);
        }
        finally
        {
            model.Module.Dispose();
        }
    }
}

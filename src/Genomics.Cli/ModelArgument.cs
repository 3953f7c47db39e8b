using System.CommandLine;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures;
using Genomics.Models.Serialization.Keras;
using Genomics.Models.Onnx;

namespace Genomics.Cli;

/// <summary>The <c>--model</c> and <c>--architecture</c> options of commands that run a saved model, and loading it for the command.</summary>
/// <param name="description">What the command needs of the model.</param>
internal sealed class ModelArgument(string description)
{
    public Option<FileInfo> Model { get; } = new("--model", "-m") { Description = description + " Or an ONNX model (.onnx), run by ONNX Runtime on the CPU, for the forward-only commands (predict, ISM, asmm).", Required = true };

    public Option<string?> Architecture { get; } = new("--architecture") { Description = "The architecture, when the checkpoint does not record it (see 'genomics models'); required for PyTorch weights (.pt, .pth, .bin, .ckpt, .safetensors), as NAME or NAME:PRESET." };

    /// <summary><c>--onnx-layout</c>: the input layout of an ONNX model (<c>--layout</c> is taken by the saved-array inputs).</summary>
    public Option<string> OnnxLayout { get; } = new("--onnx-layout")
    {
        Description = "The input layout of an .onnx model: channels-first (N, 4, L), as PyTorch exports, or channels-last (N, L, 4), as Keras/TensorFlow and JAX export.",
        DefaultValueFactory = _ => "channels-first",
    };

    /// <summary>Puts the options first in the command's help.</summary>
    public void AddTo(Command command)
    {
        command.Options.Insert(0, OnnxLayout);
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

        // An ONNX model runs on ONNX Runtime; a Keras full-model file (.h5 with a model_config attribute) is imported;
        // anything else is a checkpoint.
        var model = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? LoadOnnx(result, path)
            : KerasModel.IsKerasModelFile(path) ? KerasModel.Load(path)
            : ModelCatalog.Load(path, result.GetValue(Architecture));
        try
        {
            return body(model);
        }
        finally
        {
            model.Module.Dispose();
        }
    }

    private OnnxSequenceModel LoadOnnx(ParseResult result, string path)
    {
        var layout = result.GetValue(OnnxLayout) switch
        {
            "channels-first" => OnnxInputLayout.ChannelsFirst,
            "channels-last" => OnnxInputLayout.ChannelsLast,
            var other => throw new CliArgumentException("--onnx-layout", $"'{other}' is not a layout; give channels-first or channels-last."),
        };

        // The session's threads are fixed when it is created, so --threads is read here rather than at the first batch.
        var threads = result.CommandResult.Command.Options.Any(o => o.Name == "--threads") ? result.GetValue<int>("--threads") : 0;
        return OnnxSequenceModel.Load(path, new OnnxModelOptions { Layout = layout, Threads = threads > 0 ? threads : null });
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Framework;

/// <summary>
/// Writes one case's seeded weights, input batch, targets and reference results as raw little-endian files with a JSON
/// manifest (<c>DIR/NAME/manifest.json</c>), which tools/reference/framework_twin.py reads with numpy alone.
/// </summary>
/// <remarks>
/// The manifest lists every state-dict entry (parameters and batch-normalisation buffers) under its TorchSharp name
/// with its shape, dtype (<c>float32</c> or <c>int64</c>) and file; then the input, the targets, the evaluation-mode
/// output, the evaluation-mode loss and the gradient of that loss for every parameter (evaluation mode, so that dropout
/// and batch statistics do not make the two frameworks differ).
/// </remarks>
public static class Export
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>Exports one case.</summary>
    /// <param name="benchCase">The architecture.</param>
    /// <param name="directory">The export root; the case's folder is created under it.</param>
    /// <returns>The manifest's path.</returns>
    public static string Write(BenchCase benchCase, string directory)
    {
        ArgumentNullException.ThrowIfNull(benchCase);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The export format is little-endian.");
        }

        var folder = Path.Combine(directory, benchCase.Name);
        Directory.CreateDirectory(folder);
        var (model, input, targets) = benchCase.Create();
        var module = model.Module;
        try
        {
            var tensors = new List<TensorEntry>();
            foreach (var (name, tensor) in module.state_dict())
            {
                tensors.Add(WriteTensor(folder, "weights." + name, name, tensor));
            }

            module.eval();
            module.zero_grad();
            using var scope = NewDisposeScope();
            var output = model.Evaluate(input);
            var loss = benchCase.Loss.Compute(output, targets);
            loss.backward();
            var gradients = new List<TensorEntry>();
            foreach (var (name, parameter) in module.named_parameters())
            {
                gradients.Add(WriteTensor(folder, "grad." + name, name, parameter.grad!));
            }

            var manifest = new Manifest(
                benchCase.Name,
                benchCase.Batch,
                BenchCase.WeightSeed,
                BenchCase.DataSeed,
                benchCase.Loss.Name,
                WriteTensor(folder, "input", "input", input),
                WriteTensor(folder, "targets", "targets", targets),
                WriteTensor(folder, "output", "output", output.detach()),
                loss.item<float>(),
                tensors,
                gradients);
            var path = Path.Combine(folder, "manifest.json");
            File.WriteAllText(path, JsonSerializer.Serialize(manifest, s_json));
            return path;
        }
        finally
        {
            input.Dispose();
            targets.Dispose();
            module.Dispose();
        }
    }

    private static TensorEntry WriteTensor(string folder, string stem, string name, Tensor tensor)
    {
        var file = stem + ".bin";
        using var flat = tensor.detach().contiguous().flatten();
        using var stream = File.Create(Path.Combine(folder, file));
        string dtype;
        switch (flat.dtype)
        {
            case ScalarType.Float32:
                stream.Write(MemoryMarshal.AsBytes(flat.data<float>().ToArray().AsSpan()));
                dtype = "float32";
                break;
            case ScalarType.Int64:
                stream.Write(MemoryMarshal.AsBytes(flat.data<long>().ToArray().AsSpan()));
                dtype = "int64";
                break;
            default:
                throw new NotSupportedException($"{name}: dtype {flat.dtype} is not exported.");
        }

        return new TensorEntry(name, tensor.shape, dtype, file);
    }

    /// <summary>One tensor file.</summary>
    /// <param name="Name">The state-dict name (or input, targets, output).</param>
    /// <param name="Shape">The shape.</param>
    /// <param name="Dtype">float32 or int64, little-endian, C order.</param>
    /// <param name="File">The file name inside the case's folder.</param>
    public sealed record TensorEntry(string Name, long[] Shape, string Dtype, string File);

    /// <summary>The manifest of one case.</summary>
    /// <param name="Architecture">The case name.</param>
    /// <param name="Batch">Examples in the batch.</param>
    /// <param name="WeightSeed">The seed of the initialisation.</param>
    /// <param name="DataSeed">The seed of the input and targets.</param>
    /// <param name="Loss">The training loss's name (bce or cross-entropy).</param>
    /// <param name="Input">The input batch.</param>
    /// <param name="Targets">The targets.</param>
    /// <param name="Output">The evaluation-mode output on the input.</param>
    /// <param name="EvalLoss">The evaluation-mode loss.</param>
    /// <param name="Weights">Every state-dict entry.</param>
    /// <param name="Gradients">The gradient of the evaluation-mode loss for every parameter.</param>
    public sealed record Manifest(
        string Architecture,
        int Batch,
        long WeightSeed,
        long DataSeed,
        string Loss,
        TensorEntry Input,
        TensorEntry Targets,
        TensorEntry Output,
        float EvalLoss,
        IReadOnlyList<TensorEntry> Weights,
        IReadOnlyList<TensorEntry> Gradients);
}

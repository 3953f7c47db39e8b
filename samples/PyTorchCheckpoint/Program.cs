// PyTorchCheckpoint: a Basset written by PyTorch (torch.save of its state dict, in the common PyTorch Basset port's
// module names conv1/bn1 … fc3) loaded into the library's Basset, checked against PyTorch's own outputs on the same
// sequences, then explained with DeepLIFT-SHAP and saturation mutagenesis. No Python runs here.
//
//   dotnet run --project samples/PyTorchCheckpoint -c Release [-- --out DIR] [--references K]
using System.Globalization;
using System.Text.Json;
using Genomics.Interpret;
using Genomics.Interpret.Plots;
using Genomics.Interpret.Seqlets;
using Genomics.Models.Architectures;
using Genomics.Models.Architectures.Basset;
using TorchSharp;

var outDir = Directory.CreateDirectory(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "genomics-pytorch-checkpoint")).FullName;
var references = int.Parse(Option(args, "--references") ?? "10", CultureInfo.InvariantCulture);
var data = Path.Combine(AppContext.BaseDirectory, "data");

// 1. The architecture's sizes as the PyTorch model was built; the names are mapped from the port's (conv1.weight →
//    convs.0.weight, bn4 → hiddenNorms.0, fc3 → output, …) and every shape is checked before anything is copied.
var options = new BassetOptions
{
    InputLength = 40, ConvFilters = [6, 5, 4], ConvWidths = [5, 3, 3], PoolWidths = [2, 2, 2], HiddenUnits = [7, 7], HiddenDropouts = [0.3, 0.3], Targets = 3,
};
using var model = ModelCatalog.LoadPyTorch(Path.Combine(data, "basset_port.bin"), "basset", options);
Console.WriteLine($"loaded basset_port.bin into {model.GetType().Name}: {model.Input.Channels} × {model.Input.Length} input, {model.Output.Targets} outputs");

// 2. The same sequences through both frameworks: PyTorch's outputs were recorded when the file was written.
var recorded = JsonSerializer.Deserialize<Recorded>(File.ReadAllText(Path.Combine(data, "basset_port_outputs.json")), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
using var sequences = torch.tensor(recorded.Input, recorded.InputShape);
double largest;
model.Module.eval();
using (torch.no_grad())
using (var output = model.Evaluate(sequences))
{
    var ours = output.data<float>().ToArray();
    largest = ours.Zip(recorded.Output, (a, b) => Math.Abs(a - b)).Max();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outputs against PyTorch's: largest difference {largest:G3}"));
if (largest > 1e-5)
{
    Console.Error.WriteLine("The loaded model does not reproduce PyTorch's outputs.");
    return 1;
}

// 3. Engines on the loaded model: DeepLIFT-SHAP (dinucleotide-shuffled references) and saturation mutagenesis, target 0.
using var shap = Attributions.DeepLiftShap(model, sequences, target: 0, references: references);
using var ism = Attributions.SaturationMutagenesis(model, sequences, target: 0);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DeepLIFT-SHAP: {recorded.InputShape[0]} sequences × {references} references, largest convergence delta {shap.MaxConvergenceDelta:G2}"));
var deepLift = SeqletArrays.FromTensor(shap.Scores);
var mutagenesis = SeqletArrays.FromTensor(ism.Scores);
var oneHot = SeqletArrays.FromTensor(sequences);
var lines = new List<string> { "sequence\tposition\tbase\tdeeplift_shap\tism" };
for (var n = 0; n < oneHot.GetLength(0); n++)
{
    for (var j = 0; j < oneHot.GetLength(2); j++)
    {
        for (var b = 0; b < 4; b++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{n}\t{j}\t{"ACGT"[b]}\t{deepLift[n, b, j]:G6}\t{mutagenesis[n, b, j]:G6}"));
        }
    }
}

File.WriteAllLines(Path.Combine(outDir, "attributions.tsv"), lines);
AttributionPlot.Draw(SeqletArrays.Example(deepLift, 0), SeqletArrays.Example(oneHot, 0), title: "PyTorch-written Basset, sequence 0: DeepLIFT-SHAP").Save(Path.Combine(outDir, "deeplift-sequence0.svg"));
Console.WriteLine($"attributions.tsv and deeplift-sequence0.svg written to {outDir}");
return 0;

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

internal sealed record Recorded(long[] InputShape, float[] Input, long[] OutputShape, float[] Output);

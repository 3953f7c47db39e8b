using System.Text.Json;
using Genomics.Interpret.Tests.References;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>Reads deeplift_reference.json (written by tools/reference/deeplift_reference.py).</summary>
internal sealed class DeepLiftReferenceData
{
    private readonly JsonElement _root;

    private DeepLiftReferenceData(JsonElement root) => _root = root;

    public static DeepLiftReferenceData Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "DeepLift", "deeplift_reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new DeepLiftReferenceData(document.RootElement.Clone());
    }

    public IEnumerable<double> Scores => Flatten(_root.GetProperty("scores"));

    public IEnumerable<double> Hypothetical => Flatten(_root.GetProperty("hypothetical"));

    public FixedConvModel Model()
    {
        var convWeight = Array("conv_weight");
        var length = _root.GetProperty("inputs")[0].GetString()!.Length;
        using var w = torch.tensor(convWeight.Values, convWeight.Shape);
        var convBias = Array("conv_bias");
        using var b = torch.tensor(convBias.Values, convBias.Shape);
        var linearWeight = Array("linear_weight");
        using var lw = torch.tensor(linearWeight.Values, linearWeight.Shape);
        var linearBias = Array("linear_bias");
        using var lb = torch.tensor(linearBias.Values, linearBias.Shape);
        return new FixedConvModel(w, b, lw, lb, length);
    }

    public Tensor Inputs() => ReferenceTestData.OneHot(_root.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToArray());

    public Tensor References()
    {
        var perExample = _root.GetProperty("references").EnumerateArray()
            .Select(e => ReferenceTestData.OneHot(e.EnumerateArray().Select(s => s.GetString()!).ToArray())).ToList();
        try
        {
            return torch.stack(perExample);
        }
        finally
        {
            perExample.ForEach(t => t.Dispose());
        }
    }

    private (float[] Values, long[] Shape) Array(string name)
    {
        var element = _root.GetProperty(name);
        var shape = new List<long>();
        var e = element;
        while (e.ValueKind == JsonValueKind.Array)
        {
            shape.Add(e.GetArrayLength());
            e = e[0];
        }

        return (Flatten(element).Select(v => (float)v).ToArray(), shape.ToArray());
    }

    private static IEnumerable<double> Flatten(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? element.EnumerateArray().SelectMany(Flatten).ToList()
        : [element.GetDouble()];
}

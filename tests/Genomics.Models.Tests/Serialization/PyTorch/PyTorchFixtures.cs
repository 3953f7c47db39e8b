using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.PairedAllele;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization.PyTorch;

/// <summary>
/// The fixtures of tools/reference/pytorch_weights_fixtures.py: weight files of tiny PyTorch twins of the originals'
/// layouts, and the twins' outputs on fixed inputs (expected.json).
/// </summary>
internal static class PyTorchFixtures
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly Lazy<string> s_folder = new(() => Genomics.TestKit.RepositoryFiles.Path("tests", "Genomics.Models.Tests", "Serialization", "PyTorch", "Fixtures"));
    private static readonly Lazy<Dictionary<string, Expected>> s_expected = new(LoadExpected);

    public static string Path(string name) => System.IO.Path.Combine(s_folder.Value, name);

    public static Expected Of(string name) => s_expected.Value[name];

    public static PairedAlleleOptions DeepAllele { get; } = new()
    {
        Length = 16, FirstFilters = 6, FirstKernelSize = 5, Filters = 4, KernelSize = 3, PoolSize = 2, ResidualBlocks = 2, HiddenSize = 5, HiddenLayers = 1,
    };

    public static AttentiveChromeOptions AttentiveChrome { get; } = new() { Bins = 10, BinHiddenSize = 4, MarkHiddenSize = 2 };

    public static CnnGruOptions CnnGru { get; } = new()
    {
        ChannelNames = ["A", "C", "G", "T"], Length = 24, Filters = 6, KernelSize = 3, Padding = 1, Blocks = 2, TargetNames = ["y"],
    };

    public static BassetOptions Basset { get; } = new()
    {
        InputLength = 40, ConvFilters = [6, 5, 4], ConvWidths = [5, 3, 3], PoolWidths = [2, 2, 2], HiddenUnits = [7, 7], HiddenDropouts = [0.3, 0.3], Targets = 3,
    };

    /// <summary>Runs the model in evaluation mode on the fixture's input and returns the flat outputs.</summary>
    public static float[] Forward(ISequenceModel model, Expected expected)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.Module.eval();
        var input = torch.tensor(expected.Input, expected.InputShape);
        var output = model.Evaluate(input);
        Assert.That(output.shape, Is.EqualTo(expected.OutputShape));
        return output.data<float>().ToArray();
    }

    private static Dictionary<string, Expected> LoadExpected()
    {
        return JsonSerializer.Deserialize<Dictionary<string, Expected>>(File.ReadAllText(Path("expected.json")), s_json)!;
    }

    internal sealed record Expected(long[] InputShape, float[] Input, long[] OutputShape, float[] Output);
}

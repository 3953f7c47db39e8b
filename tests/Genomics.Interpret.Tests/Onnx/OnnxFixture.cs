using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Onnx;

/// <summary>The files written by tools/reference/onnx_fixture.py: three ONNX exports of a tiny CNN and the PyTorch
/// twin's weights, inputs and outputs.</summary>
internal static class OnnxFixture
{
    private static readonly Lazy<JsonElement> Record = new(() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("onnx_fixture.json"))).RootElement.Clone());

    public static string PathOf(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Onnx", file);

    public static string TinyCnn => PathOf("tiny_cnn.onnx");

    public static string ChannelsLast => PathOf("tiny_cnn_channels_last.onnx");

    public static string Pooled => PathOf("tiny_cnn_pooled.onnx");

    /// <summary>A recorded array as a tensor of its recorded shape.</summary>
    public static Tensor Array(string name)
    {
        var entry = Record.Value.GetProperty(name);
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return torch.tensor(Floats(entry.GetProperty("values")), shape);
    }

    public static float[] Weight(string name) => Floats(Record.Value.GetProperty("weights").GetProperty(name));

    private static float[] Floats(JsonElement values) => values.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
}

/// <summary>The tiny CNN of the fixture rebuilt in TorchSharp from the exported weights: conv (4→6, k5) → ReLU →
/// max-pool 2 → flatten → linear (48→2), input one-hot (N, 4, 20).</summary>
internal sealed class OnnxTwinModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Activation relu;
    private readonly Pool1d pool;
    private readonly Linear dense;

    public OnnxTwinModel()
        : base(nameof(OnnxTwinModel), new ToyModelOptions(InputKind.OneHot, 4, 20, 2))
    {
        conv = nn.Conv1d(4, 6, 5);
        relu = new Activation(ActivationKind.Relu);
        pool = new Pool1d(PoolKind.Max, 2);
        dense = nn.Linear(48, 2);
        RegisterComponents();
        using (torch.no_grad())
        {
            using var cw = torch.tensor(OnnxFixture.Weight("conv_weight"), [6, 4, 5]);
            using var cb = torch.tensor(OnnxFixture.Weight("conv_bias"), [6]);
            using var dw = torch.tensor(OnnxFixture.Weight("dense_weight"), [2, 48]);
            using var db = torch.tensor(OnnxFixture.Weight("dense_bias"), [2]);
            conv.weight!.copy_(cw);
            conv.bias!.copy_(cb);
            dense.weight!.copy_(dw);
            dense.bias!.copy_(db);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return dense.call(pool.call(relu.call(conv.call(input))).flatten(1)).MoveToOuterDisposeScope();
    }
}

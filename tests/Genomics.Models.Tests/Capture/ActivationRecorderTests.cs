using Genomics.Models.Abstractions;
using Genomics.Models.Capture;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Capture;

[NonParallelizable]
public sealed class ActivationRecorderTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 10, 2);

    [Test]
    public void Records_LayerOutputs_AcrossBatches()
    {
        using var model = new ToyConvModel(s_options);
        using var x = torch.rand(5, 4, 10);
        using var recorder = new ActivationRecorder(model, ["conv", "pool"]);
        using var y = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).Predict(model, x);
        using var conv = recorder.GetActivations("conv");
        using var pool = recorder.GetActivations("pool");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(recorder.CallCount("conv"), Is.EqualTo(3));
            Assert.That(conv.shape, Is.EqualTo(new long[] { 5, 8, 8 }));
            Assert.That(pool.shape, Is.EqualTo(new long[] { 5, 8, 4 }));
        }
    }

    [Test]
    public void Recorded_ConvOutput_EqualsDirectConvolution()
    {
        using var model = new ToyConvModel(s_options);
        using var x = torch.rand(3, 4, 10);
        using var recorder = new ActivationRecorder(model, ["conv"]);
        using (torch.no_grad())
        {
            model.Evaluate(x).Dispose();
        }

        var conv = model.named_modules().Single(m => m.name == "conv").module as TorchSharp.Modules.Conv1d;
        using var direct = conv!.forward(x).detach(); // forward bypasses hooks
        using var recorded = recorder.GetActivations("conv");
        Assert.That(recorded.allclose(direct), Is.True);
    }

    [Test]
    public void Dispose_RemovesHooks()
    {
        using var model = new ToyConvModel(s_options);
        using var x = torch.rand(2, 4, 10);
        var recorder = new ActivationRecorder(model, ["conv"]);
        recorder.Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        using (torch.no_grad())
        {
            model.Evaluate(x).Dispose();
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before), "no hook captured a tensor after dispose");
        Assert.That(() => recorder.GetActivations("conv"), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Hooks_AreRemoved_WhenForwardThrows()
    {
        using var model = new ToyConvModel(s_options);
        using var bad = torch.rand(2, 4, 30);
        using (var recorder = new ActivationRecorder(model, ["conv"]))
        {
            Assert.That(() => model.Evaluate(bad), Throws.Exception);
        }

        using var x = torch.rand(2, 4, 10);
        var before = TorchTestEnvironment.LiveTensors;
        using (torch.no_grad())
        {
            model.Evaluate(x).Dispose();
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void UnknownLayer_ListsAvailableLayers()
    {
        using var model = new ToyConvModel(s_options);
        Assert.That(() => new ActivationRecorder(model, ["conv9"]), Throws.ArgumentException.With.Message.Contains("conv9").And.Message.Contains("pool"));
    }

    [Test]
    public void GetActivations_BeforeAnyCall_Throws()
    {
        using var model = new ToyConvModel(s_options);
        using var recorder = new ActivationRecorder(model, ["relu"]);
        Assert.That(() => recorder.GetActivations("relu"), Throws.InvalidOperationException);
    }
}

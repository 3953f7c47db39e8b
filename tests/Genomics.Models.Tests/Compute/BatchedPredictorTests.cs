using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Compute;

[NonParallelizable]
public sealed class BatchedPredictorTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 12, 3);

    [TestCaseSource(typeof(DeviceCases), nameof(DeviceCases.All))]
    public void Predict_EqualsHandComputedLinearModel(DevicePolicy device)
    {
        using var model = new ToyLinearModel(s_options);
        using var x = TestSequences.RandomOneHot(5, 12, 1, ScalarType.Byte);
        using var w = ToyLinearModel.ExpectedWeights(s_options);
        using var expected = x.to_type(ScalarType.Float32).flatten(1).mm(w.t()) + (torch.arange(3, ScalarType.Float32) * 0.1f);
        using var actual = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2, Device = device, FallbackToCpu = false }).Predict(model, x);
        Assert.That(actual.shape, Is.EqualTo(new long[] { 5, 3 }));
        Assert.That(actual.device_type, Is.EqualTo(DeviceType.CPU), "results come back to the CPU");
        Assert.That(actual.allclose(expected, 1e-5, 1e-5), Is.True);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(64)]
    public void Predict_IsBatchSizeInvariant(int batchSize)
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(7, 12, 2, ScalarType.Byte);
        using var reference = new BatchedPredictor(ComputeContext.Default with { BatchSize = 7 }).Predict(model, x);
        using var actual = new BatchedPredictor(ComputeContext.Default with { BatchSize = batchSize }).Predict(model, x);
        Assert.That(actual.allclose(reference, 1e-6, 1e-6), Is.True);
    }

    [Test]
    public void Predict_ReportsProgressToTotal_AndRestoresTrainingMode()
    {
        using var model = new ToyConvModel(s_options);
        model.train();
        using var x = TestSequences.RandomOneHot(5, 12, 3, ScalarType.Byte);
        var reports = new List<OperationProgress>();
        using var y = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).Predict(model, x, new SynchronousProgress<OperationProgress>(reports.Add));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new long[] { 2, 4, 5 }));
            Assert.That(reports[^1].Total, Is.EqualTo(5));
            Assert.That(reports[^1].Fraction, Is.EqualTo(1.0));
            Assert.That(model.training, Is.True);
        }
    }

    [Test]
    public void Predict_PreCancelledToken_Throws()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(3, 12, 4, ScalarType.Byte);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => new BatchedPredictor().Predict(model, x, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Predict_WrongShape_ThrowsNamingInputs()
    {
        using var model = new ToyConvModel(s_options);
        using var x = torch.zeros(2, 4, 13);
        Assert.That(() => new BatchedPredictor().Predict(model, x), Throws.ArgumentException.With.Property("ParamName").EqualTo("inputs"));
    }

    [Test]
    public void Predict_LeavesNoLiveTensorsBehind_AndDoesNotMutateInputs()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(9, 12, 5, ScalarType.Byte);
        using var copy = x.clone();
        var predictor = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 });
        predictor.Predict(model, x).Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        predictor.Predict(model, x).Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(x.allclose(copy, 0, 0), Is.True);
        }
    }

    [Test]
    public void PredictBatches_YieldsSameRowsLazily()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(5, 12, 6, ScalarType.Byte);
        using var all = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).Predict(model, x);
        var starts = new List<long>();
        foreach (var (start, outputs) in new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).PredictBatches(model, x))
        {
            using (outputs)
            {
                starts.Add(start);
                using var slice = all.narrow(0, start, outputs.shape[0]);
                Assert.That(outputs.allclose(slice), Is.True);
            }
        }

        Assert.That(starts, Is.EqualTo(new long[] { 0, 2, 4 }));
    }

    [Test]
    public void Map_WithGradients_ComputesInputGradients()
    {
        using var model = new ToyLinearModel(s_options with { Targets = 1 });
        using var x = TestSequences.RandomOneHot(4, 12, 7, ScalarType.Byte);
        using var grads = new BatchedPredictor(ComputeContext.Default with { BatchSize = 3 }).Map(model, x, (m, batch) =>
        {
            batch.requires_grad_(true);
            var y = m.Evaluate(batch).sum();
            return torch.autograd.grad([y], [batch])[0];
        }, "gradient", requiresGrad: true);
        using var w = ToyLinearModel.ExpectedWeights(s_options with { Targets = 1 }).reshape(1, 4, 12).expand(4, 4, 12);
        Assert.That(grads.allclose(w, 1e-6, 1e-6), Is.True);
    }
}

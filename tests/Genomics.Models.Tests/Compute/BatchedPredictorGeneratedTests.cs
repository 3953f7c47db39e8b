using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Compute;

/// <summary><see cref="BatchedPredictor.PredictGenerated"/>: inputs built batch by batch on demand.</summary>
[NonParallelizable]
public sealed class BatchedPredictorGeneratedTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 12, 3);

    [TestCase(1000, 256, 32)]
    [TestCase(600, 256, 54)]
    [TestCase(50, 256, 256)]
    [TestCase(100_000, 256, 1)]
    [TestCase(1000, 8, 8)]
    public void OnTheCpu_CapsThePositionsPerModelCall(int length, int batchSize, int expected) =>
        Assert.That(BatchedPredictor.RowsPerCall(batchSize, torch.CPU, length), Is.EqualTo(expected));

    [Test]
    public void FillsBatchesOnDemand_WithAnUnevenLastBatch_AndEqualsPredict()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(7, 12, 3, ScalarType.Byte);
        using var expected = new BatchedPredictor(ComputeContext.Default with { BatchSize = 3 }).Predict(model, x);
        var events = new List<string>();
        var reports = new List<OperationProgress>();
        var rows = new float[7 * 3];
        new BatchedPredictor(ComputeContext.Default with { BatchSize = 3 }).PredictGenerated(
            model,
            7,
            12,
            (start, count) =>
            {
                events.Add($"produce {start} {count}");
                return x.narrow(0, start, count).clone();
            },
            (start, outputs) =>
            {
                events.Add($"consume {start} {outputs.shape[0]}");
                outputs.data<float>().ToArray().CopyTo(rows, (int)start * 3);
            },
            "generated",
            new SynchronousProgress<OperationProgress>(reports.Add));

        using var actual = torch.tensor(rows, [7, 3]);
        Assert.Multiple(() =>
        {
            Assert.That(events, Is.EqualTo(new[] { "produce 0 3", "consume 0 3", "produce 3 3", "consume 3 3", "produce 6 1", "consume 6 1" }));
            Assert.That(reports, Is.EqualTo(new[] { new OperationProgress("generated", 3, 7), new OperationProgress("generated", 6, 7), new OperationProgress("generated", 7, 7) }));
            Assert.That(actual.allclose(expected, 1e-6, 1e-6), Is.True);
        });
    }

    [Test]
    public void OnTheCpu_TheMemoryCapSplitsTheWork()
    {
        const int length = 16_384; // 32,768 positions per call: two rows
        using var model = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, length, 1));
        using var x = TestSequences.RandomOneHot(5, length, 4, ScalarType.Byte);
        using var expected = new BatchedPredictor(ComputeContext.Default with { BatchSize = 4 }).Predict(model, x);
        var batches = new List<(long, int)>();
        var rows = new float[5];
        new BatchedPredictor(ComputeContext.Default with { BatchSize = 4 }).PredictGenerated(
            model,
            5,
            length,
            (start, count) =>
            {
                batches.Add((start, count));
                return x.narrow(0, start, count).clone();
            },
            (start, outputs) => outputs.data<float>().ToArray().CopyTo(rows, (int)start));

        using var actual = torch.tensor(rows, [5, 1]);
        Assert.Multiple(() =>
        {
            Assert.That(batches, Is.EqualTo(new[] { (0L, 2), (2L, 2), (4L, 1) }));
            Assert.That(actual.allclose(expected, 1e-5, 1e-5), Is.True);
        });
    }

    [Test]
    public void CancelledBetweenBatches_StopsBeforeTheNextBatch_AndLeaksNoTensors()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(6, 12, 5, ScalarType.Byte);
        using var cts = new CancellationTokenSource();
        var produced = 0;
        var before = TorchTestEnvironment.LiveTensors;
        Assert.That(
            () => new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).PredictGenerated(
                model,
                6,
                12,
                (start, count) =>
                {
                    produced++;
                    return x.narrow(0, start, count).to_type(ScalarType.Float32);
                },
                (_, _) => cts.Cancel(),
                cancellationToken: cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.Multiple(() =>
        {
            Assert.That(produced, Is.EqualTo(1));
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(model.Module.training, Is.True, "the model's mode is restored");
        });
    }

    [Test]
    public void NoInputs_ProducesNothing()
    {
        using var model = new ToyConvModel(s_options);
        var calls = 0;
        new BatchedPredictor().PredictGenerated(model, 0, 12, (_, _) => { calls++; return torch.zeros(0, 4, 12); }, (_, _) => calls++);
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public void RejectsBadArgumentsAndBadBatches()
    {
        using var model = new ToyConvModel(s_options);
        var predictor = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 });
        Func<long, int, Tensor> zeros = (_, count) => torch.zeros(count, 4, 12);
        Action<long, Tensor> ignore = (_, _) => { };
        Assert.Multiple(() =>
        {
            Assert.That(() => predictor.PredictGenerated(model, -1, 12, zeros, ignore), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("count"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 0, zeros, ignore), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("length"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 10, zeros, ignore), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("length"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 12, null!, ignore), Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("produce"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 12, zeros, null!), Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("consume"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 12, zeros, ignore, " "), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("stage"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 12, (_, _) => torch.zeros(1, 4, 12), ignore), Throws.InvalidOperationException.With.Message.Contains("batch of 2"));
            Assert.That(() => predictor.PredictGenerated(model, 3, 12, (_, count) => torch.zeros(count, 3, 12), ignore), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("produce"));
            Assert.That(model.Module.training, Is.True, "the model's mode is restored after a failure");
        });
    }
}

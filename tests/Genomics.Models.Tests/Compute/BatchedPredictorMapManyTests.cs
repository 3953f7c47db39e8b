using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Compute;

[NonParallelizable]
public sealed class BatchedPredictorMapManyTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 12, 3);

    private static BatchedPredictor Predictor(int batchSize) => new(ComputeContext.Default with { BatchSize = batchSize });

    [Test]
    public void MapMany_SeesBatchStartsInOrder_WithUnevenLastBatch()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(7, 12, 11, ScalarType.Byte);
        var slices = new List<BatchSlice>();
        using var results = Predictor(3).MapMany(model, x, (m, batch, slice) =>
        {
            slices.Add(slice);
            return [m.Evaluate(batch)];
        }, "map", requiresGrad: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(slices, Is.EqualTo(new[] { new BatchSlice(0, 3), new BatchSlice(3, 3), new BatchSlice(6, 1) }));
            Assert.That(slices.Select(s => s.End), Is.EqualTo(new long[] { 3, 6, 7 }));
            Assert.That(results.Count, Is.EqualTo(1));
            Assert.That(results[0].shape, Is.EqualTo(new long[] { 7, 3 }));
        }
    }

    [Test]
    public void MapMany_ConcatenatesEachOutputIntoItsOwnResult()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(7, 12, 12, ScalarType.Byte);
        using var predicted = Predictor(7).Predict(model, x);
        using var results = Predictor(3).MapMany(model, x, (m, batch, slice) =>
        [
            m.Evaluate(batch),
            torch.arange(slice.Start, slice.End, ScalarType.Float32, batch.device),
            torch.full([slice.Count, 2, 2], (float)slice.Start, device: batch.device),
        ], "map", requiresGrad: false);
        using var rows = torch.arange(7, ScalarType.Float32);
        using var starts = torch.tensor(new float[] { 0, 0, 0, 3, 3, 3, 6 }).view(7, 1, 1).expand(7, 2, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Count, Is.EqualTo(3));
            Assert.That(results[0].device_type, Is.EqualTo(DeviceType.CPU));
            Assert.That(results[0].allclose(predicted, 1e-6, 1e-6), Is.True, "output 0 equals Predict");
            Assert.That(results[1].allclose(rows, 0, 0), Is.True, "output 1 holds each row's index");
            Assert.That(results[2].shape, Is.EqualTo(new long[] { 7, 2, 2 }));
            Assert.That(results[2].allclose(starts, 0, 0), Is.True, "output 2 holds each row's batch start");
        }
    }

    [Test]
    public void MapMany_SingleBatch_ReturnsTheBatchOutputs()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(4, 12, 13, ScalarType.Byte);
        using var expected = Predictor(64).Predict(model, x);
        var slices = new List<BatchSlice>();
        using var results = Predictor(64).MapMany(model, x, (m, batch, slice) =>
        {
            slices.Add(slice);
            var y = m.Evaluate(batch);
            return [y, y.sum([1])];
        }, "map", requiresGrad: false);
        using var sums = expected.sum([1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(slices, Is.EqualTo(new[] { new BatchSlice(0, 4) }));
            Assert.That(results[0].allclose(expected, 1e-6, 1e-6), Is.True);
            Assert.That(results[1].allclose(sums, 1e-5, 1e-5), Is.True);
        }
    }

    [Test]
    public void MapMany_ReportsProgressPerBatch_UnderTheStageName()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(5, 12, 14, ScalarType.Byte);
        var reports = new List<OperationProgress>();
        using var results = Predictor(2).MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch)], "custom-stage", requiresGrad: false, new SynchronousProgress<OperationProgress>(reports));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new long[] { 2, 4, 5 }));
            Assert.That(reports.Select(r => r.Total), Is.All.EqualTo(5));
            Assert.That(reports.Select(r => r.Stage), Is.All.EqualTo("custom-stage"));
        }
    }

    [Test]
    public void MapMany_WithGradients_UsesTheSliceToPickPerExampleTargets()
    {
        var options = s_options with { Targets = 3 };
        using var model = new ToyLinearModel(options);
        using var x = TestSequences.RandomOneHot(5, 12, 15, ScalarType.Byte);
        long[] targets = [0, 2, 1, 1, 0];
        using var results = Predictor(2).MapMany(model, x, (m, batch, slice) =>
        {
            batch.requires_grad_(true);
            var index = torch.tensor(targets.AsSpan((int)slice.Start, (int)slice.Count).ToArray(), device: batch.device).unsqueeze(1);
            var y = m.Evaluate(batch).gather(1, index).sum();
            return [torch.autograd.grad([y], [batch])[0]];
        }, "gradient", requiresGrad: true);
        using var w = ToyLinearModel.ExpectedWeights(options).reshape(3, 4, 12);
        using var index = torch.tensor(targets);
        using var expected = w.index_select(0, index);
        Assert.That(results[0].allclose(expected, 1e-6, 1e-6), Is.True);
    }

    [Test]
    public void MapMany_CancelledBetweenBatches_ThrowsAndLeavesNoLiveTensors()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(6, 12, 16, ScalarType.Byte);
        var predictor = Predictor(2);
        predictor.MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch)], "map", requiresGrad: false).Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        using var cts = new CancellationTokenSource();
        var starts = new List<long>();
        var progress = new SynchronousProgress<OperationProgress>(_ => cts.Cancel());
        Assert.That(() => predictor.MapMany(model, x, (m, batch, slice) =>
        {
            starts.Add(slice.Start);
            return [m.Evaluate(batch)];
        }, "map", requiresGrad: false, progress, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(starts, Is.EqualTo(new long[] { 0 }), "no batch runs after cancellation");
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
    }

    [Test]
    public void MapMany_PreCancelledToken_ThrowsBeforeAnyBatch()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(3, 12, 17, ScalarType.Byte);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var calls = 0;
        Assert.That(() => Predictor(2).MapMany(model, x, (m, batch, _) =>
        {
            calls++;
            return [m.Evaluate(batch)];
        }, "map", requiresGrad: false, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public void MapMany_InvalidArguments_ThrowNamingTheArgument()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(3, 12, 18, ScalarType.Byte);
        using var wrongLength = torch.zeros(3, 4, 13);
        using var empty = torch.zeros(0, 4, 12);
        BatchFunction evaluate = static (m, batch, _) => [m.Evaluate(batch)];
        var predictor = Predictor(2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => predictor.MapMany(null!, x, evaluate, "map", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("model"));
            Assert.That(() => predictor.MapMany(model, null!, evaluate, "map", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("inputs"));
            Assert.That(() => predictor.MapMany(model, x, null!, "map", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("perBatch"));
            Assert.That(() => predictor.MapMany(model, x, evaluate, " ", false), Throws.ArgumentException.With.Property("ParamName").EqualTo("stage"));
            Assert.That(() => predictor.MapMany(model, wrongLength, evaluate, "map", false), Throws.ArgumentException.With.Property("ParamName").EqualTo("inputs"));
            Assert.That(() => predictor.MapMany(model, empty, evaluate, "map", false), Throws.ArgumentException.With.Property("ParamName").EqualTo("inputs"));
        }
    }

    [Test]
    public void MapMany_FunctionBreakingItsContract_ThrowsInvalidOperation_AndLeavesNoLiveTensors()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(5, 12, 19, ScalarType.Byte);
        var predictor = Predictor(2);
        predictor.MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch)], "map", requiresGrad: false).Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => predictor.MapMany(model, x, static (_, _, _) => [], "map", false),
                Throws.InvalidOperationException.With.Message.Contains("no tensors"));
            Assert.That(() => predictor.MapMany(model, x, static (_, _, _) => null!, "map", false),
                Throws.InvalidOperationException.With.Message.Contains("no tensors"));
            Assert.That(() => predictor.MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch), null!], "map", false),
                Throws.InvalidOperationException.With.Message.Contains("null as output 1"));
            Assert.That(() => predictor.MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch), m.Evaluate(batch).narrow(0, 0, 1)], "map", false),
                Throws.InvalidOperationException.With.Message.Contains("1 rows in output 1 for a batch of 2"));
            Assert.That(() => predictor.MapMany(model, x, static (m, batch, s) => s.Start == 0 ? [m.Evaluate(batch)] : [m.Evaluate(batch), m.Evaluate(batch)], "map", false),
                Throws.InvalidOperationException.With.Message.Contains("2 tensors for this batch but 1 for the first"));
            Assert.That(() => predictor.MapMany(model, x, static (m, batch, s) => [torch.zeros(s.Count, s.Start == 0 ? 2 : 3)], "map", false),
                Throws.InvalidOperationException.With.Message.Contains("different trailing shapes"));
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
    }

    [Test]
    public void Results_TakeHandsOverOwnership_AndGuardTheirState()
    {
        using var model = new ToyConvModel(s_options);
        using var x = TestSequences.RandomOneHot(3, 12, 20, ScalarType.Byte);
        var results = Predictor(2).MapMany(model, x, static (m, batch, _) => { var y = m.Evaluate(batch); return [y, y * 2]; }, "map", false);
        using var taken = results.Take(1);
        results.Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(taken.IsInvalid, Is.False, "a taken result survives the disposal of the others");
            Assert.That(taken.shape, Is.EqualTo(new long[] { 3, 3 }));
            Assert.That(() => results[0], Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => results.Take(0), Throws.InstanceOf<ObjectDisposedException>());
        }

        using var again = Predictor(2).MapMany(model, x, static (m, batch, _) => [m.Evaluate(batch)], "map", false);
        using var first = again.Take(0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => again[0], Throws.InvalidOperationException.With.Message.Contains("already taken"));
            Assert.That(() => again[1], Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => again[-1], Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void MapMany_Paired_GivesBothBatchesAndTheirSlices_AndRestoresTrainingMode()
    {
        using var model = new ToyPairedModel(12);
        model.train();
        using var a = TestSequences.RandomOneHot(5, 12, 21, ScalarType.Byte);
        using var b = TestSequences.RandomOneHot(5, 12, 22, ScalarType.Byte);
        var slices = new List<BatchSlice>();
        var reports = new List<OperationProgress>();
        using var results = Predictor(2).MapMany(model, a, b, (m, first, second, slice) =>
        {
            slices.Add(slice);
            return [m.Evaluate(first, second), second.sum([1, 2])];
        }, "pairs", requiresGrad: false, new SynchronousProgress<OperationProgress>(reports));
        var restored = model.training;
        model.eval();
        using var af = a.to_type(ScalarType.Float32);
        using var bf = b.to_type(ScalarType.Float32);
        using var expected = model.Evaluate(af, bf);
        using var counts = bf.sum([1, 2]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(slices, Is.EqualTo(new[] { new BatchSlice(0, 2), new BatchSlice(2, 2), new BatchSlice(4, 1) }));
            Assert.That(results.Count, Is.EqualTo(2));
            Assert.That(results[0].allclose(expected, 1e-5, 1e-5), Is.True);
            Assert.That(results[1].allclose(counts, 0, 0), Is.True, "row i of the second batch is second input i");
            Assert.That(reports.Select(r => (r.Stage, r.Completed, r.Total)), Is.EqualTo(new[] { ("pairs", 2L, 5L), ("pairs", 4L, 5L), ("pairs", 5L, 5L) }));
            Assert.That(restored, Is.True, "the model's training mode is restored");
        }
    }

    [Test]
    public void MapMany_Paired_InvalidArguments_ThrowNamingTheArgument()
    {
        using var model = new ToyPairedModel(12);
        using var a = TestSequences.RandomOneHot(4, 12, 23, ScalarType.Byte);
        using var b = TestSequences.RandomOneHot(3, 12, 24, ScalarType.Byte);
        using var wrongLength = torch.zeros(4, 4, 13);
        PairedBatchFunction evaluate = static (m, first, second, _) => [m.Evaluate(first, second)];
        var predictor = Predictor(2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => predictor.MapMany(model, a, b, evaluate, "pairs", false),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("second").And.Message.Contains("first has 4, second has 3"));
            Assert.That(() => predictor.MapMany(model, wrongLength, a, evaluate, "pairs", false), Throws.ArgumentException.With.Property("ParamName").EqualTo("first"));
            Assert.That(() => predictor.MapMany(model, a, wrongLength, evaluate, "pairs", false), Throws.ArgumentException.With.Property("ParamName").EqualTo("second"));
            Assert.That(() => predictor.MapMany((IPairedSequenceModel)null!, a, a, evaluate, "pairs", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("model"));
            Assert.That(() => predictor.MapMany(model, a, a, null!, "pairs", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("perBatch"));
            Assert.That(() => predictor.MapMany(model, a, null!, evaluate, "pairs", false), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("second"));
        }
    }

    [Test]
    public void MapMany_Paired_Cancelled_Throws()
    {
        using var model = new ToyPairedModel(12);
        using var a = TestSequences.RandomOneHot(4, 12, 25, ScalarType.Byte);
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var progress = new SynchronousProgress<OperationProgress>(_ => cts.Cancel());
        Assert.That(() => Predictor(2).MapMany(model, a, a, (m, first, second, _) =>
        {
            calls++;
            return [m.Evaluate(first, second)];
        }, "pairs", false, progress, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(calls, Is.EqualTo(1));
    }
}

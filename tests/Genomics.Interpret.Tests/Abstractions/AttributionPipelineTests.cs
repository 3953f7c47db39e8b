using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Abstractions;

[NonParallelizable]
public sealed class AttributionPipelineTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 12, 1);

    /// <summary>References (N, 2, 4, 12) whose every value is the example's index.</summary>
    private static Tensor IndexedReferences(long n) => torch.arange(n, ScalarType.Float32).view(n, 1, 1, 1).expand(n, 2, 4, 12).contiguous();

    [Test]
    public void Run_ExplainsBatchesInOrder_WithTheirOwnReferenceRows()
    {
        using var model = new ToyLinearModel(s_options);
        using var x = TestSequences.RandomOneHot(5, 12, 31, ScalarType.Byte);
        var slices = new List<BatchSlice>();
        var reports = new List<OperationProgress>();
        var checkedDeltas = new List<long[]>();
        var context = ComputeContext.Default with { BatchSize = 4 };
        using var result = AttributionPipeline.Run("toy", model, x, AttributionTarget.Output(0), context, _ => new AttributionPlan
        {
            References = IndexedReferences(5),
            RowsPerExample = 2,
            Hypothetical = true,
            Deltas = true,
            KeepReferences = true,
            CheckDeltas = d => checkedDeltas.Add(d.shape),
            Explain = (m, batch, references, slice) =>
            {
                slices.Add(slice);
                return new BatchAttribution(references!.mean([1]), batch * 2, references!.select(3, 0).select(2, 0));
            },
        }, new SynchronousProgress<OperationProgress>(reports), CancellationToken.None);

        using var expectedScores = torch.arange(5, ScalarType.Float32).view(5, 1, 1).expand(5, 4, 12);
        using var expectedHypothetical = x.to_type(ScalarType.Float32) * 2;
        using var expectedDeltas = torch.arange(5, ScalarType.Float32).view(5, 1).expand(5, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(slices, Is.EqualTo(new[] { new BatchSlice(0, 2), new BatchSlice(2, 2), new BatchSlice(4, 1) }), "BatchSize / RowsPerExample examples per batch");
            Assert.That(result.Method, Is.EqualTo("toy"));
            Assert.That(result.Scores.allclose(expectedScores, 0, 0), Is.True, "each batch sees its own reference rows");
            Assert.That(result.Hypothetical!.allclose(expectedHypothetical, 0, 0), Is.True);
            Assert.That(result.ConvergenceDeltas!.allclose(expectedDeltas, 0, 0), Is.True);
            Assert.That(result.References!.shape, Is.EqualTo(new long[] { 5, 2, 4, 12 }));
            Assert.That(checkedDeltas, Is.EqualTo(new[] { new long[] { 5, 2 } }));
            Assert.That(reports.Select(r => (r.Stage, r.Completed)), Is.EqualTo(new[] { ("toy", 2L), ("toy", 4L), ("toy", 5L) }));
        }
    }

    [Test]
    public void Run_LeavesNoLiveTensorsBehind_WhenTheDeltaCheckThrows()
    {
        using var model = new ToyLinearModel(s_options);
        using var x = TestSequences.RandomOneHot(3, 12, 32, ScalarType.Byte);
        AttributionPlan Plan(ComputeContext _) => new()
        {
            References = IndexedReferences(3),
            RowsPerExample = 1,
            Hypothetical = false,
            Deltas = true,
            CheckDeltas = _ => throw new InvalidOperationException("deltas too large"),
            Explain = (_, batch, references, _) => new BatchAttribution(batch * 1, null, references!.select(3, 0).select(2, 0)),
        };

        var context = ComputeContext.Default with { BatchSize = 2 };
        Assert.That(() => AttributionPipeline.Run("toy", model, x, AttributionTarget.Output(0), context, Plan, null, CancellationToken.None), Throws.InvalidOperationException);
        var before = TorchTestEnvironment.LiveTensors;
        Assert.That(() => AttributionPipeline.Run("toy", model, x, AttributionTarget.Output(0), context, Plan, null, CancellationToken.None), Throws.InvalidOperationException.With.Message.EqualTo("deltas too large"));
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void Run_BatchMissingAPlannedOutput_ThrowsInvalidOperation()
    {
        using var model = new ToyLinearModel(s_options);
        using var x = TestSequences.RandomOneHot(2, 12, 33, ScalarType.Byte);
        var plan = new AttributionPlan
        {
            RowsPerExample = 1,
            Hypothetical = true,
            Deltas = false,
            Explain = (_, batch, _, _) => new BatchAttribution(batch * 1, null, null),
        };
        Assert.That(() => AttributionPipeline.Run("toy", model, x, AttributionTarget.Output(0), null, _ => plan, null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("hypothetical"));
    }

    [Test]
    public void Run_ChecksTheCommonArgumentsBeforePreparingThePlan()
    {
        using var model = new ToyLinearModel(s_options);
        using var wrong = torch.zeros(2, 4, 13);
        using var x = TestSequences.RandomOneHot(2, 12, 34, ScalarType.Byte);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var prepared = 0;
        AttributionPlan Plan(ComputeContext _)
        {
            prepared++;
            return new AttributionPlan { RowsPerExample = 1, Hypothetical = false, Deltas = false, Explain = (_, batch, _, _) => new BatchAttribution(batch * 1, null, null) };
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AttributionPipeline.Run("toy", model, wrong, AttributionTarget.Output(0), null, Plan, null, CancellationToken.None),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => AttributionPipeline.Run("toy", model, x, AttributionTarget.Output(0), null, Plan, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(prepared, Is.Zero);
        }
    }
}

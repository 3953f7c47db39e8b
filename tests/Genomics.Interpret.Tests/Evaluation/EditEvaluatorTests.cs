using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Tests.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Evaluation;

/// <summary>
/// The two edit evaluators through the one abstraction: the same job (several references, edits of mixed widths out of
/// reference order, one-hot, zero and pattern windows) gives the same outputs by full forward passes and by local edits.
/// </summary>
[NonParallelizable]
public sealed class EditEvaluatorTests
{
    private const int SequenceLength = 60;

    [TestCase(true)]
    [TestCase(false)]
    public void FullAndLocalEditsGiveTheSameOutputs(bool referenceOutputs)
    {
        var model = MutagenesisTestModels.Basset(SequenceLength);
        try
        {
            var job = new TestJob(model.Output.Targets, referenceOutputs);
            var full = Run(model, EvaluationAlgorithm.Full, job.Clone());
            var local = Run(model, EvaluationAlgorithm.LocalEdits, job.Clone());
            using var direct = Direct(model, job);
            var expected = direct.data<float>().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(full.Received, Is.All.EqualTo(1), "every edit once (full)");
                Assert.That(local.Received, Is.All.EqualTo(1), "every edit once (local edits)");
                Assert.That(local.Outputs, Is.EqualTo(full.Outputs).Within(1e-5));
                Assert.That(full.Outputs, Is.EqualTo(expected).Within(1e-5));
                if (referenceOutputs)
                {
                    Assert.That(local.ReferenceValues, Is.EqualTo(full.ReferenceValues).Within(1e-5));
                    Assert.That(full.ReferencesDone, Is.EqualTo(TestJob.ReferenceCount));
                    Assert.That(local.ReferencesDone, Is.EqualTo(TestJob.ReferenceCount));
                    Assert.That(full.PairedReferenceMismatches, Is.Zero, "each edit gets its own reference's outputs (full)");
                    Assert.That(local.PairedReferenceMismatches, Is.Zero, "each edit gets its own reference's outputs (local edits)");
                }
                else
                {
                    Assert.That(full.ReferencesDone + local.ReferencesDone, Is.Zero);
                    Assert.That(full.NonEmptyReferenceSpans + local.NonEmptyReferenceSpans, Is.Zero);
                }

                Assert.That(full.EditsDone, Is.EqualTo(TestJob.EditCount));
                Assert.That(local.EditsDone, Is.EqualTo(TestJob.EditCount));
            });
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    [Test]
    public void CreateResolvesTheAlgorithm_AndLocalEditsNeedATrunk()
    {
        using var toy = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 12, 2));
        var model = MutagenesisTestModels.Basset(SequenceLength);
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(EditEvaluation.Resolve(model, EvaluationAlgorithm.Auto, out var none), Is.EqualTo(EvaluationAlgorithm.LocalEdits));
                Assert.That(none, Is.Null);
                Assert.That(EditEvaluation.Resolve(toy, EvaluationAlgorithm.Auto, out var why), Is.EqualTo(EvaluationAlgorithm.Full));
                Assert.That(why, Does.Contain("IConvolutionalTrunk"));
                Assert.That(EditEvaluation.Resolve(model, EvaluationAlgorithm.Full, out _), Is.EqualTo(EvaluationAlgorithm.Full));
                Assert.That(() => EditEvaluation.Resolve(toy, EvaluationAlgorithm.LocalEdits, out _), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
                Assert.That(() => EditEvaluation.Resolve(toy, (EvaluationAlgorithm)7, out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("algorithm"));
                using (var full = EditEvaluator.Create(model, EvaluationAlgorithm.Full, ComputeContext.Default, 0))
                using (var local = EditEvaluator.Create(model, EvaluationAlgorithm.LocalEdits, ComputeContext.Default, 0))
                {
                    Assert.That(full.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
                    Assert.That(local.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
                    Assert.That(model.Module.training, Is.False, "evaluation mode while an evaluator lives");
                }

                Assert.That(model.Module.training, Is.True, "the model's mode is restored");
            });
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    private static TestJob Run(ISequenceModel model, EvaluationAlgorithm algorithm, TestJob job)
    {
        // Batch size 2 with a budget of one reference per chunk: several batches and chunks in both evaluators.
        using var evaluator = EditEvaluator.Create(model, algorithm, ComputeContext.Default with { BatchSize = 2 }, 1);
        var before = TorchTestEnvironment.LiveTensors;
        evaluator.Run(job, CancellationToken.None);
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before), $"{algorithm} leaks no tensors");
        return job;
    }

    /// <summary>The model's outputs on the edited inputs built by hand.</summary>
    private static torch.Tensor Direct(ISequenceModel model, TestJob job)
    {
        var input = new float[TestJob.EditCount * 4 * SequenceLength];
        for (var i = 0; i < TestJob.EditCount; i++)
        {
            var slice = input.AsSpan(i * 4 * SequenceLength, 4 * SequenceLength);
            job.WriteReference(job.ReferenceOf(i), slice);
            var width = job.WidthOf(i);
            var window = new float[4 * width];
            job.WriteWindow(i, window);
            for (var c = 0; c < 4; c++)
            {
                window.AsSpan(c * width, width).CopyTo(slice.Slice((c * SequenceLength) + job.StartOf(i), width));
            }
        }

        using var state = new ModelStateScope(model.Module, torch.CPU);
        using var noGrad = torch.no_grad();
        using var x = torch.tensor(input, [TestJob.EditCount, 4, SequenceLength]);
        return model.Evaluate(x);
    }

    /// <summary>Three references and eight edits: widths 1, 3 and 5, starts at both ends, references out of order.</summary>
    private sealed class TestJob(int targets, bool referenceOutputs) : EditJob(ReferenceCount, SequenceLength, EditCount, referenceOutputs, "test")
    {
        public const int ReferenceCount = 3;
        public const int EditCount = 8;

        private static readonly int[] s_references = [2, 0, 1, 0, 2, 2, 1, 0];
        private static readonly int[] s_starts = [0, 57, 10, 30, 55, 20, 0, 59];
        private static readonly int[] s_widths = [3, 3, 1, 5, 5, 1, 1, 1];
        private static readonly float[] s_references4L = Build();

        public int[] Received { get; } = new int[EditCount];

        public float[] Outputs { get; } = new float[EditCount * targets];

        public float[] ReferenceValues { get; } = new float[ReferenceCount * targets];

        public int ReferencesDone { get; private set; }

        public int EditsDone { get; private set; }

        public int NonEmptyReferenceSpans { get; private set; }

        public int PairedReferenceMismatches { get; private set; }

        public TestJob Clone() => new(targets, ReferenceOutputs);

        public override void WriteReference(int reference, Span<float> input) => s_references4L.AsSpan(reference * 4 * Length, 4 * Length).CopyTo(input);

        public override int ReferenceOf(long edit) => s_references[edit];

        public override int StartOf(long edit) => s_starts[edit];

        public override int WidthOf(long edit) => s_widths[edit];

        public override void WriteWindow(long edit, Span<float> window)
        {
            // Edit 0: zeros (an erased motif); odd edits: one-hot bases; the others: a fractional pattern.
            var width = s_widths[edit];
            for (var j = 0; j < width && edit != 0; j++)
            {
                if (edit % 2 == 1)
                {
                    window[(((int)edit + j) % 4 * width) + j] = 1f;
                }
                else
                {
                    for (var c = 0; c < 4; c++)
                    {
                        window[(c * width) + j] = 0.1f * (c + 1);
                    }
                }
            }
        }

        public override void ReferenceDone(int reference, ReadOnlySpan<float> outputs) => outputs.CopyTo(ReferenceValues.AsSpan(reference * targets, targets));

        public override void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs)
        {
            Received[edit]++;
            outputs.CopyTo(Outputs.AsSpan((int)edit * targets, targets));
            if (!referenceOutputs.IsEmpty)
            {
                NonEmptyReferenceSpans++;
                var own = ReferenceValues.AsSpan(s_references[edit] * targets, targets);
                if (!referenceOutputs.SequenceEqual(own))
                {
                    PairedReferenceMismatches++;
                }
            }
        }

        public override void BatchDone(bool references, int count)
        {
            if (references)
            {
                ReferencesDone += count;
            }
            else
            {
                EditsDone += count;
            }
        }

        private static float[] Build()
        {
            using var x = TestSequences.RandomOneHot(ReferenceCount, SequenceLength, 11);
            return x.data<float>().ToArray();
        }
    }
}

using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Tests.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Evaluation;

/// <summary>
/// The local-edit evaluator against the model's own forward pass on the edited full sequences: random edits of several
/// widths (one-hot, zero and fractional columns) over several references, including edits touching both sequence ends.
/// </summary>
[NonParallelizable]
public sealed class TrunkEditsTests
{
    [TestCaseSource(typeof(MutagenesisTestModels), nameof(MutagenesisTestModels.TrunkCases))]
    public void RandomEditsEqualFullForwardPass(Func<ISequenceModel> build, int length)
    {
        var model = build();
        try
        {
            using var state = new ModelStateScope(model.Module, torch.CPU);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            const int references = 10; // more than one sub-batch of Prepare
            var x = TestSequences.RandomOneHot(references, length, 17);
            var evaluator = new TrunkEdits(model, (IConvolutionalTrunk)model, torch.CPU);
            using var prepared = evaluator.Prepare(x, check: true);
            Assert.That(prepared.Outputs.data<float>().ToArray(), Is.EqualTo(model.Evaluate(x).data<float>().ToArray()).Within(1e-5));

            var random = new Random(3);
            foreach (var width in new[] { 1, 4, 9 })
            {
                const int count = 12;
                var referenceIndex = new long[count];
                var starts = new long[count];
                var windows = torch.zeros(count, 4, width);
                var edited = torch.zeros(count, 4, length);
                for (var b = 0; b < count; b++)
                {
                    referenceIndex[b] = random.Next(references);
                    // The first and last edits touch the sequence ends.
                    starts[b] = b == 0 ? 0 : b == 1 ? length - width : random.Next(length - width + 1);
                    var kind = b % 3;
                    var window = kind == 0 ? torch.zeros(4, width)
                        : kind == 1 ? nn.functional.one_hot(torch.randint(4, width), 4).t().to_type(ScalarType.Float32)
                        : torch.rand(4, width);
                    windows[b].copy_(window);
                    edited[b].copy_(x[referenceIndex[b]]);
                    edited[b].narrow(1, starts[b], width).copy_(window);
                }

                var fast = evaluator.Evaluate(prepared, referenceIndex, starts, windows).data<float>().ToArray();
                var full = model.Evaluate(edited).data<float>().ToArray();
                Assert.That(fast, Is.EqualTo(full).Within(1e-5), $"width {width}");
            }
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    [Test]
    public void EditsSpanningTheWholeSequenceEqualFullForwardPass()
    {
        var model = MutagenesisTestModels.Basset(36);
        try
        {
            using var state = new ModelStateScope(model.Module, torch.CPU);
            using var scope = torch.NewDisposeScope();
            var x = TestSequences.RandomOneHot(1, 36, 5);
            var evaluator = new TrunkEdits(model, model, torch.CPU);
            using var prepared = evaluator.Prepare(x, check: true);
            var windows = TestSequences.RandomOneHot(2, 36, 6);
            var fast = evaluator.Evaluate(prepared, [0, 0], [0, 0], windows).data<float>().ToArray();
            using var noGrad = torch.no_grad();
            var full = model.Evaluate(windows).data<float>().ToArray();
            Assert.That(fast, Is.EqualTo(full).Within(1e-5));
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    [Test]
    public void PrepareAndEvaluateLeaveNoLiveTensors()
    {
        var model = MutagenesisTestModels.Basset();
        try
        {
            using var x = TestSequences.RandomOneHot(2, 60, 7);
            using var state = new ModelStateScope(model.Module, torch.CPU);
            var evaluator = new TrunkEdits(model, model, torch.CPU);
            var before = TorchTestEnvironment.LiveTensors;
            using (var prepared = evaluator.Prepare(x, check: true))
            {
                using var scope = torch.NewDisposeScope();
                evaluator.Evaluate(prepared, [0, 1], [3, 50], torch.zeros(2, 4, 8));
            }

            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }
}

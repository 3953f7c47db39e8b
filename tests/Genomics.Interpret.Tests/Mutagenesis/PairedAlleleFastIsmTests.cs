using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Mutagenesis;

/// <summary>Fast ISM on DeepAllele's paired model (through <see cref="PairedAlleleView"/>) against naive ISM.</summary>
[NonParallelizable]
public sealed class PairedAlleleFastIsmTests
{
    [Test]
    public void OptionsAreValidatedAtConstruction_AndTheTargetAgainstTheModelAtRun()
    {
        using var model = MutagenesisTestModels.PairedAllele();
        using var x = TestSequences.RandomOneHot(1, MutagenesisTestModels.AlleleLength, 33);
        var options = new PairedAlleleMutagenesisOptions { OriginalStorage = true };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { Target = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Target"));
            Assert.That(() => new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { Algorithm = (EvaluationAlgorithm)99 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Algorithm"));
            Assert.That(() => new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { Target = model.Output.Targets }).Run(model, x, x), Throws.ArgumentException.With.Property("ParamName").EqualTo("Target"));
            Assert.That(new PairedAlleleMutagenesis(options).Options, Is.SameAs(options));
            Assert.That(new PairedAlleleMutagenesis().Options, Is.EqualTo(new PairedAlleleMutagenesisOptions()));
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PairedMapsAreTheSameWithFastAndNaiveIsm(bool originalStorage)
    {
        using var model = MutagenesisTestModels.PairedAllele();
        const int length = MutagenesisTestModels.AlleleLength;
        using var first = TestSequences.RandomOneHot(2, length, 31);
        using var second = TestSequences.RandomOneHot(2, length, 32);
        first[1, TensorIndex.Colon, 5].fill_(0); // an unknown column
        var context = new ComputeContext { BatchSize = 50 };
        using var naive = new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { OriginalStorage = originalStorage, Algorithm = EvaluationAlgorithm.Full }).Run(model, first, second, context);
        using var fast = new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { OriginalStorage = originalStorage, Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, first, second, context);
        using var auto = new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { OriginalStorage = originalStorage }).Run(model, first, second, context);
        using var gap = (naive - fast).abs().max();
        using var autoGap = (naive - auto).abs().max();
        using var spread = naive.abs().max();
        Assert.Multiple(() =>
        {
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f * Math.Max(1f, spread.item<float>())));
            Assert.That(autoGap.item<float>(), Is.LessThan(1e-5f * Math.Max(1f, spread.item<float>())));
            Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions");
        });
    }

    [TestCase(PairedAlleleMode.VaryFirst)]
    [TestCase(PairedAlleleMode.VarySecond)]
    [TestCase(PairedAlleleMode.Both)]
    public void ViewLayoutPutsEditsInTheVaryingLanes(PairedAlleleMode mode)
    {
        var view = MutagenesisTestModels.PairedAlleleView(mode);
        try
        {
            var layout = view.InputLayout;
            var lanes = layout.Images.Select(i => i.Lane).Distinct().Order().ToArray();
            int[] expected = mode switch
            {
                PairedAlleleMode.VaryFirst => [0],
                PairedAlleleMode.VarySecond => [1],
                _ => [0, 1],
            };
            Assert.Multiple(() =>
            {
                Assert.That(layout.Lanes, Is.EqualTo(2));
                Assert.That(lanes, Is.EqualTo(expected));
                Assert.That(layout.Images, Has.Count.EqualTo(2 * expected.Length));
                Assert.That(layout.Images.Count(i => i.ReverseComplement), Is.EqualTo(expected.Length));
                Assert.That(EditEvaluation.SupportsLocalEdits(view, out _), Is.True);
            });
        }
        finally
        {
            MutagenesisTestModels.Release(view);
        }
    }

    [Test]
    public void ReverseComplementImagesLandWhereTheConcatenationPutsTheColumns()
    {
        const int length = 7;
        using var x = TestSequences.RandomOneHot(1, length, 3);
        var layout = TrunkInputLayout.WithReverseComplement(length);
        using var lane = layout.Prepare(x);
        using var scope = torch.NewDisposeScope();
        foreach (var (start, width) in new[] { (0, 1), (2, 3), (6, 1), (4, 3) })
        {
            var columns = x.narrow(2, start, width);
            foreach (var image in layout.Images)
            {
                var laneStart = image.LaneStart(start, width);
                var expected = image.ReverseComplement ? columns.flip(1, 2) : columns;
                Assert.That(lane.narrow(2, laneStart, width).data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()), $"[{start}, {start + width}) reverse {image.ReverseComplement}");
            }
        }
    }

    [Test]
    public void ViewOfAPairedModelWithoutTrunkFallsBackToNaive()
    {
        using var model = new ToyPairedModel(8);
        using var fixedSide = TestSequences.RandomOneHot(1, 8, 4);
        using var view = new PairedAlleleView(model, PairedAlleleMode.VaryFirst, fixedSide);
        using var x = TestSequences.RandomOneHot(1, 8, 5);
        using var auto = new InSilicoMutagenesis().Run(view, x);
        Assert.Multiple(() =>
        {
            Assert.That(view.TrunkStages, Is.Empty);
            Assert.That(EditEvaluation.SupportsLocalEdits(view, out var reason), Is.False);
            Assert.That(reason, Does.Contain("no trunk stages"));
            Assert.That(auto.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
            Assert.That(() => view.InputLayout, Throws.InvalidOperationException);
            Assert.That(() => view.EvaluateHead(torch.zeros(2, 1, 1)), Throws.InvalidOperationException);
            Assert.That(
                () => new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x, x),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
        });
    }

    [Test]
    public void ViewHeadRejectsAnOddNumberOfLanes()
    {
        var view = MutagenesisTestModels.PairedAlleleView(PairedAlleleMode.VaryFirst);
        try
        {
            using var features = torch.zeros(3, 5, 10);
            Assert.That(() => view.EvaluateHead(features), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("features"));
        }
        finally
        {
            MutagenesisTestModels.Release(view);
        }
    }

    [Test]
    public void PublishedSizeAtacModelAgreesOnAWindow()
    {
        // The ATAC preset's sizes (330 bp, 512 first kernels, four residual blocks): substitutions near both ends and the middle.
        using var model = MutagenesisTestModels.Seeded(() => new Genomics.Models.Architectures.PairedAllele.PairedAlleleModel());
        using var fixedSide = TestSequences.RandomOneHot(1, 330, 8);
        using var view = new PairedAlleleView(model, PairedAlleleMode.VarySecond, fixedSide);
        using var x = TestSequences.RandomOneHot(1, 330, 9);
        foreach (var (start, end) in new[] { (0, 2), (164, 166), (328, 330) })
        {
            var options = new InSilicoMutagenesisOptions { Start = start, End = end };
            using var naive = new InSilicoMutagenesis(options with { Algorithm = EvaluationAlgorithm.Full }).Run(view, x);
            using var fast = new InSilicoMutagenesis(options with { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(view, x);
            using var gap = (naive.Deltas - fast.Deltas).abs().max();
            using var scale = naive.ReferenceOutputs.abs().max();
            Assert.That(gap.item<float>(), Is.LessThan(1e-5f * Math.Max(1f, scale.item<float>())), $"[{start}, {end})");
        }
    }
}

using Genomics.Interpret.Asmm;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Asmm;

[NonParallelizable]
public sealed class AsmmBackgroundTests
{
    [Test]
    public void FromSamples_ConcatenatesSubSequences_NAsZeroColumn()
    {
        var background = AsmmBackground.FromSamples([["AC", "gN"], ["TT", "CA"]]);
        using var oneHot = background.ToOneHot();
        using var expected = torch.tensor(new float[]
        {
            1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 1, 0, /**/ 0, 0, 0, 0,
            0, 0, 0, 1, /**/ 0, 0, 1, 0, /**/ 0, 0, 0, 0, /**/ 1, 1, 0, 0,
        }, [2, 4, 4]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(background.TotalLength, Is.EqualTo(4));
            Assert.That(torch.allclose(oneHot, expected, 0, 0), Is.True);
            Assert.That(background.Sequence(0, 1), Is.EqualTo("GN"));
            Assert.That(background.Subset([1]).Sequence(0, 0), Is.EqualTo("TT"));
        }
    }

    [Test]
    public void FromSequences_RejectsBadInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AsmmBackground.FromSequences(["ACGT", "ACG"]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => AsmmBackground.FromSequences(["ACXT"]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => AsmmBackground.FromSequences([]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => AsmmBackground.FromSequences(["ACGT"]).Subset([1]), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }

    private static (ToyLinearModel Model, AsmmTable Table, double[] Logits) LinearCase()
    {
        var options = new ToyModelOptions(InputKind.OneHot, 4, 6, 1, OutputActivation.Sigmoid);
        var model = new ToyLinearModel(options);
        string[] sequences = ["ACGTAC", "TTTTTT", "GGGCCC", "ACACAC", "GTGTGT", "CATCAT"];
        double[] labels = [1, 1, 0, 1, 1, 0];
        var table = new AsmmTable(sequences.Select((s, i) => new AsmmRecord([s], [labels[i]], i + 2)).ToList());
        using var w = ToyLinearModel.ExpectedWeights(options);
        var weights = w.data<float>().ToArray();
        var logits = sequences.Select(s => Enumerable.Range(0, 6).Sum(l => (double)weights[("ACGT".IndexOf(s[l], StringComparison.Ordinal) * 6) + l])).ToArray();
        return (model, table, logits);
    }

    [Test]
    public void Select_ByThreshold_KeepsLabelledPositivesPredictedPositive()
    {
        var (model, table, logits) = LinearCase();
        using var disposeModel = model;
        var selection = AsmmBackgroundSelector.Select(model, table, new BackgroundSelectionOptions { PredictionThreshold = 0.5 });
        var expected = new[] { 0, 1, 3, 4 }.Where(i => logits[i] >= 0).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(selection.Rows, Is.EqualTo(expected));
            Assert.That(selection.Predictions, Is.EqualTo(logits.Select(v => 1 / (1 + Math.Exp(-v)))).Within(1e-5));
            Assert.That(selection.Background.Count, Is.EqualTo(expected.Length));
        }
    }

    [Test]
    public void Select_ByTopFraction_KeepsTheHighestPredictedPositivesInTableOrder()
    {
        var (model, table, logits) = LinearCase();
        using var disposeModel = model;
        var selection = AsmmBackgroundSelector.Select(model, table, new BackgroundSelectionOptions { PredictionThreshold = null, TopFraction = 0.5 });
        var expected = new[] { 0, 1, 3, 4 }.OrderByDescending(i => logits[i]).Take(2).Order().ToArray();
        Assert.That(selection.Rows, Is.EqualTo(expected));
    }

    [Test]
    public void Select_RejectsBadOptions()
    {
        var (model, table, _) = LinearCase();
        using var disposeModel = model;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AsmmBackgroundSelector.Select(model, table, new BackgroundSelectionOptions { TopFraction = 0.5 }), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("TopFraction"));
            Assert.That(() => AsmmBackgroundSelector.Select(model, table, new BackgroundSelectionOptions { Target = 1 }), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("options"));
            Assert.That(() => AsmmBackgroundSelector.Select(model, table, new BackgroundSelectionOptions { PredictionThreshold = 2 }), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("table"));
            Assert.That(() => AsmmBackgroundSelector.Select(model, table, null, ComputeContext.Default, null, new CancellationToken(true)), Throws.InstanceOf<OperationCanceledException>());
        }
    }
}

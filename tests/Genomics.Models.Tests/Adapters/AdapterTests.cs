using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Adapters;

[NonParallelizable]
public sealed class AdapterTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 8, 3, OutputActivation.Sigmoid);

    private static Tensor OneHot(params string[] sequences)
    {
        var data = new float[sequences.Length * 4 * sequences[0].Length];
        for (var n = 0; n < sequences.Length; n++)
        {
            for (var l = 0; l < sequences[n].Length; l++)
            {
                var c = "ACGT".IndexOf(sequences[n][l], StringComparison.Ordinal);
                if (c >= 0)
                {
                    data[(n * 4 * sequences[n].Length) + (c * sequences[n].Length) + l] = 1;
                }
            }
        }

        return torch.tensor(data, [sequences.Length, 4, sequences[0].Length]);
    }

    [Test]
    public void TargetSelection_KeepsColumnsInGivenOrder()
    {
        using var model = new ToyLinearModel(s_options);
        using var x = OneHot("ACGTACGT", "TTTTAAAA");
        using var all = model.Evaluate(x);
        var selection = TargetSelection.ByName(model, "t2", "t0");
        using var some = selection.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(selection.Output.TargetNames, Is.EqualTo(new[] { "t2", "t0" }));
            Assert.That(some[.., 0].allclose(all[.., 2]), Is.True);
            Assert.That(some[.., 1].allclose(all[.., 0]), Is.True);
            Assert.That(() => new TargetSelection(model, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void ReverseComplementAverage_IsStrandSymmetric()
    {
        using var model = new ToyConvModel(s_options);
        var rc = new ReverseComplementAverage(model);
        using var x = OneHot("AACGTTGA");
        using var xrc = OneHot("TCAACGTT");
        using var a = rc.Evaluate(x);
        using var b = rc.Evaluate(xrc);
        using var direct = model.Evaluate(x);
        using var directRc = model.Evaluate(xrc);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.allclose(b, 1e-6, 1e-6), Is.True, "f(x) and f(rc(x)) averaged is the same for x and rc(x)");
            Assert.That(a.allclose((direct + directRc) / 2, 1e-6, 1e-6), Is.True);
        }
    }

    [Test]
    public void ReverseComplementAverage_ProbabilitiesAverageAfterSigmoid()
    {
        using var model = new ToyLinearModel(s_options);
        var rc = new ReverseComplementAverage(model, averageProbabilities: true);
        using var x = OneHot("AACGTTGA");
        using var xrc = OneHot("TCAACGTT");
        using var expected = (torch.sigmoid(model.Evaluate(x)) + torch.sigmoid(model.Evaluate(xrc))) / 2;
        using var actual = rc.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.allclose(expected, 1e-6, 1e-6), Is.True);
            Assert.That(rc.Output.Activation, Is.EqualTo(OutputActivation.None));
        }
    }

    [Test]
    public void ReverseComplementAverage_RejectsTracksAndStrandedTargets()
    {
        using var tracks = new ToyLinearModel(new ToyModelOptions(InputKind.Tracks, 5, 8, 1));
        Assert.That(() => new ReverseComplementAverage(tracks), Throws.ArgumentException);
    }

    [Test]
    public void PairedAlleleView_FixesOneSide()
    {
        using var paired = new ToyPairedModel(8);
        using var reference = OneHot("AAAACCCC");
        using var alternatives = OneHot("AAAACCCG", "TAAACCCC");
        using var view = new PairedAlleleView(paired, PairedAlleleMode.VarySecond, reference);
        using var y = view.Evaluate(alternatives);
        using var expected = paired.Evaluate(reference.expand(2, 4, 8), alternatives);
        using var viewFirst = new PairedAlleleView(paired, PairedAlleleMode.VaryFirst, alternatives);
        using var tooMany = OneHot("AAAACCCG", "TAAACCCC", "AAAAAAAA");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.allclose(expected), Is.True);
            Assert.That(() => viewFirst.Evaluate(tooMany), Throws.ArgumentException.With.Message.Contains("fixed side has 2 rows"));
            Assert.That(() => new PairedAlleleView(paired, PairedAlleleMode.VaryFirst), Throws.ArgumentException.With.Property("ParamName").EqualTo("fixedSide"));
        }
    }

    [Test]
    public void PairedAlleleView_Both_UsesInputForBothSides()
    {
        using var paired = new ToyPairedModel(8);
        using var view = new PairedAlleleView(paired, PairedAlleleMode.Both);
        using var x = OneHot("ACGTACGT");
        using var y = view.Evaluate(x);
        Assert.That(y[0, 2].item<float>(), Is.EqualTo(0f).Within(1e-6));
    }
}

using System.Text.Json;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.References;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>
/// DeepLIFT-SHAP on DeepDifE's two-input conjoined model (<see cref="ConjoinedStrands"/>) with a fixed paired background
/// (<see cref="BackgroundReferences"/>): SHAP DeepExplainer's semantics, one map per input strand.
/// </summary>
[NonParallelizable]
public sealed class ConjoinedStrandsDeepLiftTests
{
    private const int Length = 60;

    private static DeepDifEModel TinyDeepDifE()
    {
        using (new TorchSeedScope(17))
        {
            var model = new DeepDifEModel(DeepDifEOptions.Published with { InputLength = Length, FirstFilters = 8, FirstDenseUnits = 16, SecondDenseUnits = 8, Dropout = 0 });
            model.eval();
            return model;
        }
    }

    private static double[] Sigmoid(Tensor logits)
    {
        using var p = torch.sigmoid(logits).squeeze(1).to_type(ScalarType.Float64);
        return p.data<double>().ToArray();
    }

    [Test]
    public void EachStrandsMap_SumsToHalfItsOwnSigmoidDifference()
    {
        // The output is ½σ(g(fwd)) + ½σ(g(rc)) with independent inputs, so DeepExplainer's forward map sums to
        // ½(σ(g(x_fwd)) − mean_b σ(g(b_fwd))) and the reverse-complement map to the same on the second input: the two
        // strands' attributions must not leak into each other, and together they give f(x) − mean f(b).
        using var model = TinyDeepDifE();
        var conjoined = new ConjoinedStrands(model);
        using var x = TestSequences.RandomOneHot(3, Length, seed: 5);
        using var stacked = ConjoinedStrands.StackWithReverseComplement(x);
        using var backgroundForward = TestSequences.RandomOneHot(4, Length, seed: 6);
        using var backgroundReverse = TestSequences.RandomOneHot(4, Length, seed: 7);   // independent, as DeepDifE's separately padded strands
        using var background = ConjoinedStrands.Stack(backgroundForward, backgroundReverse);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 4, ReferenceGenerator = new BackgroundReferences(background), Strict = true });

        using var result = method.Attribute(conjoined, stacked, AttributionTarget.Output(0));
        using var forwardMap = result.Scores.narrow(1, 0, 4);
        using var reverseMap = result.Scores.narrow(1, 4, 4);
        using var xReverse = stacked.narrow(1, 4, 4);
        double[] fx, rx, fb, rb;
        using (torch.no_grad())
        {
            fx = Sigmoid(model.Evaluate(x));
            rx = Sigmoid(model.Evaluate(xReverse));
            fb = Sigmoid(model.Evaluate(backgroundForward));
            rb = Sigmoid(model.Evaluate(backgroundReverse));
        }

        var expectedForward = fx.Select(v => 0.5 * (v - fb.Average())).ToArray();
        var expectedReverse = rx.Select(v => 0.5 * (v - rb.Average())).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.shape, Is.EqualTo(new long[] { 3, 8, Length }));
            Assert.That(result.Hypothetical, Is.Null);
            Assert.That(DeepLiftShapTests.SumPerExample(forwardMap), Is.EqualTo(expectedForward).Within(1e-5));
            Assert.That(DeepLiftShapTests.SumPerExample(reverseMap), Is.EqualTo(expectedReverse).Within(1e-5));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
        }
    }

    [Test]
    public void PublishedModel_GivesTheIndependentDeepExplainerReferenceMaps()
    {
        // deepdife_deepexplainer_reference.json (tools/reference/deepdife_deepexplainer_reference.py): the published
        // weights laid out by hand for torch, SHAP DeepExplainer's rules as float64 autograd functions, two demo promoters
        // against three separately padded forward / reverse-complement background promoters. Both maps agree within
        // 1e-5 of the largest |φ| (float32 here, float64 there).
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "DeepLift", "deepdife_deepexplainer_reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        string[] Strings(string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
        double[] Numbers(string name) => [.. Flatten(root.GetProperty(name))];

        using var model = DeepDifEModel.FromKeras(SharedData.Path("deepdife", "model_single.json"), SharedData.Path("deepdife", "weights_single.h5"));
        var conjoined = new ConjoinedStrands(model);
        using var x = OneHotEncoder.Encode(Strings("inputs"));
        using var stacked = ConjoinedStrands.StackWithReverseComplement(x);
        using var backgroundForward = OneHotEncoder.Encode(Strings("background_forward"));
        using var backgroundReverse = OneHotEncoder.Encode(Strings("background_reverse"));
        using var background = ConjoinedStrands.Stack(backgroundForward, backgroundReverse);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, ReferenceGenerator = new BackgroundReferences(background), Strict = true });

        using var result = method.Attribute(conjoined, stacked, AttributionTarget.Output(0));
        using var forwardMap = result.Scores.narrow(1, 0, 4).contiguous().to_type(ScalarType.Float64);
        using var reverseMap = result.Scores.narrow(1, 4, 4).contiguous().to_type(ScalarType.Float64);
        var expectedForward = Numbers("phi_forward");
        var largest = expectedForward.Concat(Numbers("phi_reverse")).Max(Math.Abs);
        using var prediction = conjoined.Evaluate(stacked);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(prediction.to_type(ScalarType.Float64).data<double>().ToArray(), Is.EqualTo(Numbers("f_x")).Within(1e-5));
            Assert.That(forwardMap.data<double>().ToArray(), Is.EqualTo(expectedForward).Within(1e-5 * largest));
            Assert.That(reverseMap.data<double>().ToArray(), Is.EqualTo(Numbers("phi_reverse")).Within(1e-5 * largest));
        }
    }

    private static IEnumerable<double> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element.GetDouble()];

    [Test]
    public void Scores_AreRawPerChannelValues_NotProjectedOntoTheObservedBase()
    {
        // DeepExplainer returns m ⊙ (x − b) for every channel: bases absent from x still score where the background has them.
        using var model = TinyDeepDifE();
        var conjoined = new ConjoinedStrands(model);
        using var x = TestSequences.RandomOneHot(2, Length, seed: 8);
        using var stacked = ConjoinedStrands.StackWithReverseComplement(x);
        using var backgroundForward = TestSequences.RandomOneHot(3, Length, seed: 9);
        using var background = ConjoinedStrands.StackWithReverseComplement(backgroundForward);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, ReferenceGenerator = new BackgroundReferences(background) });

        using var result = method.Attribute(conjoined, stacked, AttributionTarget.Output(0));
        using var unobserved = (result.Scores * (1 - stacked)).abs().sum();
        Assert.That(unobserved.item<float>(), Is.GreaterThan(0f));
    }

    [Test]
    public void StackWithReverseComplement_PutsTheReverseComplementInChannelsFourToSeven()
    {
        using var model = TinyDeepDifE();
        using var x = TestSequences.RandomOneHot(2, Length, seed: 10);
        using var stacked = ConjoinedStrands.StackWithReverseComplement(x);
        using var expected = OneHotEncoder.ReverseComplement(x);
        using var conjoined = new ConjoinedStrands(model);
        using var averaged = new ReverseComplementAverage(model, averageProbabilities: true);
        using (torch.no_grad())
        {
            using var a = conjoined.Evaluate(stacked);
            using var b = averaged.Evaluate(x);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(stacked.narrow(1, 0, 4).allclose(x, rtol: 0, atol: 0), Is.True);
                Assert.That(stacked.narrow(1, 4, 4).allclose(expected, rtol: 0, atol: 0), Is.True);
                Assert.That(a.allclose(b, rtol: 0, atol: 1e-6), Is.True);
                Assert.That(conjoined.Input.Channels, Is.EqualTo(8));
            }
        }
    }

    [Test]
    public void ReverseComplementAverage_OfProbabilities_IsCompleteUnderDeepLift()
    {
        // The averaged sigmoid goes through the library's Activation, so DeepLIFT's rescale rule replaces its gradient
        // and the contributions sum to f(x) − mean f(r) (strict mode throws otherwise).
        using var model = TinyDeepDifE();
        using var averaged = new ReverseComplementAverage(model, averageProbabilities: true);
        using var x = TestSequences.RandomOneHot(2, Length, seed: 12);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 4, Strict = true, KeepReferences = true });
        var target = AttributionTarget.Output(0);
        using var result = method.Attribute(averaged, x, target);
        var expected = DeepLiftShapTests.ExpectedDifference(averaged, x, result.References!, target);
        Assert.That(DeepLiftShapTests.SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void BackgroundReferences_GivesEveryExampleTheWholeBackground()
    {
        using var background = TestSequences.RandomOneHot(3, 10, seed: 13);
        using var x = TestSequences.RandomOneHot(2, 10, seed: 14);
        var generator = new BackgroundReferences(background);
        using var references = generator.Generate(x, 3, seed: 99);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(references.shape, Is.EqualTo(new long[] { 2, 3, 4, 10 }));
            Assert.That(references[0].allclose(background, rtol: 0, atol: 0), Is.True);
            Assert.That(references[1].allclose(background, rtol: 0, atol: 0), Is.True);
            Assert.That(() => generator.Generate(x, 2, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("References = 3"));
            Assert.That(() => generator.Generate(TestSequences.RandomOneHot(2, 11, seed: 1), 3, 0), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new BackgroundReferences(torch.zeros(4, 10)), Throws.ArgumentException.With.Property("ParamName").EqualTo("background"));
        }
    }

    [Test]
    public void ConjoinedStrands_RejectsTrackModels()
    {
        using var model = TinyDeepDifE();
        using var x = TestSequences.RandomOneHot(2, Length, seed: 15);
        using var other = TestSequences.RandomOneHot(2, Length + 1, seed: 16);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => ConjoinedStrands.Stack(x, other), Throws.ArgumentException.With.Property("ParamName").EqualTo("reverseComplement"));
            Assert.That(() => new ConjoinedStrands(new ConjoinedStrands(model)), Throws.ArgumentException.With.Property("ParamName").EqualTo("inner"));
        }
    }
}

using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Abstractions;

[NonParallelizable]
public sealed class AttributionAbstractionsTests
{
    private static readonly ToyModelOptions Options = new(InputKind.OneHot, 4, 12, 3, OutputActivation.Sigmoid);

    [Test]
    public void Target_Select_SingleSumAndPerExample()
    {
        using var outputs = torch.tensor(new float[] { 1, 2, 3, 10, 20, 30 }, [2, 3]);
        using var single = AttributionTarget.Output(1).Select(outputs);
        using var sum = AttributionTarget.Sum(0, 2).Select(outputs);
        using var perExample = AttributionTarget.PerExample(2, 0).Select(outputs);
        using var perExampleSecond = AttributionTarget.PerExample(2, 0, 1).Select(outputs, firstExample: 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(single.data<float>().ToArray(), Is.EqualTo(new float[] { 2, 20 }));
            Assert.That(sum.data<float>().ToArray(), Is.EqualTo(new float[] { 4, 40 }));
            Assert.That(perExample.data<float>().ToArray(), Is.EqualTo(new float[] { 3, 10 }));
            Assert.That(perExampleSecond.data<float>().ToArray(), Is.EqualTo(new float[] { 1, 20 }));
        }
    }

    [Test]
    public void Target_Validate_RejectsOutOfRangeAndWrongLength()
    {
        using var model = new ToyLinearModel(Options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AttributionTarget.Output(3).Validate(model, 2), Throws.ArgumentException.With.Property("ParamName").EqualTo("target"));
            Assert.That(() => AttributionTarget.PerExample(0, 1).Validate(model, 3), Throws.ArgumentException.With.Message.Contains("one index per example"));
            Assert.That(() => AttributionTarget.Sum(1, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("indices"));
            Assert.That(() => AttributionTarget.Output(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => AttributionTarget.All(model).Validate(model, 5), Throws.Nothing);
            Assert.That(AttributionTarget.Named(model, "t2").Indices, Is.EqualTo(new[] { 2 }));
        }
    }

    [Test]
    public void PredictionFunction_AppliesActivationOnRequest()
    {
        using var model = new ToyLinearModel(Options);
        using var x = TestSequences.RandomOneHot(5, 12, seed: 3);
        using var raw = new PredictionFunction().Apply(model, x);
        using var probabilities = new PredictionFunction(ApplyActivation: true).Apply(model, x);
        using var expected = raw.sigmoid();
        Assert.That(torch.allclose(probabilities, expected, 1e-6, 1e-6), Is.True);
    }

    [Test]
    public void Result_ValidatesShapesAndDisposesTensors()
    {
        var scores = torch.zeros(2, 4, 5);
        var deltas = torch.tensor(new float[] { 0.1f, 0.3f, 0.2f, 0f }, [2, 2]);
        var result = new AttributionResult("test", AttributionTarget.Output(0), scores, convergenceDeltas: deltas);
        Assert.That(result.MaxConvergenceDelta, Is.EqualTo(0.3).Within(1e-6));
        Assert.That(result.ScoresOf(1), Has.Length.EqualTo(20));
        Assert.That(() => result.HypotheticalOf(0), Throws.InvalidOperationException);
        result.Dispose();
        Assert.That(scores.IsInvalid, Is.True);
        using var bad = torch.zeros(2, 4);
        Assert.That(() => new AttributionResult("test", AttributionTarget.Output(0), bad), Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
    }
}

using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.References;
using Genomics.Interpret.Tests.DeepLift;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Gradients;

[NonParallelizable]
public sealed class SaliencyTests
{
    private static readonly ToyModelOptions Linear = new(InputKind.OneHot, 4, 6, 2);
    private static readonly ToyModelOptions Conv = new(InputKind.OneHot, 4, 20, 2);

    private static float[] Values(Tensor t)
    {
        using var c = t.contiguous();
        return c.data<float>().ToArray();
    }

    [Test]
    public void LinearModel_GradientIsTheWeightAndGradientTimesInputIsExact()
    {
        using var model = new ToyLinearModel(Linear);
        using var x = TestSequences.RandomOneHot(3, 6, seed: 1);
        using var all = ToyLinearModel.ExpectedWeights(Linear);
        using var w = all[1].view(1, 4, 6).expand(3, 4, 6).contiguous();
        using var gradient = new Saliency().Attribute(model, x, AttributionTarget.Output(1));
        using var gxi = new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput }).Attribute(model, x, AttributionTarget.Output(1));
        using var expected = w * x;
        using var projected = gxi.Hypothetical! * x;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gradient.Method, Is.EqualTo("saliency"));
            Assert.That(gradient.Hypothetical, Is.Null);
            Assert.That(Values(gradient.Scores), Is.EqualTo(Values(w)).Within(1e-6));
            Assert.That(Values(gxi.Scores), Is.EqualTo(Values(expected)).Within(1e-6));
            Assert.That(Values(projected), Is.EqualTo(Values(gxi.Scores)));
        }
    }

    [Test]
    public void LinearModel_IntegratedGradientsAreExactForAnyStepCount()
    {
        using var model = new ToyLinearModel(Linear);
        using var x = TestSequences.RandomOneHot(2, 6, seed: 2);
        using var all = ToyLinearModel.ExpectedWeights(Linear);
        using var w = all[0].view(1, 4, 6);
        using var raw = w * (x - 0.25f);
        var method = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = 1, Reference = torch.full(4, 6, 0.25f) });
        using var result = method.Attribute(model, x, AttributionTarget.Output(0));
        using var total = raw.sum([1], keepdim: true);
        using var expected = x * total;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(result.Scores), Is.EqualTo(Values(expected)).Within(1e-5));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-5));
        }
    }

    [Test]
    public void IntegratedGradients_CompletenessImprovesWithSteps()
    {
        using var model = new SoftmaxPadModel();
        using var x = TestSequences.RandomOneHot(3, 11, seed: 3);
        double Error(int steps)
        {
            var method = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = steps, ReferenceGenerator = new Shuffle(), References = 2, Seed = 1 });
            using var result = method.Attribute(model, x, AttributionTarget.Output(1));
            return result.MaxConvergenceDelta;
        }

        var coarse = Error(2);
        var fine = Error(64);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fine, Is.LessThan(coarse));
            Assert.That(fine, Is.LessThan(1e-3));
        }
    }

    [Test]
    public void IntegratedGradients_DeltasMatchAnIndependentCompletenessCheck()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 4);
        var target = AttributionTarget.Output(0);
        using var result = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = 200 }).Attribute(model, x, target);
        using var zeros = torch.zeros(2, 1, 4, 20);
        var expected = DeepLiftShapTests.ExpectedDifference(model, x, zeros, target);
        using var projected = result.Hypothetical! * x;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeepLiftShapTests.SumPerExample(result.Scores), Is.EqualTo(expected).Within(2e-3));
            Assert.That(Values(projected), Is.EqualTo(Values(result.Scores)).Within(1e-6));
        }
    }

    [Test]
    public void GeneratedZeroReferences_EqualTheDefaultZeroReference()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 5);
        using var a = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = 8 }).Attribute(model, x, AttributionTarget.Output(0));
        using var b = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = 8, ReferenceGenerator = ConstantReference.Zeros }).Attribute(model, x, AttributionTarget.Output(0));
        Assert.That(Values(a.Scores), Is.EqualTo(Values(b.Scores)).Within(1e-6));
    }

    [Test]
    public void GradientCorrection_CentresAcrossTheAlphabet()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 6);
        using var plain = new Saliency().Attribute(model, x, AttributionTarget.Output(0));
        using var corrected = new Saliency(new SaliencyOptions { CentreAcrossChannels = true }).Attribute(model, x, AttributionTarget.Output(0));
        using var sums = corrected.Scores.sum([1]).abs().max();
        using var expected = plain.Scores - plain.Scores.mean([1], keepdim: true);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sums.item<float>(), Is.LessThan(1e-6));
            Assert.That(Values(corrected.Scores), Is.EqualTo(Values(expected)).Within(1e-6));
        }
    }

    [TestCase(SaliencyMethod.Gradient)]
    [TestCase(SaliencyMethod.IntegratedGradients)]
    public void BatchSize_DoesNotChangeResults(SaliencyMethod kind)
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 7);
        var method = new Saliency(new SaliencyOptions { Method = kind, Steps = 4, ReferenceGenerator = new DinucleotideShuffle(), References = 2, Seed = 3 });
        using var one = method.Attribute(model, x, AttributionTarget.Output(1), ComputeContext.Default with { BatchSize = 1 });
        using var many = method.Attribute(model, x, AttributionTarget.Output(1), ComputeContext.Default with { BatchSize = 100 });
        Assert.That(Values(one.Scores), Is.EqualTo(Values(many.Scores)).Within(1e-5));
    }

    [Test]
    public void Seeds_SameSeedEqual_DifferentSeedDifferent()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 8);
        SaliencyOptions Options(long seed) => new() { Method = SaliencyMethod.IntegratedGradients, Steps = 4, ReferenceGenerator = new Shuffle(), Seed = seed };
        using var a = new Saliency(Options(1)).Attribute(model, x, AttributionTarget.Output(0));
        using var b = new Saliency(Options(1)).Attribute(model, x, AttributionTarget.Output(0));
        using var c = new Saliency(Options(2)).Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(a.Scores), Is.EqualTo(Values(b.Scores)));
            Assert.That(Values(a.Scores), Is.Not.EqualTo(Values(c.Scores)));
        }
    }

    [Test]
    public void RecurrentModels_AreSupportedBySaliency()
    {
        using var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10, BinHiddenSize = 4, MarkHiddenSize = 3 });
        using var x = torch.rand(2, model.Input.Channels, 10, generator: new Generator(9));
        using var result = new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput }).Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.shape, Is.EqualTo(new long[] { 2, model.Input.Channels, 10 }));
            Assert.That(result.Hypothetical, Is.Null);
            Assert.That(Values(result.Scores).All(float.IsFinite), Is.True);
        }
    }

    [Test]
    public void TrackInput_RejectsOneHotOnlySettings()
    {
        var options = new ToyModelOptions(InputKind.Tracks, 3, 12, 1);
        using var model = new ToyConvModel(options, seed: 6);
        using var x = torch.rand(2, 3, 12, generator: new Generator(7));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Saliency(new SaliencyOptions { CentreAcrossChannels = true }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, ReferenceGenerator = new DinucleotideShuffle() }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences").And.Message.Contains("DinucleotideShuffle"));
            Assert.That(() => new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput, ReturnHypothetical = true }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, ReferenceGenerator = new TrackMeans() }).Attribute(model, x, AttributionTarget.Output(0)).Dispose(),
                Throws.Nothing);
        }
    }

    [Test]
    public void ModelDeviceAndTrainingMode_AreRestored_AndNoTensorsLeak()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(3, 20, seed: 10);
        model.train();
        var method = new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Steps = 3 });
        method.Attribute(model, x, AttributionTarget.Output(0)).Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 4 }).Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(model.training, Is.True);
            Assert.That(ModelStateScope.CurrentDevice(model)!.type, Is.EqualTo(DeviceType.CPU));
        }
    }

    [Test]
    public void PreCancelledToken_Throws_AndProgressReachesTotal()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 11);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var reports = new List<OperationProgress>();
        new Saliency().Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 2 }, new SynchronousProgress<OperationProgress>(reports)).Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Saliency().Attribute(model, x, AttributionTarget.Output(0), cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(reports, Has.Count.EqualTo(3));
            Assert.That(reports[^1].Completed, Is.EqualTo(5));
            Assert.That(reports[^1].Total, Is.EqualTo(5));
        }
    }

    [Test]
    public void InvalidSettings_NameTheArgument()
    {
        using var model = new ToyConvModel(Conv, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 1);
        using var badReference = torch.zeros(4, 19);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Saliency(new SaliencyOptions { Steps = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Steps"));
            Assert.That(() => new Saliency(new SaliencyOptions { References = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("References"));
            Assert.That(() => new Saliency(new SaliencyOptions { ReturnHypothetical = true }), Throws.ArgumentException.With.Property("ParamName").EqualTo("ReturnHypothetical"));
            Assert.That(() => new Saliency(new SaliencyOptions { Method = SaliencyMethod.IntegratedGradients, Reference = badReference }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new Saliency().Attribute(model, x, AttributionTarget.PerExample(0)), Throws.ArgumentException.With.Property("ParamName").EqualTo("target"));
        }
    }
}

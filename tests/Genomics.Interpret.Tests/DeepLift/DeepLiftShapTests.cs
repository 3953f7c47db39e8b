using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

[NonParallelizable]
public sealed class DeepLiftShapTests
{
    private static readonly ToyModelOptions OneHot20 = new(InputKind.OneHot, 4, 20, 2);

    /// <summary>f(x) − mean_k f(r_k) per example, computed with ordinary forward passes.</summary>
    internal static double[] ExpectedDifference(ISequenceModel model, Tensor x, Tensor references, AttributionTarget target)
    {
        using var scope = torch.NewDisposeScope();
        var (n, k) = (references.shape[0], references.shape[1]);
        using var noGrad = torch.no_grad();
        model.Module.eval();
        var fx = target.Select(model.Evaluate(x)).data<float>().ToArray();
        var flat = references.reshape(n * k, references.shape[2], references.shape[3]);
        var fr = target.Select(model.Evaluate(flat)).data<float>().ToArray();
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = fx[i] - Enumerable.Range(0, (int)k).Average(j => (double)fr[(i * k) + j]);
        }

        return result;
    }

    internal static double[] SumPerExample(Tensor scores)
    {
        using var s = scores.sum([1, 2]).to_type(ScalarType.Float64);
        return s.data<double>().ToArray();
    }

    [Test]
    public void ToyConv_ContributionsSumToOutputMinusMeanReferenceOutput()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 11);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 2, KeepReferences = true });
        var target = AttributionTarget.Output(1);
        using var result = method.Attribute(model, x, target);
        var expected = ExpectedDifference(model, x, result.References!, target);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
            Assert.That(result.ConvergenceDeltas!.shape, Is.EqualTo(new long[] { 5, 4 }));
            Assert.That(result.Method, Is.EqualTo("deeplift-shap"));
        }
    }

    [Test]
    public void HypotheticalTimesOneHot_EqualsScores()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(3, 20, seed: 12);
        using var result = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 5 }).Attribute(model, x, AttributionTarget.Output(0));
        using var projected = result.Hypothetical! * x;
        Assert.That(projected.data<float>().ToArray(), Is.EqualTo(result.Scores.data<float>().ToArray()).Within(1e-6));
    }

    [Test]
    public void LinearModel_EqualsWeightTimesInputMinusReference()
    {
        var options = new ToyModelOptions(InputKind.OneHot, 4, 6, 1);
        using var model = new ToyLinearModel(options);
        using var x = TestSequences.RandomOneHot(2, 6, seed: 3);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2, ReferenceGenerator = ConstantReference.Zeros });
        using var result = method.Attribute(model, x, AttributionTarget.Output(0));
        using var weights = ToyLinearModel.ExpectedWeights(options).view(1, 4, 6);
        using var expected = weights * x;
        using var hypExpected = weights.expand(2, 4, 6);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-6));
            Assert.That(result.Hypothetical!.data<float>().ToArray(), Is.EqualTo(hypExpected.contiguous().data<float>().ToArray()).Within(1e-6));
        }
    }

    [Test]
    public void LinearModel_MultipliersOnly_AreTheWeightsAndCentringRemovesTheChannelMean()
    {
        var options = new ToyModelOptions(InputKind.OneHot, 4, 6, 1);
        using var model = new ToyLinearModel(options);
        using var x = TestSequences.RandomOneHot(2, 6, seed: 3);
        using var weights = ToyLinearModel.ExpectedWeights(options).view(1, 4, 6).expand(2, 4, 6).contiguous();
        using var centred = weights - weights.mean([1], keepdim: true);
        using var plain = new DeepLiftShap(new DeepLiftShapOptions { References = 2, MultipliersOnly = true, ReferenceGenerator = ConstantReference.Uniform }).Attribute(model, x, AttributionTarget.Output(0));
        using var centredResult = new DeepLiftShap(new DeepLiftShapOptions { References = 2, MultipliersOnly = true, CentreAcrossChannels = true, ReferenceGenerator = ConstantReference.Uniform }).Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Method, Is.EqualTo("deeplift-multipliers"));
            Assert.That(plain.Hypothetical, Is.Null);
            Assert.That(plain.Scores.data<float>().ToArray(), Is.EqualTo(weights.data<float>().ToArray()).Within(1e-6));
            Assert.That(centredResult.Scores.data<float>().ToArray(), Is.EqualTo(centred.data<float>().ToArray()).Within(1e-6));
        }
    }

    [Test]
    public void MatchesIndependentReferenceImplementation()
    {
        // Values from tools/reference/deeplift_reference.py (Debian python3-torch, float64, rules written out by
        // hand). The engine runs in float32: products of O(1) weights over a 12-position input agree to ~1e-6,
        // so 1e-5 leaves room for summation order.
        var data = DeepLiftReferenceData.Load();
        using var model = data.Model();
        using var x = data.Inputs();
        using var refs = data.References();
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2, ReferenceGenerator = new FixedReferences(refs) });
        using var result = method.Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.data<float>().ToArray().Select(v => (double)v), Is.EqualTo(data.Scores).Within(1e-5));
            Assert.That(result.Hypothetical!.data<float>().ToArray().Select(v => (double)v), Is.EqualTo(data.Hypothetical).Within(1e-5));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-5));
        }
    }

    [Test]
    public void BatchSize_DoesNotChangeReferencesOrResults()
    {
        // Continuous track inputs: one-hot inputs repeat k-mers, and max-pool windows over equal values are ties whose
        // arg-max can flip with the last bit of the convolution, which libtorch computes differently per batch size.
        var options = new ToyModelOptions(InputKind.Tracks, 3, 16, 2);
        using var model = new ToyConvModel(options, seed: 4);
        using var x = torch.rand(5, 3, 16, generator: new Generator(13));
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 9, ReferenceGenerator = new BinShuffle(), KeepReferences = true });
        using var one = method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 1 });
        using var many = method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 64 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one.References!.data<float>().ToArray(), Is.EqualTo(many.References!.data<float>().ToArray()));
            Assert.That(one.Scores.data<float>().ToArray(), Is.EqualTo(many.Scores.data<float>().ToArray()).Within(1e-6));
            Assert.That(one.ConvergenceDeltas!.data<float>().ToArray(), Is.EqualTo(many.ConvergenceDeltas!.data<float>().ToArray()).Within(1e-5));
        }
    }

    [Test]
    public void OneHotBatchSize_DoesNotChangeReferencesOrTotals()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 13);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 9, KeepReferences = true });
        using var one = method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 1 });
        using var many = method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 64 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one.References!.data<float>().ToArray(), Is.EqualTo(many.References!.data<float>().ToArray()));
            Assert.That(SumPerExample(one.Scores), Is.EqualTo(SumPerExample(many.Scores)).Within(1e-5));
        }
    }

    [Test]
    public void ExampleSubset_EqualsSliceOfFullRun()
    {
        var options = new ToyModelOptions(InputKind.Tracks, 3, 16, 2);
        using var model = new ToyConvModel(options, seed: 4);
        using var x = torch.rand(4, 3, 16, generator: new Generator(14));
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2, ReferenceGenerator = new TrackMeans() });
        using var full = method.Attribute(model, x, AttributionTarget.Output(0));
        using var part = x.narrow(0, 2, 2);
        using var subset = method.Attribute(model, part, AttributionTarget.Output(0));
        using var slice = full.Scores.narrow(0, 2, 2).contiguous();
        Assert.That(subset.Scores.data<float>().ToArray(), Is.EqualTo(slice.data<float>().ToArray()).Within(1e-6));
    }

    [Test]
    public void Seeds_SameSeedEqual_DifferentSeedDifferent()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 15);
        using var a = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 1 }).Attribute(model, x, AttributionTarget.Output(0));
        using var b = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 1 }).Attribute(model, x, AttributionTarget.Output(0));
        using var c = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 2 }).Attribute(model, x, AttributionTarget.Output(0));
        using var fromContext = new DeepLiftShap(new DeepLiftShapOptions { References = 3 }).Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { Seed = 1 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Scores.data<float>().ToArray(), Is.EqualTo(b.Scores.data<float>().ToArray()));
            Assert.That(a.Scores.data<float>().ToArray(), Is.Not.EqualTo(c.Scores.data<float>().ToArray()));
            Assert.That(fromContext.Scores.data<float>().ToArray(), Is.EqualTo(a.Scores.data<float>().ToArray()));
        }
    }

    [Test]
    public void PerExampleTargets_EqualSingleTargetRuns()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 16);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2, Seed = 3 });
        using var mixed = method.Attribute(model, x, AttributionTarget.PerExample(1, 0), ComputeContext.Default with { BatchSize = 4 });
        using var t1 = method.Attribute(model, x, AttributionTarget.Output(1));
        using var t0 = method.Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mixed.ScoresOf(0), Is.EqualTo(t1.ScoresOf(0)).Within(1e-6));
            Assert.That(mixed.ScoresOf(1), Is.EqualTo(t0.ScoresOf(1)).Within(1e-6));
        }
    }

    [Test]
    public void SoftmaxRuleAndInfinitePadding_KeepCompletenessWithoutNaN()
    {
        using var model = new SoftmaxPadModel();
        using var x = TestSequences.RandomOneHot(3, 11, seed: 17);
        var target = AttributionTarget.Output(0);
        using var result = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 4, KeepReferences = true }).Attribute(model, x, target);
        var expected = ExpectedDifference(model, x, result.References!, target);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.data<float>().ToArray().All(float.IsFinite), Is.True);
            Assert.That(SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
        }
    }

    [Test]
    public void PoolsPaddingBeforeTheSequence_KeepCompletenessWithoutNaN()
    {
        // Max-pool with −∞ padding 1 before and 1 after, TensorFlow-'same' average pool: the padded positions take no
        // part, so Σ scores = f(x) − mean f(r) and nothing is NaN.
        using var model = Genomics.Interpret.Tests.Mutagenesis.MutagenesisTestModels.SamePoolBlock();
        using var x = TestSequences.RandomOneHot(4, SamePoolBlockModel.Length, seed: 23);
        var target = AttributionTarget.Output(1);
        using var result = new DeepLiftShap(new DeepLiftShapOptions { References = 5, Seed = 6, KeepReferences = true }).Attribute(model, x, target);
        var expected = ExpectedDifference(model, x, result.References!, target);
        using var edge = result.Scores.narrow(2, 0, 3).abs().sum();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Scores.data<float>().ToArray().All(float.IsFinite), Is.True);
            Assert.That(SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4));
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
            Assert.That(expected.Select(Math.Abs).Max(), Is.GreaterThan(1e-3), "the outputs must differ from the references' for the check to mean something");
            Assert.That(edge.item<float>(), Is.GreaterThan(0f), "positions in the padded first window get their share");
        }
    }

    [Test]
    public void TrackInput_WorksWithTrackReferencesAndRejectsSequenceOnlySettings()
    {
        var options = new ToyModelOptions(InputKind.Tracks, 3, 12, 1);
        using var model = new ToyConvModel(options, seed: 6);
        using var x = torch.rand(2, 3, 12, generator: new Generator(7)) * 3;
        var target = AttributionTarget.Output(0);
        using var result = new DeepLiftShap(new DeepLiftShapOptions { References = 2, ReferenceGenerator = new BinShuffle(), Seed = 1, KeepReferences = true }).Attribute(model, x, target);
        var expected = ExpectedDifference(model, x, result.References!, target);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Hypothetical, Is.Null);
            Assert.That(SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4));
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { References = 2 }).Attribute(model, x, target).Dispose(), Throws.Nothing);
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { ReferenceGenerator = new DinucleotideShuffle() }).Attribute(model, x, target),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences").And.Message.Contains("DinucleotideShuffle"));
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { ReturnHypothetical = true }).Attribute(model, x, target),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences").And.Message.Contains("one-hot"));
        }
    }

    [Test]
    public void ModelDeviceAndTrainingMode_AreRestored_AndNoTensorsLeak()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(3, 20, seed: 18);
        model.train();
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2, Seed = 1 });
        method.Attribute(model, x, AttributionTarget.Output(0)).Dispose();
        GC.Collect();
        var before = TorchTestEnvironment.LiveTensors;
        method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 2 }).Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(model.training, Is.True);
            Assert.That(ModelStateScope.CurrentDevice(model)!.type, Is.EqualTo(DeviceType.CPU));
            Assert.That(AttributionRules.Current, Is.Null);
        }
    }

    [Test]
    public void RulesScope_IsRemovedWhenTheForwardPassThrows()
    {
        using var model = new ThrowingModel();
        using var x = TestSequences.RandomOneHot(2, 10, seed: 1);
        model.train();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { References = 2 }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.InvalidOperationException.With.Message.Contains("on purpose"));
            Assert.That(AttributionRules.Current, Is.Null);
            Assert.That(model.training, Is.True);
        }
    }

    [Test]
    public void UnsupportedModels_AreRejectedNamingTheModule()
    {
        using var raw = new RawModuleModel(nn.ReLU());
        using var sigmoid = new RawModuleModel(nn.Sigmoid());
        using var pool = new RawModuleModel(nn.MaxPool1d(1));
        using var recurrent = new RecurrentModel();
        using var x = TestSequences.RandomOneHot(1, 10, seed: 1);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 1 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => method.Attribute(raw, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("model").And.Message.Contains("'hidden_act' (ReLU)"));
            Assert.That(() => method.Attribute(sigmoid, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Message.Contains("'hidden_act' (Sigmoid)"));
            Assert.That(() => method.Attribute(pool, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Message.Contains("'hidden_act' (MaxPool1d)"));
            Assert.That(() => method.Attribute(recurrent, x, AttributionTarget.Output(0)),
                Throws.ArgumentException.With.Message.Contains("'lstm' (LSTM)").And.Message.Contains("saliency"));
            Assert.That(AttributionRules.Current, Is.Null);
        }
    }

    [Test]
    public void HiddenNonlinearity_FailsConvergence_StrictThrowsOtherwiseReported()
    {
        using var model = new HiddenSquareModel();
        using var x = TestSequences.RandomOneHot(2, 10, seed: 19);
        using var lenient = new DeepLiftShap(new DeepLiftShapOptions { References = 2, Seed = 1 }).Attribute(model, x, AttributionTarget.Output(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lenient.MaxConvergenceDelta, Is.GreaterThan(1e-3));
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { References = 2, Seed = 1, Strict = true }).Attribute(model, x, AttributionTarget.Output(0)),
                Throws.TypeOf<DeepLiftConvergenceException>().With.Property("Failures").GreaterThan(0));
            Assert.That(AttributionRules.Current, Is.Null);
        }
    }

    [Test]
    public void PreCancelledToken_Throws_AndProgressReachesTotal()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var x = TestSequences.RandomOneHot(5, 20, seed: 20);
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 2 });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var reports = new List<OperationProgress>();
        using (method.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 4 }, new SynchronousProgress<OperationProgress>(reports)))
        {
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => method.Attribute(model, x, AttributionTarget.Output(0), cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(reports, Is.Not.Empty);
            Assert.That(reports[^1].Completed, Is.EqualTo(5));
            Assert.That(reports[^1].Total, Is.EqualTo(5));
        }
    }

    [Test]
    public void InvalidArguments_NameTheArgument()
    {
        using var model = new ToyConvModel(OneHot20, seed: 4);
        using var wrong = TestSequences.RandomOneHot(2, 19, seed: 1);
        using var x = TestSequences.RandomOneHot(2, 20, seed: 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { References = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("References"));
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { Epsilon = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Epsilon"));
            Assert.That(() => new DeepLiftShap(new DeepLiftShapOptions { CentreAcrossChannels = true }), Throws.ArgumentException.With.Property("ParamName").EqualTo("CentreAcrossChannels"));
            Assert.That(() => new DeepLiftShap().Attribute(model, wrong, AttributionTarget.Output(0)), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new DeepLiftShap().Attribute(model, x, AttributionTarget.Output(5)), Throws.ArgumentException.With.Property("ParamName").EqualTo("target"));
        }
    }
}

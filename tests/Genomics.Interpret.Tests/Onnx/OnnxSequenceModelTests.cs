using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Asmm;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Perturbation;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.Onnx;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Onnx;

[NonParallelizable]
public sealed class OnnxSequenceModelTests
{
    private static void AssertClose(Tensor actual, Tensor expected, double tolerance, string what)
    {
        Assert.That(actual.shape, Is.EqualTo(expected.shape), what + " shape");
        using var scope = torch.NewDisposeScope();
        var gap = (actual - expected).abs().max();
        Assert.That(gap.item<float>(), Is.LessThanOrEqualTo(tolerance), what);
    }

    private static void AssertDna(SequenceInputSpec input, int? length)
    {
        Assert.That(input.Kind, Is.EqualTo(InputKind.OneHot));
        Assert.That(input.ChannelNames, Is.EqualTo(new[] { "A", "C", "G", "T" }));
        Assert.That(input.Length, Is.EqualTo(length));
    }

    [Test]
    public void ChannelsFirstFile_InfersItsSpecs_AndEqualsThePyTorchTwin()
    {
        using var model = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        using var x = OnnxFixture.Array("input");
        using var expected = OnnxFixture.Array("logits");
        var before = TorchTestEnvironment.LiveTensors;
        using (var y = model.Evaluate(x))
        {
            AssertClose(y, expected, 1e-5, "outputs");
        }

        Assert.Multiple(() =>
        {
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before), "live tensors");
            AssertDna(model.Input, 20);
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "logits[0]", "logits[1]" }));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.None));
            Assert.That(model.FixedBatchSize, Is.Null);
            Assert.That(model.InputName, Is.EqualTo("dna"));
            Assert.That(model.Layers, Is.Empty);
            Assert.That(model.Module, Is.InstanceOf<IForwardOnlyModel>());
        });
    }

    [Test]
    public void Evaluate_RunsThroughTheModule_SoHooksFire_AndBatchesOfAnySizeWork()
    {
        using var model = OnnxSequenceModel.Load(OnnxFixture.TinyCnn, new OnnxModelOptions { Threads = 1 });
        using var x = OnnxFixture.Array("input");
        using var expected = OnnxFixture.Array("logits");
        var calls = 0;
        var hook = ((nn.Module<Tensor, Tensor>)model.Module).register_forward_hook((_, _, output) =>
        {
            calls++;
            return output;
        });
        try
        {
            using var predicted = new BatchedPredictor(ComputeContext.Default with { BatchSize = 2 }).Predict(model, x);
            AssertClose(predicted, expected, 1e-5, "batched outputs");
            Assert.That(calls, Is.EqualTo(3));
        }
        finally
        {
            hook.remove();
        }
    }

    [Test]
    public void ChannelsLastFile_NeedsTheLayoutOption()
    {
        using var x = OnnxFixture.Array("input");
        using var expected = OnnxFixture.Array("logits_channels_last");
        using (var model = OnnxSequenceModel.Load(OnnxFixture.ChannelsLast, new OnnxModelOptions { Layout = OnnxInputLayout.ChannelsLast }))
        using (var y = model.Evaluate(x))
        {
            AssertDna(model.Input, 20);
            AssertClose(y, expected, 1e-5, "channels-last outputs");
        }

        Assert.That(
            () => OnnxSequenceModel.Load(OnnxFixture.ChannelsLast),
            Throws.TypeOf<OnnxModelException>()
                .With.Message.Contains("tiny_cnn_channels_last.onnx")
                .And.Message.Contains("ChannelsLast")
                .And.Property(nameof(OnnxModelException.FilePath)).EqualTo(OnnxFixture.ChannelsLast));
    }

    [Test]
    public void FixedBatchDynamicLengthFile_RunsInChunks_AndConcatenatesItsOutputs()
    {
        using var model = OnnxSequenceModel.Load(OnnxFixture.Pooled);
        using var x = OnnxFixture.Array("pooled_input");
        using var headA = OnnxFixture.Array("head_a");
        using var headB = OnnxFixture.Array("head_b");
        using var expected = torch.cat([headA, headB.reshape(-1, 1)], 1);
        using var y = model.Evaluate(x);
        Assert.Multiple(() =>
        {
            Assert.That(model.FixedBatchSize, Is.EqualTo(2));
            Assert.That(model.Input.Length, Is.Null);
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "head_a[0]", "head_a[1]", "head_b" }));
        });
        AssertClose(y, expected, 1e-5, "three examples through a batch-2 file");

        using var onlyB = OnnxSequenceModel.Load(OnnxFixture.Pooled, new OnnxModelOptions { OutputNames = ["head_b"], TargetNames = ["score"], Activation = OutputActivation.Sigmoid });
        using var yb = onlyB.Evaluate(x);
        Assert.That(onlyB.Output.TargetNames, Is.EqualTo(new[] { "score" }));
        AssertClose(yb, headB.reshape(-1, 1), 1e-5, "one chosen output");
    }

    [Test]
    public void Ism_EqualsIsmOnTheTorchSharpTwin_AndAutoFallsBackToFullPasses()
    {
        using var onnx = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        using var twin = new OnnxTwinModel();
        using var x = OnnxFixture.Array("input");
        using var expected = OnnxFixture.Array("logits");
        using (var twinOutputs = twin.Evaluate(x))
        {
            AssertClose(twinOutputs, expected, 1e-5, "the TorchSharp twin against PyTorch");
        }

        Assert.That(EditEvaluation.SupportsLocalEdits(onnx, out var reason), Is.False);
        Assert.That(reason, Does.Contain("IConvolutionalTrunk"));
        using var auto = new InSilicoMutagenesis().Run(onnx, x, ComputeContext.Default with { BatchSize = 16 });
        using var reference = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(twin, x);
        Assert.That(auto.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
        AssertClose(auto.Deltas, reference.Deltas, 1e-5, "ISM deltas");
        AssertClose(auto.ReferenceOutputs, reference.ReferenceOutputs, 1e-5, "ISM reference outputs");
        Assert.That(
            () => new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(onnx, x),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
    }

    [Test]
    public void VariantEffectsAndMarginalisation_RunOnIt_AndEqualTheTwin()
    {
        using var onnx = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        using var twin = new OnnxTwinModel();
        using var x = OnnxFixture.Array("input");
        var edits = new[] { SequenceEdit.Substitution(0, 7, "GA"), SequenceEdit.Insertion(2, 3, "CAT"), SequenceEdit.Deletion(4, 10, 2) };
        using (var got = SequenceEditEffects.Evaluate(onnx, x, edits))
        using (var want = SequenceEditEffects.Evaluate(twin, x, edits))
        {
            AssertClose(got.Delta, want.Delta, 1e-5, "edit effects");
        }

        var motif = MotifSource.FromConsensus("TGACTCA");
        using var marginal = PerturbationExperiments.Marginalize(onnx, x, motif, 6);
        using var twinMarginal = PerturbationExperiments.Marginalize(twin, x, motif, 6);
        AssertClose(marginal.After, twinMarginal.After, 1e-5, "marginalisation");
    }

    [Test]
    public void DeepAsmm_RunsOnIt_AndEqualsTheTwin()
    {
        using var onnx = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        using var twin = new OnnxTwinModel();
        var random = new Random(3);
        var sequences = Enumerable.Range(0, 6).Select(_ => new string(Enumerable.Range(0, 20).Select(_ => "ACGT"[random.Next(4)]).ToArray())).ToArray();
        var background = AsmmBackground.FromSequences(sequences);
        var asmm = new DeepAsmm(new DeepAsmmOptions { TopFraction = 0.5, MinimumTopCount = 2 });
        var got = asmm.Run(onnx, background, 3, 3, ComputeContext.Default with { BatchSize = 8 });
        var want = asmm.Run(twin, background, 3, 3);
        Assert.That(got.Motifs.Select(m => m.Motif), Is.EqualTo(want.Motifs.Select(m => m.Motif)));
        Assert.That(got.Motifs, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < got.Motifs.Count; i++)
            {
                Assert.That(got.Motifs[i].AutonomyRaw, Is.EqualTo(want.Motifs[i].AutonomyRaw).Within((1e-5 * Math.Abs(want.Motifs[i].AutonomyRaw)) + 4e-6), got.Motifs[i].Motif);
                Assert.That(got.Motifs[i].SynergyRaw, Is.EqualTo(want.Motifs[i].SynergyRaw).Within((1e-5 * Math.Abs(want.Motifs[i].SynergyRaw)) + 4e-6), got.Motifs[i].Motif);
            }
        }
    }

    [Test]
    public void GradientEngines_RefuseIt_WithTheTypedError_AlsoThroughAView()
    {
        using var onnx = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        using var view = new TargetSelection(onnx, 1);
        using var x = OnnxFixture.Array("input");
        using var y = torch.zeros(5, 2);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(() => new Saliency().Attribute(onnx, x, AttributionTarget.Output(0)), Refused("saliency"));
            Assert.That(() => new DeepLiftShap().Attribute(onnx, x, AttributionTarget.Output(0)), Refused("deeplift-shap"));
            Assert.That(() => new DeepLiftShap().Attribute(view, x, AttributionTarget.Output(0)), Refused("deeplift-shap"));
            Assert.That(() => Attributions.Saliency(view, x, 0), Refused("saliency"));
            Assert.That(() => trainer.Train(onnx, new TrainingSet(x, y)), Refused("Trainer.Train"));
            Assert.That(() => trainer.Train(view, new TrainingSet(x, torch.zeros(5, 1))), Refused("Trainer.Train"));
        });
    }

    private static NUnit.Framework.Constraints.IResolveConstraint Refused(string engine) =>
        Throws.TypeOf<ForwardOnlyModelException>()
            .With.Message.Contains(engine)
            .And.Message.Contains("forward-only")
            .And.Message.Contains("ONNX model (tiny_cnn.onnx)")
            .And.Message.Contains("in-silico mutagenesis");

    [Test]
    public void BadFile_ThrowsOnnxModelException_NamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            Assert.That(
                () => OnnxSequenceModel.Load(path),
                Throws.TypeOf<OnnxModelException>().With.Message.Contains(path).And.Property(nameof(OnnxModelException.FilePath)).EqualTo(path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Multiple(() =>
        {
            Assert.That(() => OnnxSequenceModel.Load(path), Throws.TypeOf<FileNotFoundException>().With.Message.Contains(path));
            Assert.That(
                () => OnnxSequenceModel.Load(OnnxFixture.TinyCnn, new OnnxModelOptions { OutputNames = ["missing"] }),
                Throws.TypeOf<OnnxModelException>().With.Message.Contains("missing").And.Message.Contains("logits"));
            Assert.That(
                () => OnnxSequenceModel.Load(OnnxFixture.TinyCnn, new OnnxModelOptions { Input = SequenceInputSpec.Dna(30) }),
                Throws.TypeOf<OnnxModelException>().With.Message.Contains("length 20"));
            Assert.That(() => new OnnxModelOptions { Threads = 0 }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("Threads"));
        });
    }

    [Test]
    public void Module_RefusesDevicesOtherThanTheCpu_AndDisposingItReleasesTheSession()
    {
        var model = OnnxSequenceModel.Load(OnnxFixture.TinyCnn);
        Assert.Multiple(() =>
        {
            Assert.That(() => model.Module.to(DeviceType.CUDA), Throws.TypeOf<NotSupportedException>().With.Message.Contains("CPU only"));
            Assert.That(() => model.Module.to(torch.CPU), Throws.Nothing);
        });
        using (var x = OnnxFixture.Array("input"))
        using (new ModelStateScope(model.Module, torch.CPU, training: false))
        using (var y = model.Evaluate(x))
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 5, 2 }));
        }

        model.Module.Dispose();
        Assert.That(() => model.Dispose(), Throws.Nothing);
    }
}

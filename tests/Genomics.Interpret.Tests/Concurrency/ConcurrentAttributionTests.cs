using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Neurons;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Concurrency;

/// <summary>The thread-safety contract of the engines on one shared model (see <see cref="ModelStateScope"/>).</summary>
[NonParallelizable]
public sealed class ConcurrentAttributionTests
{
    private const int Threads = 4;

    /// <summary>A small NeuronMotif-style model with batch normalisation after every convolution.</summary>
    private static NeuronMotifDemoModel BatchNormModel()
    {
        using var seed = new TorchSeedScope(7);
        return new NeuronMotifDemoModel(new NeuronMotifDemoOptions
        {
            InputLength = 24,
            ConvLayers = [new(4, 5, BatchNorm: true, PoolSize: 2), new(3, 3, BatchNorm: true), new(1, 3, BatchNorm: true)],
        });
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    private static List<string> Changed(nn.Module module, Dictionary<string, Tensor> before)
    {
        var changed = new List<string>();
        foreach (var (name, value) in module.state_dict())
        {
            if (!before.TryGetValue(name, out var old) || !Same(old, value))
            {
                changed.Add(name);
            }
        }

        return changed;
    }

    /// <summary>
    /// Four threads attribute one BatchNorm model (in training mode, as a freshly built or freshly trained model is)
    /// with saliency and DeepLIFT-SHAP, over and over. Every result must equal the single-threaded one, and the
    /// model's mode, parameters and running statistics must be as before.
    /// </summary>
    /// <remarks>
    /// Before the per-model gate (commit e22883f and earlier) each call's ModelStateScope recorded the mode it found
    /// and restored it on leaving: thread A found training mode and switched to evaluation, thread B then recorded
    /// "evaluation", A left and put the model back into training mode while B was still inside it. B's forward passes
    /// then normalised with batch statistics (attributions off by up to 0.9 on this model) and updated the BatchNorm
    /// running mean and variance, and B, leaving last, "restored" evaluation mode: the model stayed changed. With
    /// 100 short overlapping calls this happens within the first few iterations (every trial run with that scope
    /// failed, with differing scores and changed running statistics); now the first caller records the state, all
    /// callers share evaluation mode, and the last one restores it.
    /// </remarks>
    [Test]
    public void ConcurrentSaliencyAndDeepLiftShap_OnOneBatchNormModel_MatchSingleThreaded_AndLeaveTheModelUnchanged()
    {
        using var model = BatchNormModel();
        using var x = TestSequences.RandomOneHot(3, 24, seed: 3);
        var target = AttributionTarget.Output(0);
        var saliency = new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput });
        var deepLift = new DeepLiftShap(new DeepLiftShapOptions { References = 2 });
        var context = ComputeContext.Default with { BatchSize = 2 };
        model.train();
        using var expectedSaliency = saliency.Attribute(model, x, target, context);
        using var expectedDeepLift = deepLift.Attribute(model, x, target, context);
        var before = Snapshot(model);
        var failures = ConcurrentStress.Run(Threads, 25, (t, i) =>
        {
            var useSaliency = ((t + i) % 2) == 0;
            using var result = useSaliency ? saliency.Attribute(model, x, target, context) : deepLift.Attribute(model, x, target, context);
            var expected = useSaliency ? expectedSaliency : expectedDeepLift;
            if (Same(result.Scores, expected.Scores))
            {
                return null;
            }

            using var difference = (result.Scores - expected.Scores).abs().max();
            return $"thread {t}, call {i} ({result.Method}): scores differ by up to {difference.item<float>()}";
        });

        var changed = Changed(model, before);
        var training = model.training;
        foreach (var t in before.Values)
        {
            t.Dispose();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures, Is.Empty);
            Assert.That(changed, Is.Empty, "parameters or buffers changed");
            Assert.That(training, Is.True, "training mode was not restored");
            Assert.That(ModelGate.OpenLeases(model), Is.Zero);
        }
    }

    /// <summary>Saliency, fast ISM and predictions on one model from several threads at once give the sequential results.</summary>
    [Test]
    public void ConcurrentPredictAndIsm_OnOneModel_MatchSingleThreaded()
    {
        using var model = BatchNormModel();
        using var x = TestSequences.RandomOneHot(2, 24, seed: 5);
        model.train();
        var predictor = new BatchedPredictor();
        var ism = new InSilicoMutagenesis();
        using var expectedPrediction = predictor.Predict(model, x);
        using var expectedIsm = ism.Run(model, x);
        var failures = ConcurrentStress.Run(Threads, 10, (t, i) =>
        {
            using var prediction = predictor.Predict(model, x);
            using var ismResult = ism.Run(model, x);
            return !Same(prediction, expectedPrediction) || !Same(ismResult.Deltas, expectedIsm.Deltas) ? $"thread {t}, call {i}: results differ" : null;
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures, Is.Empty);
            Assert.That(model.training, Is.True);
        }
    }

    /// <summary>Training a model while another thread attributes it is refused, and so is attributing while it trains.</summary>
    [Test]
    public void TrainingAndAttributionOnOneModel_AreRefusedWithModelBusy_AndTheModelIsUntouched()
    {
        using var model = BatchNormModel();
        using var x = TestSequences.RandomOneHot(4, 24, seed: 6);
        using var y = torch.zeros(4, model.Output.Targets);
        model.train();
        var before = Snapshot(model);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 1, BatchSize = 2 });
        var saliency = new Saliency();

        // An attribution that pauses inside its first batch (progress is reported from within the model's scope).
        Exception? refusedTraining = null;
        var attributionFailure = ConcurrentStress.WhilePaused(
            progress => saliency.Attribute(model, x, AttributionTarget.Output(0), ComputeContext.Default with { BatchSize = 2 }, progress).Dispose(),
            () => refusedTraining = Catch(() => trainer.Train(model, new TrainingSet(x, y))),
            "the attribution did not reach its first batch");
        var changedByRefusal = Changed(model, before);

        // A training run that pauses after its first step; attribution from another thread meanwhile is refused.
        Exception? refusedAttribution = null;
        var trainingWhileRefused = false;
        var trainingFailure = ConcurrentStress.WhilePaused(
            progress => trainer.Train(model, new TrainingSet(x, y), progress: progress),
            () =>
            {
                refusedAttribution = Catch(() => saliency.Attribute(model, x, AttributionTarget.Output(0)).Dispose());
                trainingWhileRefused = model.training;
            },
            "training did not start");

        foreach (var t in before.Values)
        {
            t.Dispose();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(attributionFailure, Is.Null);
            Assert.That(trainingFailure, Is.Null);
            Assert.That(refusedTraining, Is.InstanceOf<ModelBusyException>().With.Message.Contains("train").And.Message.Contains("evaluating"));
            Assert.That(changedByRefusal, Is.Empty);
            Assert.That(refusedAttribution, Is.InstanceOf<ModelBusyException>().With.Message.Contains("training it"));
            Assert.That(trainingWhileRefused, Is.True, "the refused attribution switched the training model to evaluation");
            Assert.That(model.training, Is.True);
            Assert.That(ModelGate.OpenLeases(model), Is.Zero);
        }
    }

    /// <summary>Neuron evaluation registers hooks on the model: concurrent calls take turns and each sees only its own passes.</summary>
    [Test]
    public void ConcurrentNeuronEvaluation_AndSaliency_OnOneModel_MatchSingleThreaded()
    {
        using var model = BatchNormModel();
        using var x = TestSequences.RandomOneHot(3, 24, seed: 8);
        model.eval();
        var network = NeuronNetwork.FromModel(model);
        var layer = network.Layers[0];
        using var windows = TestSequences.RandomOneHot(5, layer.ReceptiveField, seed: 9);
        var saliency = new Saliency();
        using var expectedNeurons = network.EvaluateWindows(layer.Name, windows);
        using var expectedSaliency = saliency.Attribute(model, x, AttributionTarget.Output(0));
        var failures = ConcurrentStress.Run(Threads, 10, (t, i) =>
        {
            if ((t % 2) == 0)
            {
                using var neurons = network.EvaluateWindows(layer.Name, windows);
                return Same(neurons, expectedNeurons) ? null : $"thread {t}, call {i}: neuron values differ";
            }

            using var result = saliency.Attribute(model, x, AttributionTarget.Output(0));
            return Same(result.Scores, expectedSaliency.Scores) ? null : $"thread {t}, call {i}: saliency differs";
        });
        Assert.That(failures, Is.Empty);
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

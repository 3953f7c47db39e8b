using System.Diagnostics;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Concurrency;

/// <summary>Many small calls leave no tensor behind and no lease open on the model.</summary>
[NonParallelizable]
public sealed class TensorSoakTests
{
    /// <summary>
    /// Up to 10⁴ calls mixing predictions, saliency and ISM on a tiny model keep the thread's live-tensor count
    /// (TorchSharp's exact per-thread <c>DisposeScopeManager.Statistics</c> count of created minus disposed tensors)
    /// where it was after one warm-up round.
    /// </summary>
    /// <param name="rounds">rounds of three calls: 3,334 rounds make the 10⁴-call soak (about 10 s here, so tagged
    /// slow); the short case runs the same checks with every build.</param>
    [TestCase(3334, Category = "Slow")]
    [TestCase(200)]
    public void ManyPredictAndAttributeCalls_LeaveTheLiveTensorCountUnchanged(int rounds)
    {
        using var model = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, 6, 2));
        using var x = TestSequences.RandomOneHot(2, 6, seed: 12);
        var predictor = new BatchedPredictor();
        var saliency = new Saliency(new SaliencyOptions { Method = SaliencyMethod.GradientTimesInput });
        var ism = new InSilicoMutagenesis();
        var target = AttributionTarget.Output(1);

        void Round()
        {
            predictor.Predict(model, x).Dispose();
            saliency.Attribute(model, x, target).Dispose();
            ism.Run(model, x).Dispose();
        }

        Round();
        var before = TorchTestEnvironment.LiveTensors;
        var clock = Stopwatch.StartNew();
        var afterFirstTenth = 0L;
        for (var i = 0; i < rounds; i++)
        {
            Round();
            if (i == rounds / 10)
            {
                afterFirstTenth = TorchTestEnvironment.LiveTensors;
            }
        }

        TestContext.Out.WriteLine($"{3 * rounds} calls in {clock.Elapsed.TotalSeconds:F1} s");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFirstTenth, Is.EqualTo(before));
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
            Assert.That(ModelGate.OpenLeases(model), Is.Zero);
            Assert.That(model.training, Is.True);
        }
    }
}

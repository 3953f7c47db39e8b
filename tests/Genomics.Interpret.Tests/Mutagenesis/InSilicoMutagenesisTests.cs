using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Mutagenesis;

[NonParallelizable]
public sealed class InSilicoMutagenesisTests
{
    private static Tensor WithUnknownColumns(Tensor sequences, params int[] positions)
    {
        var copy = sequences.clone();
        foreach (var p in positions)
        {
            copy[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Single(p)] = torch.tensor(0f);
        }

        return copy;
    }

    [Test]
    public void RawDeltasAreExactlyZeroAtTheObservedBase()
    {
        var options = new ToyModelOptions(InputKind.OneHot, 4, 12, 2);
        using var model = new ToyConvModel(options);
        using var x = TestSequences.RandomOneHot(3, 12, 1);
        using var result = new InSilicoMutagenesis().Run(model, x);
        using var deltas = result.Deltas.clone();
        using var atObserved = (deltas * x.unsqueeze(1)).abs().max();
        using var elsewhere = (deltas * (1 - x.unsqueeze(1))).abs().max();
        Assert.Multiple(() =>
        {
            Assert.That(result.Deltas.shape, Is.EqualTo(new long[] { 3, 2, 4, 12 }));
            Assert.That(atObserved.item<float>(), Is.Zero);
            Assert.That(elsewhere.item<float>(), Is.GreaterThan(0f));
            Assert.That(result.Substitutions, Is.EqualTo(3 * 3 * 12));
        });
    }

    [Test]
    public void MeanCentredScoresSumToZeroAtEveryPosition()
    {
        var options = new ToyModelOptions(InputKind.OneHot, 4, 10, 1);
        using var model = new ToyConvModel(options);
        using var x = WithUnknownColumns(TestSequences.RandomOneHot(2, 10, 2), 4);
        using var attribution = new InSilicoMutagenesis().Attribute(model, x, AttributionTarget.Output(0));
        using var sums = attribution.Hypothetical!.sum(1).abs().max();
        using var projected = attribution.Hypothetical * x;
        using var gap = (projected - attribution.Scores).abs().max();
        Assert.Multiple(() =>
        {
            Assert.That(sums.item<float>(), Is.LessThan(1e-6f));
            Assert.That(gap.item<float>(), Is.Zero);
            Assert.That(attribution.Method, Is.EqualTo("ism"));
        });
    }

    [Test]
    public void LinearModelEqualsClosedForm()
    {
        const int length = 9;
        var options = new ToyModelOptions(InputKind.OneHot, 4, length, 2);
        using var model = new ToyLinearModel(options);
        using var x = WithUnknownColumns(TestSequences.RandomOneHot(2, length, 3), 0, 5);
        using var result = new InSilicoMutagenesis().Run(model, x);
        using var w = ToyLinearModel.ExpectedWeights(options);
        var weights = w.data<float>().ToArray();
        var seq = x.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            for (var n = 0; n < 2; n++)
            {
                for (var t = 0; t < 2; t++)
                {
                    var got = result.DeltasOf(n, t);
                    for (var l = 0; l < length; l++)
                    {
                        var observed = Enumerable.Range(0, 4).Sum(c => seq[(n * 4 * length) + (c * length) + l] * weights[(t * 4 * length) + (c * length) + l]);
                        for (var b = 0; b < 4; b++)
                        {
                            var expected = weights[(t * 4 * length) + (b * length) + l] - observed;
                            if (seq[(n * 4 * length) + (b * length) + l] == 1f)
                            {
                                expected = 0;
                            }

                            Assert.That(got[b, l], Is.EqualTo(expected).Within(1e-5), $"n={n} t={t} b={b} l={l}");
                        }
                    }
                }
            }
        }
    }

    [TestCase(0, 16)]
    [TestCase(3, 11)]
    public void EqualsBruteForceSingleSubstitutions(int start, int end)
    {
        const int length = 16;
        var options = new ToyModelOptions(InputKind.OneHot, 4, length, 2);
        using var model = new ToyConvModel(options);
        using var x = WithUnknownColumns(TestSequences.RandomOneHot(2, length, 4), 1, 7);
        var ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = start, End = end, Algorithm = EvaluationAlgorithm.Full });
        using var result = ism.Run(model, x, new ComputeContext { BatchSize = 7 });
        using var reference = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            for (var n = 0; n < 2; n++)
            {
                var got0 = result.DeltasOf(n, 0);
                var got1 = result.DeltasOf(n, 1);
                for (var l = 0; l < length; l++)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        float e0 = 0, e1 = 0;
                        var observed = x[n, b, l].item<float>() == 1f;
                        if (l >= start && l < end && !observed)
                        {
                            using var mutant = x.narrow(0, n, 1).clone();
                            mutant[0, TensorIndex.Colon, l] = torch.tensor(0f);
                            mutant[0, b, l] = torch.tensor(1f);
                            using var y = model.Evaluate(mutant);
                            e0 = y[0, 0].item<float>() - reference[n, 0].item<float>();
                            e1 = y[0, 1].item<float>() - reference[n, 1].item<float>();
                        }

                        Assert.That(got0[b, l], Is.EqualTo(e0).Within(1e-5), $"n={n} b={b} l={l}");
                        Assert.That(got1[b, l], Is.EqualTo(e1).Within(1e-5), $"n={n} b={b} l={l}");
                    }
                }
            }
        }

        Assert.That(result.Substitutions, Is.EqualTo(2 * ((3 * (end - start)) + (start <= 1 ? 1 : 0) + (end > 7 ? 1 : 0))));
    }

    [TestCaseSource(typeof(MutagenesisTestModels), nameof(MutagenesisTestModels.TrunkCasesWithDemo1))]
    public void FastEqualsNaiveOnEverySupportedArchitecture(Func<ISequenceModel> build, int length)
    {
        var model = build();
        try
        {
            using var x = WithUnknownColumns(TestSequences.RandomOneHot(2, length, 5), length / 3);
            var context = new ComputeContext { BatchSize = 37 };
            using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x, context);
            using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x, context);
            using var gap = (naive.Deltas - fast.Deltas).abs().max();
            using var referenceGap = (naive.ReferenceOutputs - fast.ReferenceOutputs).abs().max();
            using var spread = naive.Deltas.abs().max();
            Assert.Multiple(() =>
            {
                Assert.That(fast.Algorithm, Is.EqualTo(EvaluationAlgorithm.LocalEdits));
                Assert.That(naive.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
                Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
                Assert.That(referenceGap.item<float>(), Is.LessThan(1e-5f));
                Assert.That(spread.item<float>(), Is.GreaterThan(1e-3f), "the model must react to substitutions for the comparison to mean something");
            });
        }
        finally
        {
            MutagenesisTestModels.Release(model);
        }
    }

    [TestCaseSource(typeof(DeviceCases), nameof(DeviceCases.All))]
    public void EveryDeviceAgreesWithCpuNaive(DevicePolicy device)
    {
        using var model = MutagenesisTestModels.Basset(40);
        using var x = TestSequences.RandomOneHot(1, 40, 13);
        using var cpu = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x);
        var context = new ComputeContext { Device = device, BatchSize = 32 };
        using var naive = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full }).Run(model, x, context);
        using var fast = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x, context);
        using var naiveGap = (cpu.Deltas - naive.Deltas).abs().max();
        using var fastGap = (cpu.Deltas - fast.Deltas).abs().max();
        Assert.Multiple(() =>
        {
            Assert.That(naiveGap.item<float>(), Is.LessThan(1e-4f));
            Assert.That(fastGap.item<float>(), Is.LessThan(1e-4f));
            Assert.That(ModelStateScope.CurrentDevice(model)!.type, Is.EqualTo(DeviceType.CPU));
        });
    }

    [Test]
    public void FastEqualsNaiveOnRandomWindows()
    {
        using var model = MutagenesisTestModels.Basset(50);
        using var x = TestSequences.RandomOneHot(1, 50, 6);
        var random = new Random(3);
        using (Assert.EnterMultipleScope())
        {
            for (var trial = 0; trial < 4; trial++)
            {
                var start = random.Next(0, 45);
                var end = random.Next(start + 1, 51);
                var options = new InSilicoMutagenesisOptions { Start = start, End = end };
                using var naive = new InSilicoMutagenesis(options with { Algorithm = EvaluationAlgorithm.Full }).Run(model, x);
                using var fast = new InSilicoMutagenesis(options with { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x, new ComputeContext { BatchSize = 5 });
                using var gap = (naive.Deltas - fast.Deltas).abs().max();
                Assert.That(gap.item<float>(), Is.LessThan(1e-5f), $"window [{start}, {end})");
            }
        }
    }

    [TestCase(EvaluationAlgorithm.Full)]
    [TestCase(EvaluationAlgorithm.LocalEdits)]
    public void BatchSizeDoesNotChangeTheResult(EvaluationAlgorithm algorithm)
    {
        using var model = MutagenesisTestModels.Basset(40);
        using var x = TestSequences.RandomOneHot(2, 40, 7);
        var ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = algorithm });
        using var one = ism.Run(model, x, new ComputeContext { BatchSize = 1 });
        using var many = ism.Run(model, x, new ComputeContext { BatchSize = 500 });
        using var gap = (one.Deltas - many.Deltas).abs().max();
        Assert.That(gap.item<float>(), Is.LessThan(1e-5f));
    }

    [Test]
    public void AutoFallsBackToNaiveAndExplicitFastThrowsForOtherModels()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 8, 1));
        using var x = TestSequences.RandomOneHot(1, 8, 8);
        using var auto = new InSilicoMutagenesis().Run(model, x);
        Assert.Multiple(() =>
        {
            Assert.That(auto.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
            Assert.That(EditEvaluation.SupportsLocalEdits(model, out var reason), Is.False);
            Assert.That(reason, Does.Contain("IConvolutionalTrunk"));
            Assert.That(
                () => new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.LocalEdits }).Run(model, x),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
        });
    }

    [Test]
    public void InvalidInputsThrowNamingTheArgument()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 8, 1));
        using var soft = torch.full(1, 4, 8, 0.25f);
        using var x = TestSequences.RandomOneHot(1, 8, 9);
        using var tracks = new ToyConvModel(new ToyModelOptions(InputKind.Tracks, 3, 8, 1));
        using var trackInput = torch.zeros(1, 3, 8);
        Assert.Multiple(() =>
        {
            Assert.That(() => new InSilicoMutagenesis().Run(model, soft), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = 5, End = 5 }).Run(model, x), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new InSilicoMutagenesis(new InSilicoMutagenesisOptions { End = 9 }).Run(model, x), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new InSilicoMutagenesis().Run(tracks, trackInput), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("model"));
            Assert.That(() => new InSilicoMutagenesis().Attribute(model, x, AttributionTarget.Output(3)), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("target"));
        });
    }

    [TestCase(EvaluationAlgorithm.Full)]
    [TestCase(EvaluationAlgorithm.LocalEdits)]
    public void RestoresTrainingModeLeavesNoTensorsAndReportsProgress(EvaluationAlgorithm algorithm)
    {
        using var model = MutagenesisTestModels.Basset(40);
        using var x = TestSequences.RandomOneHot(2, 40, 10);
        model.train();
        var ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = algorithm });
        using (ism.Run(model, x, new ComputeContext { BatchSize = 16 }))
        {
        }

        var reports = new List<OperationProgress>();
        var progress = new SynchronousProgress<OperationProgress>(reports);
        var before = TorchTestEnvironment.LiveTensors;
        using (var result = ism.Attribute(model, x, AttributionTarget.Sum(0, 2), new ComputeContext { BatchSize = 16 }, progress))
        {
            Assert.That(result.Scores.shape, Is.EqualTo(new long[] { 2, 4, 40 }));
        }

        var after = TorchTestEnvironment.LiveTensors;
        Assert.Multiple(() =>
        {
            Assert.That(model.training, Is.True);
            Assert.That(after, Is.EqualTo(before));
            Assert.That(reports, Is.Not.Empty);
            Assert.That(reports[^1].Completed, Is.EqualTo(reports[^1].Total));
            Assert.That(reports[^1].Total, Is.EqualTo(2 * 3 * 40));
            Assert.That(reports[^1].Stage, Is.EqualTo("ism"));
        });
    }

    [Test]
    public void FullForwardPasses_LogOnePredictorStartAndEndPerJob()
    {
        using var model = MutagenesisTestModels.Basset(40);
        using var x = TestSequences.RandomOneHot(2, 40, 12);
        var logs = new RecordingLoggerFactory();
        var ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = EvaluationAlgorithm.Full });
        using var result = ism.Run(model, x, new ComputeContext { BatchSize = 16, LoggerFactory = logs });

        // 240 substitutions in 15 batches: one job for the references and one for the substitutions.
        Assert.Multiple(() =>
        {
            Assert.That(logs.EventIds.Count(id => id == Genomics.Models.Diagnostics.EventIds.BatchedStart), Is.EqualTo(2));
            Assert.That(logs.EventIds.Count(id => id == Genomics.Models.Diagnostics.EventIds.BatchedEnd), Is.EqualTo(2));
            Assert.That(logs.EventIds.Count(id => id == Genomics.Models.Diagnostics.EventIds.BatchDone), Is.EqualTo(1 + 15));
            Assert.That(result.Algorithm, Is.EqualTo(EvaluationAlgorithm.Full));
        });
    }

    [TestCase(EvaluationAlgorithm.Full)]
    [TestCase(EvaluationAlgorithm.LocalEdits)]
    public void PreCancelledTokenThrows(EvaluationAlgorithm algorithm)
    {
        using var model = MutagenesisTestModels.Basset(40);
        using var x = TestSequences.RandomOneHot(1, 40, 11);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = algorithm });
        Assert.That(() => ism.Run(model, x, null, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void PerExampleTargetsSelectEachExamplesOutput()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 8, 3));
        using var x = TestSequences.RandomOneHot(2, 8, 12);
        using var result = new InSilicoMutagenesis().Run(model, x);
        using var perExample = result.ForTarget(AttributionTarget.PerExample(2, 0));
        using var t2 = result.ForTarget(AttributionTarget.Output(2));
        using var t0 = result.ForTarget(AttributionTarget.Output(0));
        using var sum = result.ForTarget(AttributionTarget.Sum(0, 2));
        using var gapA = (perExample[0] - t2[0]).abs().max();
        using var gapB = (perExample[1] - t0[1]).abs().max();
        using var gapSum = (sum - t0 - t2).abs().max();
        Assert.Multiple(() =>
        {
            Assert.That(gapA.item<float>(), Is.Zero);
            Assert.That(gapB.item<float>(), Is.Zero);
            Assert.That(gapSum.item<float>(), Is.LessThan(1e-6f));
        });
    }

    private sealed class RecordingLoggerFactory : Microsoft.Extensions.Logging.ILoggerFactory, Microsoft.Extensions.Logging.ILogger
    {
        public List<int> EventIds { get; } = [];

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            EventIds.Add(eventId.Id);

        public void Dispose()
        {
        }
    }
}

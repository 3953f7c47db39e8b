using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.DeepChrome;

[NonParallelizable]
public sealed class DeepChromeVisualizerTests
{
    private const int ActiveMark = 3; // H3K4me3
    private static readonly DeepChromeOptions s_small = DeepChromeOptions.Published with { Filters = 8, HiddenSizes = [16] };
    private static readonly DeepChromeVisualizationOptions s_fast = DeepChromeVisualizationOptions.Published with { Steps = 50 };

    private DeepChromeModel _model = null!;

    [OneTimeSetUp]
    public void TrainModel()
    {
        // "high" genes carry H3K4me3 in the central bins; "low" genes carry none there.
        using (new TorchSeedScope(2))
        {
            _model = new DeepChromeModel(s_small);
        }

        using var g = new torch.Generator(6);
        using var noise = torch.rand(new long[] { 32, 5, 100 }, generator: g) * 0.3;
        var labels = Enumerable.Range(0, 32).Select(i => (long)(i % 2)).ToArray();
        using var y = torch.tensor(labels);
        using var signal = torch.zeros(32, 5, 100);
        for (var i = 0; i < 32; i++)
        {
            if (labels[i] == 1)
            {
                signal[i, ActiveMark, torch.TensorIndex.Slice(40, 60)] = torch.tensor(0.7f);
            }
        }

        using var x = noise + signal;
        new Trainer(new TrainerOptions { Loss = TrainingLoss.CrossEntropy(), Epochs = 10, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-3), Seed = 1 })
            .Train(_model, new TrainingSet(x, y));
    }

    [OneTimeTearDown]
    public void DisposeModel() => _model.Dispose();

    [Test]
    public void Visualize_DecreasesTheObjective_AndNormalisesTheMap()
    {
        var result = DeepChromeVisualizer.Visualize(_model, 1, s_fast);
        var values = result.Map.Cast<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Map.GetLength(0), Is.EqualTo(5));
            Assert.That(result.Map.GetLength(1), Is.EqualTo(100));
            Assert.That(result.Objective, Has.Count.EqualTo(50));
            Assert.That(result.Objective[^1], Is.LessThan(result.Objective[0]));
            Assert.That(values, Is.All.InRange(0f, 1f));
            Assert.That(values.Max(), Is.EqualTo(1f));
            Assert.That(result.ClassIndex, Is.EqualTo(1));
            Assert.That(result.ClassName, Is.EqualTo("high"));
            Assert.That(result.MarkNames, Is.EqualTo(s_small.MarkNames));
        }
    }

    [Test]
    public void Visualize_HighClass_EmphasisesTheMarkTheModelLearned()
    {
        var high = DeepChromeVisualizer.Visualize(_model, 1, s_fast);
        var low = DeepChromeVisualizer.Visualize(_model, 0, s_fast);
        static float CentreMean(float[,] map) => Enumerable.Range(40, 20).Average(b => map[ActiveMark, b]);
        Assert.That(CentreMean(high.Map), Is.GreaterThan(CentreMean(low.Map)));
    }

    [Test]
    public void Visualize_IsDeterministicPerSeed()
    {
        var a = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 10 });
        var b = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 10 });
        var c = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 10, Seed = 2 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Map, Is.EqualTo(a.Map));
            Assert.That(b.Objective, Is.EqualTo(a.Objective));
            Assert.That(c.Map, Is.Not.EqualTo(a.Map));
        }
    }

    [Test]
    public void Visualize_WithoutASeed_UsesTheContextSeed_ElseTheDefault()
    {
        var unseeded = s_fast with { Steps = 10, Seed = null };
        var fromContext = DeepChromeVisualizer.Visualize(_model, 1, unseeded, new ComputeContext { Seed = 2 });
        var fromOptions = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 10, Seed = 2 });
        var neither = DeepChromeVisualizer.Visualize(_model, 1, unseeded);
        var byDefault = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 10, Seed = DeepChromeVisualizationOptions.DefaultSeed });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromContext.Map, Is.EqualTo(fromOptions.Map));
            Assert.That(neither.Map, Is.EqualTo(byDefault.Map));
            Assert.That(fromContext.Map, Is.Not.EqualTo(neither.Map));
        }
    }

    [Test]
    public void Visualize_LeavesTrainingModeParametersAndGradientsUnchanged()
    {
        using var model = new DeepChromeModel(s_small);
        model.train();
        var before = model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
        DeepChromeVisualizer.Visualize(model, 0, s_fast with { Steps = 5 });
        var after = model.parameters().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.training, Is.True);
            Assert.That(after.Select(p => p.grad), Is.All.Null);
            Assert.That(after.Select(p => p.requires_grad), Is.All.True);
            for (var i = 0; i < before.Length; i++)
            {
                Assert.That(after[i].detach().data<float>().ToArray(), Is.EqualTo(before[i]), $"parameter {i} changed");
            }
        }
    }

    [Test]
    public void Visualize_RunsTheRequestedStepsAndReportsProgress()
    {
        var reports = new List<OperationProgress>();
        var result = DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 3 }, progress: new SynchronousProgress<OperationProgress>(reports.Add));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Objective, Has.Count.EqualTo(3));
            Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(reports.Select(r => r.Total), Is.All.EqualTo(3));
            Assert.That(reports[0].Stage, Is.EqualTo("visualize"));
        }
    }

    [Test]
    public void Visualize_HonoursCancellation_AndRestoresTheMode()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        _model.train();
        try
        {
            Assert.That(() => DeepChromeVisualizer.Visualize(_model, 1, s_fast, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(_model.training, Is.True);
        }
        finally
        {
            _model.eval();
        }
    }

    [Test]
    public void Visualize_RejectsBadArguments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => DeepChromeVisualizer.Visualize(_model, 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("classIndex"));
            Assert.That(() => DeepChromeVisualizer.Visualize(null!), Throws.ArgumentNullException);
            Assert.That(() => DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Steps = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Steps"));
            Assert.That(() => DeepChromeVisualizer.Visualize(_model, 1, s_fast with { Alpha = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Alpha"));
            Assert.That(() => DeepChromeVisualizer.Visualize(_model, 1, s_fast with { L2Weight = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("L2Weight"));
        }
    }

    [Test]
    [Category("Slow")]
    public void Visualize_PublishedSettings_OnThePublishedModel()
    {
        using var model = new DeepChromeModel();
        var result = DeepChromeVisualizer.Visualize(model, 1);
        var values = result.Map.Cast<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Objective, Has.Count.EqualTo(1000));
            Assert.That(result.Objective[^1], Is.LessThan(result.Objective[0]));
            Assert.That(values, Is.All.InRange(0f, 1f));
            Assert.That(values.Max(), Is.EqualTo(1f));
        }
    }

}

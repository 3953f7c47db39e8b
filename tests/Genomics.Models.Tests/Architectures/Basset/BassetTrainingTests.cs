using Genomics.Models.Architectures.Basset;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.Basset;

[NonParallelizable]
public sealed class BassetTrainingTests
{
    [Test]
    public void Recipe_HasThePublishedSettings()
    {
        var options = BassetTraining.Recipe();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Loss.Name, Is.EqualTo("bce"));
            Assert.That(options.Optimizer.Kind, Is.EqualTo(OptimizerKind.RmsProp));
            Assert.That(options.Optimizer.LearningRate, Is.EqualTo(0.002));
            Assert.That(options.Optimizer.Alpha, Is.EqualTo(0.98));
            Assert.That(options.Optimizer.Momentum, Is.Zero);
            Assert.That(options.Optimizer.Epsilon, Is.EqualTo(1e-8));
            Assert.That(options.WeightConstraint?.Name, Is.EqualTo("max-norm(7)"));
            Assert.That(options.BatchSize, Is.EqualTo(128));
            Assert.That(options.EarlyStopping?.Patience, Is.EqualTo(10));
            Assert.That(options.Monitor, Is.EqualTo(ValidationMetric.Loss));
            Assert.That(BassetTraining.Recipe(patience: null).EarlyStopping, Is.Null);
            Assert.That(() => BassetTraining.Recipe(patience: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("patience"));
            Assert.That(() => BassetTraining.Recipe(epochs: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("epochs"));
        }
    }

    [Test]
    public void Recipe_KeepsEveryFilterAndHiddenUnitWithinMaxNorm7()
    {
        using var model = new BassetModel(BassetModelTests.Tiny);
        using (torch.no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.mul_(40);
            }
        }

        using var g = new torch.Generator(2);
        using var x = torch.rand(new long[] { 6, 4, 60 }, generator: g);
        using var y = torch.rand(new long[] { 6, 3 }, generator: g).round();
        new Trainer(BassetTraining.Recipe(epochs: 1, patience: null, batchSize: 6)).Train(model, new TrainingSet(x, y));

        var norms = model.parameters().Where(p => p.dim() >= 2)
            .SelectMany(p => p.detach().flatten(1).norm(1, false, 2).data<float>().ToArray()).ToArray();
        Assert.That(norms, Has.All.LessThanOrEqualTo(7.0001f).And.Some.GreaterThan(6.999f));
    }
}

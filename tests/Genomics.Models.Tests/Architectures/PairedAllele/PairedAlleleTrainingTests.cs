using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Training;
using NUnit.Framework;

namespace Genomics.Models.Tests.Architectures.PairedAllele;

public sealed class PairedAlleleTrainingTests
{
    [Test]
    public void Options_FollowDeepAllelesRecipe()
    {
        var options = PairedAlleleTraining.Options();
        var schedule = options.Schedule.Start(options.Optimizer.LearningRate);
        var start = schedule.Rate;
        for (var step = 0; step < 2_000; step++)
        {
            schedule.AfterStep(step);
        }

        var peak = schedule.Rate;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Loss.Name, Is.EqualTo("mse"));
            Assert.That(options.Optimizer.Kind, Is.EqualTo(OptimizerKind.Adam));
            Assert.That(options.Optimizer.LearningRate, Is.EqualTo(1e-4));
            Assert.That(options.Optimizer.WeightDecay, Is.EqualTo(1e-5));
            Assert.That(start, Is.EqualTo(5e-5).Within(1e-12));
            Assert.That(peak, Is.EqualTo(2e-4).Within(1e-12));
            Assert.That(options.EarlyStopping!.Patience, Is.EqualTo(4));
            Assert.That(options.Monitor, Is.EqualTo(ValidationMetric.Loss));
            Assert.That(options.RestoreBestWeights, Is.True);
            Assert.That(options.Epochs, Is.EqualTo(100));
            Assert.That(options.BatchSize, Is.EqualTo(32));
            Assert.That(() => PairedAlleleTraining.Options(learningRate: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("learningRate"));
        }
    }
}

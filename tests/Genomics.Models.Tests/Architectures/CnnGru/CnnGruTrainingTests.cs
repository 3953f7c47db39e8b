using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Training;
using NUnit.Framework;

namespace Genomics.Models.Tests.Architectures.CnnGru;

public sealed class CnnGruTrainingTests
{
    [Test]
    public void HalfLife_MatchesCombMotifRecipe()
    {
        var o = CnnGruTraining.HalfLife();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(o.Loss.Name, Is.EqualTo("mse"));
            Assert.That((o.Optimizer.Kind, o.Optimizer.LearningRate, o.Optimizer.WeightDecay), Is.EqualTo((OptimizerKind.Adam, 1e-4, 1e-5)));
            Assert.That((o.BatchSize, o.Epochs, o.EarlyStopping!.Patience, o.Seed), Is.EqualTo((64, 250, 100, 2024L)));
            Assert.That(o.RestoreBestWeights, Is.True);
        }
    }

    [Test]
    public void MeanRibosomeLoad_MatchesCombMotifRecipe()
    {
        var o = CnnGruTraining.MeanRibosomeLoad(epochs: 5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(o.Optimizer.LearningRate, Is.EqualTo(1e-3));
            Assert.That((o.Epochs, o.EarlyStopping!.Patience), Is.EqualTo((5, 3)));
            Assert.That(() => CnnGruTraining.MeanRibosomeLoad(epochs: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Epochs"));
        }
    }
}

using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Augmentation;
using Genomics.Models.Tests.Augmentation;
using Genomics.Models.Training;
using NUnit.Framework;

namespace Genomics.Models.Tests.Architectures.DeepDifE;

public sealed class DeepDifETrainingTests
{
    [Test]
    public void EvoAug_IsRecipeR1()
    {
        var options = DeepDifETraining.EvoAug(seed: 4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((options.Epochs, options.BatchSize, options.Seed), Is.EqualTo((100, 100, 4L)));
            Assert.That(options.Optimizer, Is.EqualTo(OptimizerOptions.Adam(1e-3)));
            Assert.That(options.EarlyStopping!.Patience, Is.EqualTo(20));
            Assert.That(options.RestoreBestWeights, Is.True);
            Assert.That(options.Monitor, Is.EqualTo(ValidationMetric.Loss));
            Assert.That(options.Loss.Name, Is.EqualTo("bce"));
            Assert.That(options.BatchTransform, Is.TypeOf<EvoAugPolicy>().With.Property("PaddingLength").EqualTo(20));
        }
    }

    [Test]
    public void FineTune_AfterEvoAug_PadsOnly_AtLearningRate1e4()
    {
        var policy = EvoAugPolicy.Published();
        var options = DeepDifETraining.FineTune(DeepDifETraining.EvoAug(policy));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((options.Epochs, options.BatchSize), Is.EqualTo((10, 100)));
            Assert.That(options.Optimizer.LearningRate, Is.EqualTo(1e-4));
            Assert.That(options.Schedule, Is.SameAs(LearningRateSchedule.Constant));
            Assert.That(options.BatchTransform, Is.SameAs(policy.Padding), "no augmentation, padding only");
        }
    }

    [Test]
    public void PhyloAug_IsRecipeR3_AndItsFineTuneHasNoTransform()
    {
        var gene = DeepDifEOrthologs.Table.ThalianaGenes.First();
        var sampler = new PhyloAugSampler(DeepDifEOrthologs.Table, [gene]);
        var options = DeepDifETraining.PhyloAug(sampler);
        var fine = DeepDifETraining.FineTune(options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((options.Epochs, options.BatchSize, options.EarlyStopping!.Patience), Is.EqualTo((100, 200, 40)));
            Assert.That(options.BatchTransform, Is.SameAs(sampler));
            Assert.That(fine.BatchTransform, Is.Null);
            Assert.That((fine.Epochs, fine.BatchSize, fine.Optimizer.LearningRate), Is.EqualTo((10, 100, 1e-4)));
            Assert.That(fine.EarlyStopping!.Patience, Is.EqualTo(40), "the notebook keeps its early-stopping callback");
        }
    }

    [Test]
    public void FineTune_RejectsInvalidSettings()
    {
        var first = DeepDifETraining.EvoAug();
        Assert.That(() => DeepDifETraining.FineTune(first, null, epochs: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Epochs"));
        Assert.That(() => DeepDifETraining.FineTune(first, null, learningRate: -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("LearningRate"));
    }
}

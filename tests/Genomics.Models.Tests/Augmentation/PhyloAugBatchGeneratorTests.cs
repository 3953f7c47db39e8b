using Genomics.Models.Augmentation;
using Genomics.Models.Encoding;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class PhyloAugBatchGeneratorTests
{
    private const int Rows = 450;

    private static (PhyloAugBatchGenerator Generator, TrainingSet Training, string[] Genes) Create(long seed = 0)
    {
        var (train, valid, test) = DeepDifEOrthologs.Split;
        var genes = train.Take(Rows).ToArray();
        var orthologs = DeepDifEOrthologs.Table.ForTraining(train, valid, test);
        var training = new TrainingSet(AugmentationTestData.OneHot(Rows, 600, 1), torch.arange(Rows, dtype: torch.ScalarType.Float32).view(-1, 1));
        return (new PhyloAugBatchGenerator(new PhyloAugSampler(orthologs, genes), training, seed: seed), training, genes);
    }

    [Test]
    public void Epoch_VisitsEveryGeneOnceInBatchesOf200()
    {
        var (generator, training, _) = Create();
        var batches = generator.Epoch(1).ToList();
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(generator.StepsPerEpoch, Is.EqualTo(3));
                Assert.That(batches.Select(b => b.Inputs.shape[0]), Is.EqualTo(new[] { 200L, 200L, 50L }));
                Assert.That(batches.SelectMany(b => b.Choices.Select(c => c.Row)), Is.EquivalentTo(Enumerable.Range(0, Rows)));
                Assert.That(batches.Select(b => AugmentationTestData.Values(b.Targets)), Is.EqualTo(batches.Select(b => b.Choices.Select(c => (float)c.Row))), "targets follow their rows");
            }
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
            training.Inputs.Dispose();
            training.Targets.Dispose();
        }
    }

    [Test]
    public void Epoch_IsReproducible_AndEpochsDiffer()
    {
        var (generator, training, _) = Create(seed: 5);
        List<PhyloAugChoice> Choices(int epoch) => generator.Epoch(epoch).SelectMany(b => { using (b) { return b.Choices; } }).ToList();
        var first = Choices(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Choices(1), Is.EqualTo(first));
            Assert.That(Choices(2).Select(c => c.Row), Is.Not.EqualTo(first.Select(c => c.Row)), "a new order every epoch");
        }

        training.Inputs.Dispose();
        training.Targets.Dispose();
    }

    [Test]
    public void Epoch_NoOrthologOfAHeldOutGeneReachesTraining()
    {
        var (generator, training, genes) = Create();
        var (_, valid, test) = DeepDifEOrthologs.Split;
        var heldOutSequences = valid.Concat(test)
            .SelectMany(g => DeepDifEOrthologs.Table.OrthologsOf(g))
            .SelectMany(p => new[] { p.Sequence, Alphabet.Dna.ReverseComplement(p.Sequence) })
            .ToHashSet(StringComparer.Ordinal);
        var substituted = 0;
        foreach (var batch in generator.Epoch(1))
        {
            using (batch)
            {
                var sequences = OneHotEncoder.Decode(batch.Inputs);
                Assert.That(sequences, Has.None.Matches<string>(heldOutSequences.Contains), "no held-out ortholog in the batch inputs");
                Assert.That(batch.Choices.Where(c => c.Ortholog is not null).Select(c => c.Ortholog!.ThalianaGeneId), Is.All.Matches<string>(g => !valid.Contains(g) && !test.Contains(g)));
                for (var i = 0; i < sequences.Length; i++)
                {
                    var choice = batch.Choices[i];
                    var expected = choice.Ortholog?.Sequence ?? OneHotEncoder.Decode(training.Inputs[choice.Row].unsqueeze(0))[0];
                    Assert.That(sequences[i], Is.EqualTo(choice.ReverseComplement ? Alphabet.Dna.ReverseComplement(expected) : expected));
                    Assert.That(choice.Ortholog?.ThalianaGeneId ?? genes[choice.Row], Is.EqualTo(genes[choice.Row]));
                }

                substituted += batch.Choices.Count(c => c.Ortholog is not null);
            }
        }

        Assert.That(substituted / (double)Rows, Is.EqualTo(0.7).Within(0.07));
        training.Inputs.Dispose();
        training.Targets.Dispose();
    }

    [Test]
    public void Constructor_RejectsMismatchedSets()
    {
        var (_, training, genes) = Create();
        var sampler = new PhyloAugSampler(DeepDifEOrthologs.Table, genes.Take(10).ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new PhyloAugBatchGenerator(sampler, training), Throws.ArgumentException.With.Message.Contains("450 rows"));
            Assert.That(() => new PhyloAugBatchGenerator(new PhyloAugSampler(DeepDifEOrthologs.Table, genes), training, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        training.Inputs.Dispose();
        training.Targets.Dispose();
    }
}

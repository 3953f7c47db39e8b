using Genomics.Models.Augmentation;
using Genomics.Models.Encoding;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class PhyloAugSamplerTests
{
    /// <summary>1,000 training genes with orthologs followed by 200 made-up genes without any.</summary>
    private static string[] TrainingGenes() =>
        DeepDifEOrthologs.Split.Train.Take(1000).Concat(Enumerable.Range(0, 200).Select(i => $"AT9G{i:D5}")).ToArray();

    [Test]
    public void Choose_SubstitutesAbout70PercentOfGenesWithOrthologs_NeverOthers_AndFlipsHalf()
    {
        var genes = TrainingGenes();
        var sampler = new PhyloAugSampler(DeepDifEOrthologs.Table, genes);
        var random = new Random(1);
        var choices = Enumerable.Range(0, 4).SelectMany(_ => Enumerable.Range(0, 6).SelectMany(b => sampler.Choose(Enumerable.Range(b * 200, 200).ToArray(), random))).ToArray();
        var withOrthologs = choices.Where(c => c.Row < 1000).ToArray();
        var species = withOrthologs.Where(c => c.Ortholog is not null).Select(c => c.Ortholog!.Species).Distinct();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sampler.OrthologCoverage, Is.EqualTo(1000 / 1200.0).Within(1e-12));
            Assert.That(withOrthologs.Count(c => c.Ortholog is not null) / (double)withOrthologs.Length, Is.EqualTo(0.7).Within(0.03));
            Assert.That(choices.Where(c => c.Row >= 1000).Select(c => c.Ortholog), Is.All.Null, "a gene without orthologs keeps its sequence");
            Assert.That(choices.Count(c => c.ReverseComplement) / (double)choices.Length, Is.EqualTo(0.5).Within(0.03));
            Assert.That(withOrthologs.Where(c => c.Ortholog is not null).Select(c => c.Ortholog!.ThalianaGeneId == genes[c.Row]), Is.All.True, "only orthologs of the row's own gene");
            Assert.That(species, Is.EquivalentTo(new[] { "aly", "chi", "cru" }));
        }
    }

    [Test]
    public void Choose_IsReproducibleBySeed()
    {
        var sampler = new PhyloAugSampler(DeepDifEOrthologs.Table, TrainingGenes());
        var rows = Enumerable.Range(0, 300).ToArray();
        var first = sampler.Choose(rows, new Random(3));
        var again = sampler.Choose(rows, new Random(3));
        var other = sampler.Choose(rows, new Random(4));
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Build_PutsTheOrthologOrTheOwnSequence_OnTheChosenStrand()
    {
        using var scope = torch.NewDisposeScope();
        var table = DeepDifEOrthologs.Table;
        var genes = table.ThalianaGenes.Take(4).ToArray();
        var sampler = new PhyloAugSampler(table, genes);
        var inputs = AugmentationTestData.OneHot(4, 600, 1);
        var own = OneHotEncoder.Decode(inputs);
        PhyloAugChoice[] choices =
        [
            new(0, table.OrthologsOf(genes[0])[0], false),
            new(1, table.OrthologsOf(genes[1])[0], true),
            new(2, null, false),
            new(3, null, true),
        ];
        var output = OneHotEncoder.Decode(sampler.Build(inputs, choices));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output[0], Is.EqualTo(choices[0].Ortholog!.Sequence));
            Assert.That(output[1], Is.EqualTo(Alphabet.Dna.ReverseComplement(choices[1].Ortholog!.Sequence)));
            Assert.That(output[2], Is.EqualTo(own[2]));
            Assert.That(output[3], Is.EqualTo(Alphabet.Dna.ReverseComplement(own[3])));
            Assert.That(OneHotEncoder.Decode(inputs), Is.EqualTo(own), "input not modified");
        }
    }

    [Test]
    public void Transform_UsesTheContextRowsAndSeed()
    {
        using var scope = torch.NewDisposeScope();
        var genes = DeepDifEOrthologs.Split.Train.Take(10).ToArray();
        var sampler = new PhyloAugSampler(DeepDifEOrthologs.Table, genes);
        var inputs = AugmentationTestData.OneHot(3, 600, 2);
        var context = new BatchTransformContext(1, 0, 99, [7, 2, 5]);
        var expected = sampler.Build(inputs, sampler.Choose([7, 2, 5], context.CreateRandom()));
        Assert.That(AugmentationTestData.Values(sampler.Transform(inputs, context)), Is.EqualTo(AugmentationTestData.Values(expected)));
    }

    [Test]
    public void Arguments_AreValidated()
    {
        using var scope = torch.NewDisposeScope();
        var table = DeepDifEOrthologs.Table;
        var gene = table.ThalianaGenes.First();
        var sampler = new PhyloAugSampler(table, [gene]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new PhyloAugSampler(table, []), Throws.ArgumentException.With.Property("ParamName").EqualTo("trainingGeneIds"));
            Assert.That(() => new PhyloAugSampler(table, [gene], 1.2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("substitutionProbability"));
            Assert.That(() => new PhyloAugSampler(table, [gene], 0.7, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("reverseComplementProbability"));
            Assert.That(() => sampler.Choose([1], new Random(1)), Throws.ArgumentException.With.Message.Contains("Row 1"));
            Assert.That(() => sampler.Build(AugmentationTestData.OneHot(2, 600, 1), [new(0, null, false)]), Throws.ArgumentException.With.Property("ParamName").EqualTo("choices"));
            Assert.That(() => sampler.Build(AugmentationTestData.OneHot(1, 50, 1), [new(0, table.OrthologsOf(gene)[0], false)]), Throws.ArgumentException.With.Message.Contains("length 600"));
        }
    }
}

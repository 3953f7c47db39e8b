using Genomics.Models.Augmentation;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class EvoAugPolicyTests
{
    [Test]
    public void Published_HasTheSixAugmentationsInOrder_TwoPerBatch_Padding20()
    {
        var policy = EvoAugPolicy.Published();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(policy.Augmentations.Select(a => a.Name), Is.EqualTo(new[] { "reverse-complement", "insertion", "deletion", "translocation", "mutation", "noise" }));
            Assert.That(policy.AugmentationsPerBatch, Is.EqualTo(2));
            Assert.That(policy.FixedCount, Is.True);
            Assert.That(policy.PaddingLength, Is.EqualTo(20));
            Assert.That(policy.OutputLength(600), Is.EqualTo(620));
            Assert.That(policy.Augmentations.OfType<InsertionAugmentation>().Single().MaxLength, Is.EqualTo(20));
            Assert.That(policy.Augmentations.OfType<DeletionAugmentation>().Single().MaxLength, Is.EqualTo(30));
            Assert.That(policy.Augmentations.OfType<TranslocationAugmentation>().Single().MaxShift, Is.EqualTo(20));
            Assert.That(policy.Augmentations.OfType<MutationAugmentation>().Single().MutateFraction, Is.EqualTo(0.05));
            Assert.That(policy.Augmentations.OfType<GaussianNoiseAugmentation>().Single().StandardDeviation, Is.EqualTo(0.2));
            Assert.That(policy.Augmentations.OfType<ReverseComplementAugmentation>().Single().Probability, Is.EqualTo(0.5));
        }
    }

    [Test]
    public void ChooseAugmentations_PicksTwoDistinctInListOrder_AndEveryPairOccurs()
    {
        var policy = EvoAugPolicy.Published();
        var pairs = new HashSet<(int, int)>();
        for (var seed = 0; seed < 300; seed++)
        {
            var chosen = policy.ChooseAugmentations(new Random(seed));
            Assert.That(chosen, Has.Count.EqualTo(2).And.Ordered.And.Unique.And.All.InRange(0, 5));
            pairs.Add((chosen[0], chosen[1]));
        }

        Assert.That(pairs, Has.Count.EqualTo(15));
    }

    [Test]
    public void Apply_RunsExactlyTheChosenPairOnTheWholeBatch_InListOrder()
    {
        var log = new List<(string Name, long Rows)>();
        var spies = Enumerable.Range(0, 6).Select(i => (ISequenceAugmentation)new Spy($"a{i}", i == 1 ? 20 : 0, log)).ToArray();
        var policy = new EvoAugPolicy(spies);
        for (var seed = 0; seed < 40; seed++)
        {
            using var scope = torch.NewDisposeScope();
            log.Clear();
            var expected = policy.ChooseAugmentations(new Random(seed)).Select(i => $"a{i}").ToArray();
            var output = policy.Apply(torch.zeros(7, 4, 50), new Random(seed));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(log.Select(e => e.Name), Is.EqualTo(expected), "the pair drawn first, each applied once, in list order");
                Assert.That(log.Select(e => e.Rows), Is.All.EqualTo(7L), "to the whole batch");
                Assert.That(output.shape, Is.EqualTo(new long[] { 7, 4, 70 }), "padded unless the lengthening one ran");
            }
        }
    }

    [Test]
    public void Apply_PadsOnlyWhenInsertionWasNotChosen()
    {
        var policy = EvoAugPolicy.Published();
        for (var seed = 0; seed < 40; seed++)
        {
            using var scope = torch.NewDisposeScope();
            var insertion = policy.ChooseAugmentations(new Random(seed)).Contains(1);
            var sources = AugmentationTestData.Sources(policy.Apply(AugmentationTestData.Markers(2, 60), new Random(seed)));
            Assert.That(sources[0], Has.Length.EqualTo(80));
            if (!insertion)
            {
                // The padding comes last, so its 10 + 10 random bases are the outermost columns.
                Assert.That(sources[0].Take(10).Concat(sources[0].TakeLast(10)), Is.All.EqualTo(-1), $"seed {seed}");
            }
        }
    }

    [Test]
    public void Apply_Published_GivesLPlus20_IsReproducible_AndLeavesTheInputAlone()
    {
        using var scope = torch.NewDisposeScope();
        var policy = EvoAugPolicy.Published();
        var input = AugmentationTestData.OneHot(6, 60, 1);
        var before = AugmentationTestData.Values(input);
        var lengths = Enumerable.Range(0, 30).Select(s => policy.Apply(input, new Random(s)).shape[2]).Distinct();
        var first = AugmentationTestData.Values(policy.Apply(input, new Random(5)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lengths, Is.EqualTo(new[] { 80L }));
            Assert.That(AugmentationTestData.Values(policy.Apply(input, new Random(5))), Is.EqualTo(first));
            Assert.That(AugmentationTestData.Values(policy.Apply(input, new Random(6))), Is.Not.EqualTo(first));
            Assert.That(AugmentationTestData.Values(input), Is.EqualTo(before));
        }
    }

    [Test]
    public void Transform_SameContextSameBatch_OtherStepOtherBatch()
    {
        using var scope = torch.NewDisposeScope();
        var policy = EvoAugPolicy.Published();
        var input = AugmentationTestData.OneHot(4, 40, 2);
        var step0 = new BatchTransformContext(1, 0, BatchTransformContext.DeriveSeed(3, 0), [0, 1, 2, 3]);
        var step1 = step0 with { Step = 1, Seed = BatchTransformContext.DeriveSeed(3, 1) };
        var first = AugmentationTestData.Values(policy.Transform(input, step0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AugmentationTestData.Values(policy.Transform(input, step0)), Is.EqualTo(first));
            Assert.That(AugmentationTestData.Values(policy.Transform(input, step1)), Is.Not.EqualTo(first));
        }
    }

    [Test]
    public void FreeCount_AppliesOneOrTwo()
    {
        var policy = new EvoAugPolicy(EvoAugPolicy.Published().Augmentations, 2, fixedCount: false);
        var counts = Enumerable.Range(0, 100).Select(s => policy.ChooseAugmentations(new Random(s)).Count).ToHashSet();
        Assert.That(counts, Is.EquivalentTo(new[] { 1, 2 }));
    }

    [Test]
    public void WithoutLengtheningAugmentation_DoesNotPad()
    {
        using var scope = torch.NewDisposeScope();
        var policy = new EvoAugPolicy([new ReverseComplementAugmentation(), new MutationAugmentation()], 1);
        Assert.That(policy.PaddingLength, Is.Zero);
        Assert.That(policy.Apply(AugmentationTestData.OneHot(2, 30, 1), new Random(1)).shape[2], Is.EqualTo(30));
    }

    [Test]
    public void Constructor_RejectsInvalidLists()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new EvoAugPolicy([]), Throws.ArgumentException.With.Property("ParamName").EqualTo("augmentations"));
            Assert.That(() => new EvoAugPolicy([new InsertionAugmentation(), new RandomPadding()]), Throws.ArgumentException.With.Message.Contains("At most one"));
            Assert.That(() => new EvoAugPolicy([new MutationAugmentation()], 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("augmentationsPerBatch"));
            Assert.That(() => new EvoAugPolicy([new MutationAugmentation()], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    /// <summary>Records each call; returns a copy, lengthened with zeros when it adds length.</summary>
    private sealed class Spy(string name, int added, List<(string Name, long Rows)> log) : ISequenceAugmentation
    {
        public string Name => name;

        public int AddedLength => added;

        public Tensor Apply(Tensor batch, Random random)
        {
            log.Add((name, batch.shape[0]));
            return added == 0 ? batch.clone() : torch.cat([batch, torch.zeros(batch.shape[0], 4, added)], 2);
        }
    }
}

using Genomics.Models.Augmentation;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class DeletionAugmentationTests
{
    private const int Length = 50;

    [Test]
    public void Apply_RemovesOneStretchPerSequence_AndRefillsBothEnds()
    {
        using var scope = torch.NewDisposeScope();
        var sources = AugmentationTestData.Sources(new DeletionAugmentation().Apply(AugmentationTestData.Markers(80, Length), new Random(1)));
        var deletedLengths = new HashSet<int>();
        foreach (var row in sources)
        {
            var kept = row.Where(s => s >= 0).ToArray();
            var deleted = Length - kept.Length;
            // The first missing position (an empty deletion has no observable start).
            var start = deleted == 0 ? 0 : Enumerable.Range(0, kept.Length + 1).First(i => i == kept.Length || kept[i] != i);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(row, Has.Length.EqualTo(Length));
                Assert.That(deleted, Is.InRange(0, 30));
                Assert.That(start, Is.InRange(0, Length - 30));
                Assert.That(kept, Is.EqualTo(Enumerable.Range(0, start).Concat(Enumerable.Range(start + deleted, Length - start - deleted))), "one contiguous stretch removed");
                Assert.That(row.TakeWhile(s => s < 0).Count(), Is.EqualTo(deleted / 2), "⌊ℓ/2⌋ random bases first");
                Assert.That(row.Reverse().TakeWhile(s => s < 0).Count(), Is.EqualTo(deleted - (deleted / 2)), "the rest at the end");
            }

            deletedLengths.Add(deleted);
        }

        Assert.That(deletedLengths, Has.Count.GreaterThan(10), "each sequence draws its own deletion");
    }

    [Test]
    public void Apply_RejectsSequencesShorterThanTheLongestDeletion()
    {
        using var scope = torch.NewDisposeScope();
        Assert.That(() => new DeletionAugmentation().Apply(torch.zeros(2, 4, 29), new Random(1)), Throws.ArgumentException.With.Message.Contains("shorter than the longest deletion"));
    }

    [Test]
    public void Constructor_RejectsInvalidRanges()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new DeletionAugmentation(-1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("minLength"));
            Assert.That(() => new DeletionAugmentation(5, 4), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maxLength"));
        }
    }
}

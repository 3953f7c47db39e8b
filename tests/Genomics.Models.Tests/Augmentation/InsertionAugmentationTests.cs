using Genomics.Models.Augmentation;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class InsertionAugmentationTests
{
    private const int Length = 40;

    /// <summary>Reads (left flank, position, inserted length, right flank) from one row of marker sources.</summary>
    private static (int Left, int Position, int Inserted, int Right) Layout(int[] sources)
    {
        var left = sources.TakeWhile(s => s < 0).Count();
        var right = sources.Reverse().TakeWhile(s => s < 0).Count();
        var middle = sources[left..^right];
        var gap = Array.IndexOf(middle, -1);
        if (gap < 0)
        {
            // Inserted at position 0 (or nothing inserted): the insertion merges with the left flank.
            var inserted0 = Enumerable.Range(0, 21).FirstOrDefault(l => left == ((20 - l) / 2) + l && right == 20 - l - ((20 - l) / 2), -1);
            return (left - inserted0, 0, inserted0, right);
        }

        var inserted = middle.Skip(gap).TakeWhile(s => s < 0).Count();
        return (left, middle[gap - 1] + 1, inserted, right);
    }

    [Test]
    public void Apply_InsertsOneStretchAtOnePlaceForTheWholeBatch_AndPadsToLPlus20()
    {
        var insertion = new InsertionAugmentation();
        var lengths = new HashSet<int>();
        for (var seed = 0; seed < 60; seed++)
        {
            using var scope = torch.NewDisposeScope();
            var sources = AugmentationTestData.Sources(insertion.Apply(AugmentationTestData.Markers(3, Length), new Random(seed)));
            var layout = Layout(sources[0]);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(sources[0], Has.Length.EqualTo(Length + 20));
                Assert.That(sources[0].Where(s => s >= 0), Is.EqualTo(Enumerable.Range(0, Length)), "the original, in order");
                Assert.That(sources[1], Is.EqualTo(sources[0]), "same insertion for every row");
                Assert.That(sources[2], Is.EqualTo(sources[0]), "same insertion for every row");
                Assert.That(layout.Left + layout.Inserted + layout.Right, Is.EqualTo(20));
                Assert.That(layout.Left, Is.EqualTo((20 - layout.Inserted) / 2), "⌊(20 − ℓ)/2⌋ before");
                Assert.That(layout.Inserted, Is.InRange(0, 20));
            }

            lengths.Add(layout.Inserted);
        }

        Assert.That(lengths, Has.Count.GreaterThan(10), "insertion lengths vary between batches");
    }

    [Test]
    public void Apply_RandomBasesAreOneHotButDifferBetweenRows()
    {
        using var scope = torch.NewDisposeScope();
        var output = new InsertionAugmentation(20, 20).Apply(torch.zeros(4, 4, Length), new Random(3));
        var values = AugmentationTestData.Values(output.sum(1));
        var perRow = Enumerable.Range(0, 4).Select(n => values.Skip(n * (Length + 20)).Take(Length + 20).Count(v => v == 1)).ToArray();
        Assert.That(perRow, Is.All.EqualTo(20));
        Assert.That(AugmentationTestData.Values(output[0]), Is.Not.EqualTo(AugmentationTestData.Values(output[1])));
    }

    [Test]
    public void Constructor_RejectsInvalidRanges()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new InsertionAugmentation(-1, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("minLength"));
            Assert.That(() => new InsertionAugmentation(6, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maxLength"));
            Assert.That(() => new InsertionAugmentation(0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}

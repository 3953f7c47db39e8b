using Genomics.Models.Augmentation;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Augmentation;

[NonParallelizable]
public sealed class TranslocationAugmentationTests
{
    private const int Length = 60; // longer than the 40 possible shifts, so each shift is recognisable modulo L

    [Test]
    public void Apply_IsOneCircularRollForTheWholeBatch_WithShiftsFromMinus20To19()
    {
        var shifts = new HashSet<int>();
        for (var seed = 0; seed < 400; seed++)
        {
            using var scope = torch.NewDisposeScope();
            var sources = AugmentationTestData.Sources(new TranslocationAugmentation().Apply(AugmentationTestData.Markers(3, Length), new Random(seed)));
            var shift = -sources[0][0];
            var normalised = ((shift % Length) + Length) % Length;
            var expected = Enumerable.Range(0, Length).Select(j => (((j - shift) % Length) + Length) % Length).ToArray();
            Assert.That(sources, Is.All.EqualTo(expected), $"seed {seed}: out[j] = x[(j − s) mod L] in every row");

            // The shift is known modulo L only; recover it within the published range.
            shifts.Add(normalised >= Length - 20 ? normalised - Length : normalised);
        }

        Assert.That(shifts.Min(), Is.EqualTo(-20));
        Assert.That(shifts.Max(), Is.EqualTo(19));
    }

    [Test]
    public void Apply_MovesBasesWithoutChangingThem()
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationTestData.OneHot(4, Length, 1);
        var output = new TranslocationAugmentation().Apply(input, new Random(5));
        Assert.That(AugmentationTestData.Values(output.sum(2)), Is.EqualTo(AugmentationTestData.Values(input.sum(2))), "base composition of every row kept");
    }

    [Test]
    public void Constructor_RejectsNonPositiveShift() =>
        Assert.That(() => new TranslocationAugmentation(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maxShift"));
}

using Genomics.Interpret.References;
using NUnit.Framework;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

[NonParallelizable]
public sealed class ShuffleTests
{
    [Test]
    public void Generate_PermutesBasesIncludingUnknowns()
    {
        var input = "AACGTTTGCANNACGTAGGA";
        using var x = OneHot(input);
        using var references = new Shuffle().Generate(x, 10, 3);
        var decoded = Decode(references)[0];
        using (Assert.EnterMultipleScope())
        {
            foreach (var reference in decoded)
            {
                Assert.That(reference.Order(), Is.EqualTo(input.Order()));
            }

            Assert.That(decoded.Count(r => r != input), Is.GreaterThanOrEqualTo(9));
        }
    }

    [Test]
    public void Generate_DoesNotDependOnBatchComposition()
    {
        using var full = OneHot("ACGTACGTAA", "GGGTTTCCAA", "ATATATCGCG");
        using var all = new Shuffle().Generate(full, 2, 8);
        using var firstTwo = OneHot("ACGTACGTAA", "GGGTTTCCAA");
        using var subset = new Shuffle().Generate(firstTwo, 2, 8);
        using var slice = all.narrow(0, 0, 2);
        Assert.That(Decode(subset), Is.EqualTo(Decode(slice)));
    }
}

using Genomics.Interpret.References;
using NUnit.Framework;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

[NonParallelizable]
public sealed class GcMatchedRandomTests
{
    [Test]
    public void Generate_MatchesEachExamplesGcFractionOnAverage()
    {
        var random = new Random(4);
        var gcRich = RandomBases(random, 400, "GGGCCCCGGA");
        var atRich = RandomBases(random, 400, "AATTATTTAC");
        using var x = OneHot(gcRich, atRich);
        using var references = new GcMatchedRandom().Generate(x, 10, 17);
        var decoded = Decode(references);
        static double Gc(string s) => s.Count(c => c is 'C' or 'G') / (double)s.Length;
        using (Assert.EnterMultipleScope())
        {
            // 4,000 draws per example: the standard error of the mean fraction is below 0.008.
            Assert.That(decoded[0].Average(Gc), Is.EqualTo(Gc(gcRich)).Within(0.03));
            Assert.That(decoded[1].Average(Gc), Is.EqualTo(Gc(atRich)).Within(0.03));
            Assert.That(decoded[0].Distinct().Count(), Is.EqualTo(10));
        }
    }

    [Test]
    public void Generate_KeepsUnknownPositionsAndIsReproducible()
    {
        var input = "ACNNGTNACG";
        using var x = OneHot(input);
        using var a = new GcMatchedRandom().Generate(x, 5, 2);
        using var b = new GcMatchedRandom().Generate(x, 5, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Decode(a), Is.EqualTo(Decode(b)));
            foreach (var reference in Decode(a)[0])
            {
                for (var p = 0; p < input.Length; p++)
                {
                    Assert.That(reference[p] == 'N', Is.EqualTo(input[p] == 'N'));
                }
            }
        }
    }
}

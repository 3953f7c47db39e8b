using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Modisco;

/// <summary>
/// Motif discovery on maps with planted JASPAR CTCF, GATA1 and FOS::JUN sites (<see cref="PlantedMotifMaps"/>): most
/// called seqlets must end in final patterns, and each planted motif must come out as exactly one pattern that TOMTOM
/// matches to the planted PWM. benchmarks/Genomics.Benchmarks.Modisco runs the same at 2,000 × 400 nt.
/// </summary>
[TestFixture]
[Category("Slow")]
public sealed class PlantedJasparModiscoTests
{
    private static readonly string[] s_planted = ["MA0139.1", "MA0035.4", "MA0099.3"];

    [Test]
    public void EachPlantedMotifIsOnePatternAndMostSeqletsEndInPatterns()
    {
        var database = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom", "JASPAR2022_CORE_vertebrates_non-redundant_v2.meme"));
        var motifs = s_planted.Select(id => database.Find(id)!).ToList();
        var maps = new PlantedMotifMaps([.. motifs.Select(m => m.Probabilities.ToArray())], examples: 300, length: 400, sites: 300, seed: 7);
        var result = new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 10 }).Run(maps.Contributions, maps.Hypothetical, maps.OneHot);
        var matches = ModiscoReport.Match(result, database);
        TestContext.Out.WriteLine(result.Diagnostic);
        foreach (var m in matches)
        {
            TestContext.Out.WriteLine($"{m.Pattern.Name} n={m.Pattern.Seqlets.Count} subpatterns={m.Pattern.Subpatterns.Count} {string.Join(", ", m.Matches.Take(3).Select(x => $"{x.TargetId} {x.TargetName} q={x.QValue:G3}"))}");
        }

        var called = result.SeqletCall.Seqlets.Count;
        var inPatterns = result.Patterns.Sum(p => p.Seqlets.Count);
        var planted = matches.Select(m => m.Matches.Where(x => s_planted.Contains(x.TargetId) && x.QValue < 0.05).OrderBy(x => x.QValue).FirstOrDefault()?.TargetId).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inPatterns, Is.GreaterThanOrEqualTo(0.8 * called), $"{inPatterns} of {called} seqlets in patterns");
            Assert.That(result.Diagnostic!.SeqletsInPatterns, Is.EqualTo(inPatterns));
            Assert.That(result.PositivePatterns, Has.Count.EqualTo(3), "one pattern per planted motif, no duplicates");
            Assert.That(planted, Is.EquivalentTo(s_planted), "each pattern matched to a different planted PWM with q < 0.05");
            Assert.That(result.PositivePatterns.All(p => p.Subpatterns.Count >= 2), Is.True, "sub-patterns");
            Assert.That(result.PositivePatterns.All(p => p.Subpatterns.Sum(s => s.Seqlets.Count) == p.Seqlets.Count), Is.True, "sub-patterns partition their pattern");
        }
    }

    [Test]
    public void DefaultFinalMinClusterSizeScalesWithTheSeqlets()
    {
        var options = new ModiscoOptions();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.FinalMinClusterSize, Is.Null);
            Assert.That(options.ResolveFinalMinClusterSize(100), Is.EqualTo(5));
            Assert.That(options.ResolveFinalMinClusterSize(500), Is.EqualTo(10));
            Assert.That(options.ResolveFinalMinClusterSize(1000), Is.EqualTo(20));
            Assert.That(options.ResolveFinalMinClusterSize(20_000), Is.EqualTo(20));
            Assert.That((options with { FinalMinClusterSize = 3 }).ResolveFinalMinClusterSize(20_000), Is.EqualTo(3));
        }
    }
}

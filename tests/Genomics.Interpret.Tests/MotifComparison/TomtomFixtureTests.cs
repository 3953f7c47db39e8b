using System.Globalization;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.MotifComparison;

/// <summary>Parity with MEME tomtom's output recorded by parallel_tomtom (options from data/SOURCES.md).</summary>
public sealed class TomtomFixtureTests
{
    private static readonly Lazy<MotifSet> s_jaspar2022 = new(() => MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme")));

    internal static MotifSet Jaspar2022 => s_jaspar2022.Value;

    [Test]
    public void ParallelTomtomQueries_ReproduceMemeResult()
    {
        var queries = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/Motifs.meme"));
        var options = new TomtomOptions { MinOverlap = 5, ColumnSimilarity = ColumnSimilarity.Pearson, ThresholdOn = SignificanceMeasure.EValue, Threshold = 0.5 };
        var matches = new TomtomComparer(options).Compare(queries, Jaspar2022);
        var expected = File.ReadLines(SharedData.Path("parallel_tomtom/meme_result.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var m in matches)
        {
            TestContext.Out.WriteLine($"{m.QueryId} {m.TargetId} {m.Offset} {m.PValue:G6} {m.EValue:G6} {m.QValue:G6} {m.Overlap} {m.QueryConsensus} {m.TargetConsensus} {m.Orientation}");
        }

        Assert.That(matches, Has.Count.EqualTo(expected.Count));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < expected.Count; i++)
            {
                var row = expected[i];
                var match = matches[i];
                Assert.That(match.QueryId, Is.EqualTo(row[0]));
                Assert.That(match.TargetId, Is.EqualTo(row[1]));
                Assert.That(match.Offset, Is.EqualTo((int)double.Parse(row[2], CultureInfo.InvariantCulture)));
                Assert.That(match.PValue, Is.EqualTo(double.Parse(row[3], CultureInfo.InvariantCulture)).Within(1).Percent);
                Assert.That(match.EValue, Is.EqualTo(double.Parse(row[4], CultureInfo.InvariantCulture)).Within(1).Percent);
                Assert.That(match.QValue, Is.EqualTo(double.Parse(row[5], CultureInfo.InvariantCulture)).Within(1).Percent);
                Assert.That(match.Overlap, Is.EqualTo((int)double.Parse(row[6], CultureInfo.InvariantCulture)));
                Assert.That(match.QueryConsensus, Is.EqualTo(row[7]));
                Assert.That(match.TargetConsensus, Is.EqualTo(row[8]));
                Assert.That(match.Orientation.ToString(), Is.EqualTo(row[9]));
            }
        }
    }
}

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.MotifComparison;

/// <summary><see cref="TomtomComparer"/> gives exactly (bit for bit) what the straightforward <see cref="ReferenceTomtom"/> gives.</summary>
public sealed class TomtomEquivalenceTests
{
    private static readonly TomtomOptions s_all = new() { Threshold = double.PositiveInfinity, MaxDegreeOfParallelism = 1 };

    public static IEnumerable<TestCaseData> OptionCases()
    {
        yield return new TestCaseData(s_all).SetName("Pearson, both strands, every target");
        yield return new TestCaseData(s_all with { MinOverlap = 5 }).SetName("Min overlap 5");
        yield return new TestCaseData(s_all with { ColumnSimilarity = ColumnSimilarity.NegativeEuclidean, MinOverlap = 3 }).SetName("Negative Euclidean");
        yield return new TestCaseData(s_all with { BothStrands = false }).SetName("Forward strand only");
        yield return new TestCaseData(s_all with { Pseudocount = 0, Background = new MotifBackground([0.3, 0.2, 0.2, 0.3]) }).SetName("No pseudocount, skewed background");
        yield return new TestCaseData(new TomtomOptions { MinOverlap = 5, MaxDegreeOfParallelism = 1 }).SetName("Threshold q ≤ 0.5");
        yield return new TestCaseData(new TomtomOptions { ThresholdOn = SignificanceMeasure.EValue, Threshold = 2, MaxDegreeOfParallelism = 1 }).SetName("Threshold E ≤ 2");
        yield return new TestCaseData(new TomtomOptions { Threshold = 0, MaxDegreeOfParallelism = 1 }).SetName("Threshold 0");
        yield return new TestCaseData(s_all with { QValues = QValueMethod.BenjaminiHochberg }).SetName("Benjamini-Hochberg q-values");
        yield return new TestCaseData(s_all with { QueryIds = ["rc17", "Q2", "T9"] }).SetName("Queries selected by id");
    }

    [TestCaseSource(nameof(OptionCases))]
    public void RandomMotifs_MatchTheReferenceExactly(TomtomOptions options)
    {
        var random = new Random(29);
        var targets = RandomMotifs(random, 45, "T", 4, 26);
        var queries = RandomMotifs(random, 6, "Q", 1, 30);
        queries.Add(targets[9]);
        queries.Add(targets[17].ReverseComplement() with { Id = "rc17" });
        AssertSame(new TomtomComparer(options).Compare(queries, targets), ReferenceTomtom.Compare(queries, targets, options));
    }

    [Test]
    public void Jaspar2022Queries_MatchTheReferenceExactly()
    {
        var jaspar = TomtomFixtureTests.Jaspar2022;
        var queries = jaspar.Where((_, i) => i % 40 == 3).ToList();
        var options = new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity, MaxDegreeOfParallelism = 1 };
        AssertSame(new TomtomComparer(options).Compare(queries, jaspar), ReferenceTomtom.Compare(queries, jaspar, options));
    }

    [Test]
    public void DuplicateTargetIds_AreOrderedAsByTheReference()
    {
        var random = new Random(5);
        var targets = RandomMotifs(random, 30, "T", 5, 12);
        for (var t = 0; t < targets.Count; t += 3)
        {
            targets[t] = targets[t] with { Id = "same" };
        }

        // Identical motifs under one id tie on p-value, overlap and id.
        targets.Add(targets[4]);
        targets.Add(targets[4]);
        var queries = RandomMotifs(random, 4, "Q", 5, 12);
        queries.Add(targets[4]);
        foreach (var options in new[] { s_all, new TomtomOptions { Threshold = 0.9, MaxDegreeOfParallelism = 1 } })
        {
            AssertSame(new TomtomComparer(options).Compare(queries, targets), ReferenceTomtom.Compare(queries, targets, options));
        }
    }

    [Test]
    public void OneColumnMotifsAndUniformColumns_MatchTheReferenceExactly()
    {
        var random = new Random(11);
        var targets = RandomMotifs(random, 20, "T", 1, 8);
        var uniform = new double[4, 6];
        for (var w = 0; w < 6; w++)
        {
            for (var a = 0; a < 4; a++)
            {
                uniform[a, w] = w == 2 ? (a == 1 ? 1 : 0) : 1;
            }
        }

        targets.Add(new Motif("U", PositionProbabilityMatrix.FromCounts(uniform)));
        var queries = new List<Motif> { targets[^1], targets[0], new("A", PositionProbabilityMatrix.FromConsensus("A")) };
        AssertSame(new TomtomComparer(s_all).Compare(queries, targets), ReferenceTomtom.Compare(queries, targets, s_all));
    }

    internal static List<Motif> RandomMotifs(Random random, int count, string prefix, int minWidth, int maxWidth)
    {
        var motifs = new List<Motif>(count);
        for (var m = 0; m < count; m++)
        {
            var width = random.Next(minWidth, maxWidth + 1);
            var counts = new double[4, width];
            for (var w = 0; w < width; w++)
            {
                for (var a = 0; a < 4; a++)
                {
                    counts[a, w] = Math.Pow(random.NextDouble(), 3);
                }
            }

            motifs.Add(new Motif($"{prefix}{m}", PositionProbabilityMatrix.FromCounts(counts, pseudocount: 0.01)) { Sites = m % 4 == 0 ? null : 1 + random.Next(40) });
        }

        return motifs;
    }

    private static void AssertSame(IReadOnlyList<MotifMatch> actual, IReadOnlyList<MotifMatch> expected)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count));
        for (var i = 0; i < expected.Count; i++)
        {
            var (a, e) = (actual[i], expected[i]);
            if (a != e || BitConverter.DoubleToInt64Bits(a.PValue) != BitConverter.DoubleToInt64Bits(e.PValue)
                || BitConverter.DoubleToInt64Bits(a.QValue) != BitConverter.DoubleToInt64Bits(e.QValue)
                || BitConverter.DoubleToInt64Bits(a.Score) != BitConverter.DoubleToInt64Bits(e.Score))
            {
                Assert.Fail($"Row {i} differs:\n  actual   {a}\n  expected {e}");
            }
        }
    }
}

using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.MotifComparison;

public sealed class TomtomComparerTests
{
    private static readonly TomtomOptions s_all = new() { Threshold = double.PositiveInfinity };

    private static List<Motif> SmallDatabase()
    {
        var random = new Random(3);
        var motifs = new List<Motif>();
        for (var t = 0; t < 60; t++)
        {
            var width = random.Next(6, 13);
            var counts = new double[4, width];
            for (var w = 0; w < width; w++)
            {
                var favourite = random.Next(4);
                for (var a = 0; a < 4; a++)
                {
                    counts[a, w] = random.NextDouble() + (a == favourite ? 3 * random.NextDouble() : 0);
                }
            }

            motifs.Add(new Motif($"T{t}", PositionProbabilityMatrix.FromCounts(counts)) { Sites = 20 });
        }

        return motifs;
    }

    [Test]
    public void SelfMatch_IsBestForwardWithOffsetZeroAndFullOverlap()
    {
        var db = SmallDatabase();
        var matches = new TomtomComparer(s_all).Compare([db[7], db[21]], db);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (query, index) in new[] { (db[7], 7), (db[21], 21) })
            {
                var best = matches.First(m => m.QueryId == query.Id);
                Assert.That(best.TargetId, Is.EqualTo(db[index].Id));
                Assert.That(best.Offset, Is.Zero);
                Assert.That(best.Overlap, Is.EqualTo(query.Width));
                Assert.That(best.Strand, Is.EqualTo(Strand.Forward));
            }

            Assert.That(matches.All(m => m.PValue > 0 && m.PValue <= 1), Is.True);
            Assert.That(matches.All(m => m.QValue >= m.PValue && m.QValue <= 1), Is.True);
            Assert.That(matches.Count(m => m.QueryId == db[7].Id), Is.EqualTo(db.Count));
        }
    }

    [Test]
    public void ReverseComplementQuery_MatchesItsSourceOnTheReverseStrand()
    {
        var db = SmallDatabase();
        var query = db[12].ReverseComplement() with { Id = "rc" };
        var best = new TomtomComparer(s_all).Compare([query], db)[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(best.TargetId, Is.EqualTo(db[12].Id));
            Assert.That(best.Strand, Is.EqualTo(Strand.Reverse));
            Assert.That(best.Offset, Is.Zero);
            Assert.That(best.TargetConsensus, Is.EqualTo(best.QueryConsensus));
        }
    }

    [Test]
    public void ForwardOnly_ReportsOnlyForwardMatchesAndHalvesNoEValues()
    {
        var db = SmallDatabase();
        var query = db[12].ReverseComplement() with { Id = "rc" };
        var matches = new TomtomComparer(s_all with { BothStrands = false }).Compare([query], db);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matches.All(m => m.Strand == Strand.Forward), Is.True);
            Assert.That(matches, Has.Count.EqualTo(db.Count));
            Assert.That(matches.All(m => Math.Abs(m.EValue - (m.PValue * db.Count)) < 1e-12), Is.True);
        }
    }

    [Test]
    public void SortedByPValue_AndThresholdOnQValueOrEValue()
    {
        var db = SmallDatabase();
        var all = new TomtomComparer(s_all).Compare([db[3]], db);
        var byQ = new TomtomComparer(new TomtomOptions { Threshold = 0.05 }).Compare([db[3]], db);
        var byE = new TomtomComparer(new TomtomOptions { ThresholdOn = SignificanceMeasure.EValue, Threshold = 1 }).Compare([db[3]], db);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Select(m => m.PValue), Is.Ordered);
            Assert.That(byQ.Select(m => m.TargetId), Is.EqualTo(all.Where(m => m.QValue <= 0.05).Select(m => m.TargetId)));
            Assert.That(byE.Select(m => m.TargetId), Is.EqualTo(all.Where(m => m.EValue <= 1).Select(m => m.TargetId)));
            Assert.That(byQ, Is.Not.Empty);
        }
    }

    [Test]
    public void MinOverlap_IsRespected()
    {
        var db = SmallDatabase();
        var matches = new TomtomComparer(s_all with { MinOverlap = 6 }).Compare([db[0], db[1]], db);
        Assert.That(matches.All(m => m.Overlap >= 6), Is.True);
    }

    [Test]
    public void NegativeEuclidean_AlsoFindsSelf()
    {
        var db = SmallDatabase();
        var best = new TomtomComparer(s_all with { ColumnSimilarity = ColumnSimilarity.NegativeEuclidean }).Compare([db[30]], db)[0];
        Assert.That((best.TargetId, best.Offset, best.Strand), Is.EqualTo((db[30].Id, 0, Strand.Forward)));
    }

    [Test]
    public void ParallelAndSequential_GiveTheSameResult()
    {
        var db = SmallDatabase();
        var queries = db.Take(8).ToList();
        var parallel = new TomtomComparer(s_all).Compare(queries, db);
        var sequential = new TomtomComparer(s_all with { MaxDegreeOfParallelism = 1 }).Compare(queries, db);
        Assert.That(parallel, Is.EqualTo(sequential));
    }

    [Test]
    public void Progress_ReachesTotal_AndCancellationThrows()
    {
        var db = SmallDatabase();
        var reports = new List<OperationProgress>();
        var progress = new SynchronousProgress<OperationProgress>(reports);
        new TomtomComparer(new TomtomOptions { MaxDegreeOfParallelism = 1 }).Compare(db.Take(3).ToList(), db, progress: progress);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports[^1], Is.EqualTo(new OperationProgress("tomtom", 3, 3)));
            Assert.That(() => new TomtomComparer().Compare(db, db, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public void InvalidArguments_Throw()
    {
        var db = SmallDatabase();
        var rna = new Motif("r", PositionProbabilityMatrix.FromConsensus("ACGUU"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new TomtomComparer().Compare(null!, db), Throws.ArgumentNullException);
            Assert.That(() => new TomtomComparer().Compare(db, []), Throws.ArgumentException.With.Property("ParamName").EqualTo("targets"));
            Assert.That(() => new TomtomComparer().Compare([rna], db), Throws.ArgumentException.With.Property("ParamName").EqualTo("queries"));
            Assert.That(() => new TomtomComparer(new TomtomOptions { MinOverlap = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MinOverlap"));
            Assert.That(() => new TomtomComparer(new TomtomOptions { Pseudocount = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Pseudocount"));
            Assert.That(() => new TomtomComparer(new TomtomOptions { Threshold = double.NaN }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Threshold"));
            Assert.That(() => new TomtomComparer(new TomtomOptions { MaxDegreeOfParallelism = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxDegreeOfParallelism"));
            Assert.That(() => new TomtomOptions { ColumnSimilarity = (ColumnSimilarity)9 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ColumnSimilarity"));
            Assert.That(new TomtomOptions { MinOverlap = 3 }.Validate().MinOverlap, Is.EqualTo(3));
            Assert.That(new TomtomComparer().Compare([], db), Is.Empty);
        }
    }

    [Test]
    public void Table_WritesTomtomColumns()
    {
        var queries = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/Motifs.meme"));
        var options = new TomtomOptions { MinOverlap = 5, ThresholdOn = SignificanceMeasure.EValue, Threshold = 0.5 };
        var matches = new TomtomComparer(options).Compare([queries[1]], TomtomFixtureTests.Jaspar2022);
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("out.csv");
        MotifMatchTable.Write(path, matches);
        var expected = File.ReadAllLines(SharedData.Path("parallel_tomtom/meme_result.csv"))
            .Select(l => string.Join(',', l.Split(',').Select(c => c.EndsWith(".0", StringComparison.Ordinal) ? c[..^2] : c)));
        Assert.That(File.ReadAllLines(path), Is.EqualTo(expected));
    }

    [Test]
    public void Compare_LogsStartAndEnd()
    {
        var db = SmallDatabase();
        var factory = new RecordingLoggerFactory();
        new TomtomComparer(new TomtomOptions()).Compare([db[0]], db, new ComputeContext { LoggerFactory = factory });
        Assert.That(factory.EventIds, Is.EqualTo(new[] { 2301, 2302 }));
    }
}

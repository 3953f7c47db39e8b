using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.MotifComparison;

/// <summary>Tomtom's q-value method, query selection by id and background, as options of <see cref="TomtomComparer"/>.</summary>
public sealed class TomtomOptionTests
{
    private static readonly TomtomOptions s_all = new() { MinOverlap = 5, Threshold = double.PositiveInfinity };

    [Test]
    public void StoreyQValues_AreBenjaminiHochbergTimesOnePi0PerQuery()
    {
        // JASPAR motifs against JASPAR: their relatives give many small p-values, so π₀ < 1 for some of them.
        var jaspar = TomtomFixtureTests.Jaspar2022;
        List<Motif> queries = [jaspar[3], jaspar[100], jaspar[400], jaspar[700]];
        var storey = new TomtomComparer(s_all).Compare(queries, jaspar);
        var bh = new TomtomComparer(s_all with { QValues = QValueMethod.BenjaminiHochberg }).Compare(queries, jaspar);
        Assert.That(storey.Select(m => (m.QueryId, m.TargetId, m.PValue)), Is.EqualTo(bh.Select(m => (m.QueryId, m.TargetId, m.PValue))));
        var pi0s = new List<double>();
        foreach (var query in queries)
        {
            // Where Benjamini–Hochberg is below its cap of 1, Storey's q-value is π₀ times it, one π₀ per query.
            var pairs = storey.Zip(bh).Where(p => p.First.QueryId == query.Id && p.Second.QValue < 0.9).ToList();
            Assert.That(pairs, Is.Not.Empty);
            var pi0 = pairs[0].First.QValue / pairs[0].Second.QValue;
            pi0s.Add(pi0);
            Assert.That(pairs.Select(p => p.First.QValue / p.Second.QValue), Is.All.EqualTo(pi0).Within(1e-12), query.Id);
            Assert.That(pi0, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
        }

        Assert.That(pi0s.Min(), Is.LessThan(0.99), "at least one query must estimate π₀ < 1 for this test to mean anything");
    }

    [Test]
    public void StoreyPi0_DependsOnlyOnTheQuerysPlaceInTheRun()
    {
        // tomtom's bootstrap draws continue from query to query: query i uses the i-th block of draws, whatever came before.
        var jaspar = TomtomFixtureTests.Jaspar2022;
        var first = new TomtomComparer(s_all).Compare([jaspar[5], jaspar[400]], jaspar).Where(m => m.QueryId == jaspar[400].Id).ToList();
        var second = new TomtomComparer(s_all with { MaxDegreeOfParallelism = 1 }).Compare([jaspar[600], jaspar[400]], jaspar).Where(m => m.QueryId == jaspar[400].Id).ToList();
        Assert.That(second.Select(m => m.QValue), Is.EqualTo(first.Select(m => m.QValue)));
    }

    [Test]
    public void FewerThan101Orientations_StoreyEqualsBenjaminiHochberg()
    {
        var random = new Random(8);
        var targets = TomtomEquivalenceTests.RandomMotifs(random, 50, "T", 5, 12); // 100 orientations: no estimate
        var queries = TomtomEquivalenceTests.RandomMotifs(random, 3, "Q", 6, 10);
        var options = new TomtomOptions { Threshold = double.PositiveInfinity };
        var storey = new TomtomComparer(options).Compare(queries, targets);
        var bh = new TomtomComparer(options with { QValues = QValueMethod.BenjaminiHochberg }).Compare(queries, targets);
        Assert.That(storey.Select(m => m.QValue), Is.EqualTo(bh.Select(m => m.QValue)));
    }

    [Test]
    public void QueryIds_SelectQueriesInTheirOwnOrder()
    {
        var random = new Random(4);
        var targets = TomtomEquivalenceTests.RandomMotifs(random, 30, "T", 5, 12);
        var queries = TomtomEquivalenceTests.RandomMotifs(random, 5, "Q", 6, 10);
        var options = new TomtomOptions { Threshold = double.PositiveInfinity, QValues = QValueMethod.BenjaminiHochberg };
        var selected = new TomtomComparer(options with { QueryIds = ["Q3", "Q1"] }).Compare(queries, targets);
        var direct = new TomtomComparer(options).Compare([queries[1], queries[3]], targets);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(selected.Select(m => m.QueryId).Distinct(), Is.EqualTo(new[] { "Q1", "Q3" }));
            Assert.That(selected, Is.EqualTo(direct));
        }
    }

    [Test]
    public void UnknownQueryId_ThrowsNamingIt()
    {
        var random = new Random(4);
        var targets = TomtomEquivalenceTests.RandomMotifs(random, 10, "T", 5, 12);
        var queries = TomtomEquivalenceTests.RandomMotifs(random, 2, "Q", 6, 10);
        var comparer = new TomtomComparer(new TomtomOptions { QueryIds = ["Q0", "nope"] });
        var error = Assert.Throws<MotifNotFoundException>(() => comparer.Compare(queries, targets));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.MotifId, Is.EqualTo("nope"));
            Assert.That(error.ParamName, Is.EqualTo(nameof(TomtomOptions.QueryIds)));
            Assert.That(error.Message, Does.Contain("'nope'"));
        }
    }

    [Test]
    public void BadOptions_AreRefusedByValidate()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new TomtomOptions { QueryIds = ["a", ""] }.Validate(), Throws.ArgumentException.With.Property("ParamName").EqualTo("QueryIds"));
            Assert.That(() => new TomtomOptions { QValues = (QValueMethod)7 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("QValues"));
        }
    }

    [Test]
    public void Background_EntersThroughThePseudocountOfQueriesAndTargets_StrandSymmetric()
    {
        // Tomtom's Pearson and Euclidean column scores use the background only through the pseudocount it applies, with the
        // strand-symmetric background, to every query and target on load; so comparing smoothed copies without a pseudocount
        // must give the same result.
        var random = new Random(12);
        var targets = TomtomEquivalenceTests.RandomMotifs(random, 40, "T", 5, 12);
        var queries = TomtomEquivalenceTests.RandomMotifs(random, 3, "Q", 6, 10);
        var background = new MotifBackground([0.35, 0.1, 0.2, 0.35]);
        var symmetric = background.Symmetrized();
        var options = new TomtomOptions { Threshold = double.PositiveInfinity, Background = background, Pseudocount = 2 };
        var withBackground = new TomtomComparer(options).Compare(queries, targets);
        var uniform = new TomtomComparer(options with { Background = null }).Compare(queries, targets);
        var presmoothed = new TomtomComparer(options with { Background = null, Pseudocount = 0 })
            .Compare([.. queries.Select(m => Smoothed(m, symmetric, 2))], [.. targets.Select(m => Smoothed(m, symmetric, 2))]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withBackground.Select(m => (m.TargetId, m.Offset, m.PValue, m.QValue)), Is.EqualTo(presmoothed.Select(m => (m.TargetId, m.Offset, m.PValue, m.QValue))));
            Assert.That(withBackground.Select(m => m.PValue), Is.Not.EqualTo(uniform.Select(m => m.PValue)), "a skewed background must change the scores");
        }
    }

    [Test]
    public void NoBackground_TakesTheQueryFilesBackground_AsTomtomDoes()
    {
        var random = new Random(13);
        var targets = TomtomEquivalenceTests.RandomMotifs(random, 30, "T", 5, 12);
        var queries = TomtomEquivalenceTests.RandomMotifs(random, 3, "Q", 6, 10);
        var background = new MotifBackground([0.35, 0.1, 0.2, 0.35]);
        var queryFile = new MotifSet(queries, background);
        var options = new TomtomOptions { Threshold = double.PositiveInfinity, Pseudocount = 2 };
        var fromFile = new TomtomComparer(options).Compare(queryFile, targets);
        var given = new TomtomComparer(options with { Background = background }).Compare(queries, targets);
        var uniform = new TomtomComparer(options).Compare(queries, targets);
        var overridden = new TomtomComparer(options with { Background = MotifBackground.Uniform }).Compare(queryFile, targets);
        var selected = new TomtomComparer(options with { QueryIds = [queries[1].Id] }).Compare(queryFile, targets);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromFile, Is.EqualTo(given), "a motif set lends its background");
            Assert.That(overridden, Is.EqualTo(uniform), "an explicit background wins");
            Assert.That(fromFile.Select(m => m.PValue), Is.Not.EqualTo(uniform.Select(m => m.PValue)));
            Assert.That(selected, Is.EqualTo(given.Where(m => m.QueryId == queries[1].Id)), "selecting queries keeps the file's background");
        }
    }

    private static Motif Smoothed(Motif motif, MotifBackground background, double pseudocount)
    {
        var width = motif.Width;
        var values = TomtomComparer.Smooth(motif.Probabilities, motif.Sites, background, pseudocount);
        var matrix = new double[4, width];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                matrix[a, w] = values[(a * width) + w];
            }
        }

        return new Motif(motif.Id, new PositionProbabilityMatrix(matrix)) { Sites = motif.Sites };
    }
}

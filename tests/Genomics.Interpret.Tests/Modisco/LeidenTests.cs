using Genomics.Interpret.Modisco;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Modisco;

[TestFixture]
public sealed class LeidenTests
{
    // Three 5-cliques joined in a ring by single light edges.
    private static WeightedGraph Cliques()
    {
        var g = new WeightedGraph(15);
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < 5; i++)
            {
                for (var j = i + 1; j < 5; j++)
                {
                    g.AddEdge(c * 5 + i, c * 5 + j, 1);
                }
            }

            g.AddEdge(c * 5, ((c + 1) % 3) * 5 + 1, 0.1);
        }

        return g;
    }

    [Test]
    public void FindsTheCliques()
    {
        var partition = Leiden.FindPartition(Cliques(), runs: 3, seed: 5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(partition.CommunityCount, Is.EqualTo(3));
            for (var c = 0; c < 3; c++)
            {
                Assert.That(partition.Membership.Skip(c * 5).Take(5).Distinct().Count(), Is.EqualTo(1));
            }

            Assert.That(partition.Quality, Is.EqualTo(Leiden.Modularity(Cliques(), partition.Membership)).Within(1e-12));
        }
    }

    [Test]
    public void ModularityMatchesHandComputation()
    {
        // Two disjoint edges, each its own community: Q = 2 · (1/2 − (2·2)/(2·4)... ) computed by the definition.
        var g = new WeightedGraph(4);
        g.AddEdge(0, 1, 1);
        g.AddEdge(2, 3, 1);
        // m = 2; each community: inside 2 (both directions), Σk = 2 → (2 − 4/4) / 4 = 0.25 each.
        Assert.That(Leiden.Modularity(g, [0, 0, 1, 1]), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(Leiden.Modularity(g, [0, 0, 0, 0]), Is.EqualTo(0).Within(1e-12));
    }

    [Test]
    public void SameSeedSamePartitionAndBestOfRunsIsNoWorse()
    {
        var g = Cliques();
        var a = Leiden.FindPartition(g, runs: 1, seed: 9);
        var b = Leiden.FindPartition(g, runs: 1, seed: 9);
        var many = Leiden.FindPartition(g, runs: 5, seed: 9);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Membership, Is.EqualTo(a.Membership));
            Assert.That(many.Quality, Is.GreaterThanOrEqualTo(a.Quality - 1e-12));
            Assert.That(() => g.AddEdge(0, 99, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("b"));
            Assert.That(() => g.AddEdge(0, 1, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("weight"));
        }
    }

    [Test]
    public void PerplexityRowHasTheRequestedEntropy()
    {
        double[] d = [0.1, 0.5, 1, 2, 3, 4, 5, 6];
        var (beta, norm) = Genomics.Interpret.Modisco.SeqletClusterer.Perplexity(d, 4, plusOne: false);
        var p = d.Select(x => Math.Exp(-beta * x) / norm).ToArray();
        var entropy = -p.Where(x => x > 0).Sum(x => x * Math.Log(x));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.Sum(), Is.EqualTo(1).Within(1e-9));
            Assert.That(Math.Exp(entropy), Is.EqualTo(4).Within(1e-3));
            Assert.That(p, Is.Ordered.Descending);
        }
    }
}

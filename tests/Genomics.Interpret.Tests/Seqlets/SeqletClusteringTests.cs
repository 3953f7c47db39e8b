using Genomics.Interpret.Seqlets;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Seqlets;

[TestFixture]
public sealed class SeqletClusteringTests
{
    private static readonly string[] s_patterns = ["GATTACA", "CCGCGG", "TATAAAT"];

    // 25 noisy copies of each of three patterns, random widths of flank, half reverse-complemented.
    private static (List<double[,]> Matrices, List<int> Labels) Synthetic(int perPattern = 25, int seed = 4)
    {
        var random = new Random(seed);
        var matrices = new List<double[,]>();
        var labels = new List<int>();
        for (var k = 0; k < s_patterns.Length; k++)
        {
            for (var copy = 0; copy < perPattern; copy++)
            {
                var left = random.Next(3);
                var right = random.Next(3);
                var w = left + s_patterns[k].Length + right;
                var m = new double[4, w];
                for (var c = 0; c < w; c++)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        m[b, c] = (random.NextDouble() - 0.5) * 0.3;
                    }

                    if (c >= left && c < left + s_patterns[k].Length)
                    {
                        m["ACGT".IndexOf(s_patterns[k][c - left], StringComparison.Ordinal), c] += 2;
                    }
                }

                matrices.Add(random.Next(2) == 0 ? m : Rc(m));
                labels.Add(k);
            }
        }

        return (matrices, labels);
    }

    private static double[,] Rc(double[,] m)
    {
        var w = m.GetLength(1);
        var r = new double[4, w];
        for (var b = 0; b < 4; b++)
        {
            for (var c = 0; c < w; c++)
            {
                r[b, c] = m[3 - b, w - 1 - c];
            }
        }

        return r;
    }

    // Distinct 6–7-mers that share letters still correlate at p < 0.05 at their best offset and strand (the p-value
    // is not corrected for the choice of offset), so these synthetic groups are separated at a stricter threshold.
    private static readonly SeqletClusteringOptions s_strict = new() { DistanceThreshold = 1e-4 };

    [Test]
    public void RecoversThePlantedGroups()
    {
        var (matrices, labels) = Synthetic();
        var clusters = SeqletClustering.Cluster(matrices, s_strict);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(clusters, Has.Count.EqualTo(3));
            foreach (var cluster in clusters)
            {
                Assert.That(cluster.Members.Select(i => labels[i]).Distinct().Count(), Is.EqualTo(1), "pure cluster");
                Assert.That(cluster.Members, Has.Count.GreaterThanOrEqualTo(20));
                var k = labels[cluster.Members[0]];
                var consensus = new string([.. Enumerable.Range(0, cluster.Matrix.GetLength(1)).Select(c => "ACGT"[Enumerable.Range(0, 4).MaxBy(b => cluster.Matrix[b, c])])]);
                var rc = new string([.. consensus.Reverse().Select(ch => "TGCA"["ACGT".IndexOf(ch, StringComparison.Ordinal)])]);
                Assert.That(consensus.Contains(s_patterns[k], StringComparison.Ordinal) || rc.Contains(s_patterns[k], StringComparison.Ordinal), Is.True, $"{consensus} holds {s_patterns[k]}");
            }
        }
    }

    [Test]
    public void SubsetAndAssignKeepsTheGroups()
    {
        var (matrices, labels) = Synthetic(perPattern: 12);
        var clusters = SeqletClustering.Cluster(matrices, s_strict with { MaxClustered = 20, MinMembers = 5 });
        Assert.That(clusters.All(c => c.Members.Select(i => labels[i]).Distinct().Count() == 1), Is.True);
        Assert.That(clusters.Sum(c => c.Members.Count), Is.GreaterThan(20), "seqlets outside the subset were assigned");
    }

    [Test]
    public void AlignmentFindsOffsetAndStrand()
    {
        var (matrices, _) = Synthetic(perPattern: 1);
        var m = matrices[0];
        var shifted = new double[4, m.GetLength(1) + 2];
        for (var b = 0; b < 4; b++)
        {
            shifted[b, 0] = 0.25;
            shifted[b, 1] = 0.25;
            for (var c = 0; c < m.GetLength(1); c++)
            {
                shifted[b, c + 2] = m[b, c];
            }
        }

        var a = SeqletClustering.Align(shifted, Rc(m));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Correlation, Is.EqualTo(1).Within(1e-9));
            Assert.That(a.Reverse, Is.True);
            Assert.That(a.Offset, Is.EqualTo(2));
            Assert.That(a.PValue, Is.EqualTo(0));
        }
    }

    [Test]
    public void PValueMatchesStudentT()
    {
        // r = 0.5, n = 12: t = 0.5·sqrt(10)/sqrt(0.75) = 1.825742; two-sided p with 11 df = 0.0951323301586382
        // (Debian python3-scipy: 2 * scipy.stats.t.sf(1.825741858350554, 11)).
        Assert.That(SeqletClustering.PValue(0.5, 12), Is.EqualTo(0.0951323301586382).Within(1e-12));
        Assert.That(SeqletClustering.PValue(0, 12), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void SimilarClusterMotifsAreGrouped()
    {
        var (matrices, _) = Synthetic();
        var clusters = SeqletClustering.Cluster(matrices, s_strict).ToList();
        // A copy of the first cluster's matrix, slightly perturbed, must join it; the three planted motifs stay apart.
        var copy = (double[,])clusters[0].Matrix.Clone();
        copy[0, 0] += 0.05;
        clusters.Add(clusters[0] with { Matrix = copy });
        var groups = SeqletClustering.GroupSimilarClusters(clusters);
        Assert.That(groups.Select(g => g.ToArray()), Is.EqualTo(new[] { new[] { 0, 3 }, new[] { 1 }, new[] { 2 } }));
    }

    [Test]
    public void CompleteLinkageUsesTheLargestPairwiseDistance()
    {
        // 0–1 close, 1–2 close, 0–2 far: complete linkage must not chain them.
        double[,] d = { { 0, 0.01, 0.9 }, { 0.01, 0, 0.02 }, { 0.9, 0.02, 0 } };
        var clusters = SeqletClustering.CompleteLinkage(d, 0.05);
        Assert.That(clusters.Select(c => c.ToArray()), Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 2 } }));
    }
}

[TestFixture]
public sealed class SeqletClusterNamingTests
{
    [Test]
    public void ToProbabilitiesStripsUninformativeFlanks()
    {
        // Flat flanks, a strong G then a strong A in the middle.
        var m = new double[4, 6];
        m[2, 2] = 3;
        m[0, 3] = 3;
        var ppm = SeqletClusterNaming.ToProbabilities(m);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ppm.Width, Is.EqualTo(2));
            Assert.That(ppm.Consensus(), Is.EqualTo("GA"));
            Assert.That(Enumerable.Range(0, 4).Sum(b => ppm[b, 0]), Is.EqualTo(1).Within(1e-9));
        }
    }

    [Test]
    public void ClustersAreNamedByTheirPlantedMotif()
    {
        string[] patterns = ["GATTACAGG", "CCGCGGTTA"];
        var random = new Random(8);
        var matrices = new List<double[,]>();
        foreach (var pattern in patterns)
        {
            for (var copy = 0; copy < 20; copy++)
            {
                var m = new double[4, pattern.Length + 2];
                for (var c = 0; c < m.GetLength(1); c++)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        m[b, c] = (random.NextDouble() - 0.5) * 0.3;
                    }

                    if (c >= 1 && c <= pattern.Length)
                    {
                        m["ACGT".IndexOf(pattern[c - 1], StringComparison.Ordinal), c] += 2;
                    }
                }

                matrices.Add(m);
            }
        }

        var clusters = SeqletClustering.Cluster(matrices, new SeqletClusteringOptions { DistanceThreshold = 1e-4 });
        var database = new List<Genomics.Interpret.Motifs.Motif>
        {
            new("T1", Genomics.Interpret.Motifs.PositionProbabilityMatrix.FromConsensus("GATTACAGG"), "TF_ONE"),
            new("T2", Genomics.Interpret.Motifs.PositionProbabilityMatrix.FromConsensus("CCGCGGTTA"), "TF_TWO"),
            new("T3", Genomics.Interpret.Motifs.PositionProbabilityMatrix.FromConsensus("TTTTTTTTT"), "TF_POLY_T"),
            new("T4", Genomics.Interpret.Motifs.PositionProbabilityMatrix.FromConsensus("ACACACACA"), "TF_AC"),
        };
        var named = SeqletClusterNaming.Name(clusters, database);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(named, Has.Count.EqualTo(2));
            Assert.That(named.Select(n => n.Matches.Count > 0 ? n.Matches[0].TargetName : null).Order(), Is.EqualTo(new[] { "TF_ONE", "TF_TWO" }));
            Assert.That(named.All(n => n.Matches.All(m => m.QValue < 0.05) && n.Matches.Count <= 4), Is.True);
        }
    }
}

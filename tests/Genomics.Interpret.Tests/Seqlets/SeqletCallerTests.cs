using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Seqlets;

[TestFixture]
public sealed class WindowedSeqletCallerTests
{
    // 40 × 100 positions of small noise; +1 over [50, 60) in examples 0–19, −1 over [30, 40) in examples 20–29.
    private static double[,] PlantedTrack(int seed = 7)
    {
        var random = new Random(seed);
        var track = new double[40, 100];
        for (var i = 0; i < 40; i++)
        {
            for (var j = 0; j < 100; j++)
            {
                track[i, j] = (random.NextDouble() - 0.5) * 0.1;
            }

            for (var j = 0; j < 10; j++)
            {
                if (i < 20)
                {
                    track[i, 50 + j] += 1;
                }
                else if (i < 30)
                {
                    track[i, 30 + j] -= 1;
                }
            }
        }

        return track;
    }

    [Test]
    public void FindsEachPlantedPeakOnceWithItsSign()
    {
        var result = WindowedSeqletCaller.Call(PlantedTrack());
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < 30; i++)
            {
                var mine = result.Seqlets.Where(s => s.Example == i).ToList();
                var (plantStart, sign) = i < 20 ? (50, 1) : (30, -1);
                var hits = mine.Where(s => s.Start + 10 < plantStart + 10 && plantStart < s.End - 10).ToList();
                Assert.That(hits, Has.Count.EqualTo(1), $"example {i}");
                Assert.That(Math.Sign(hits[0].Score), Is.EqualTo(sign), $"example {i}");
                Assert.That(hits[0].Score * sign, Is.GreaterThan(9), "core window covers the whole peak");
            }

            Assert.That(result.Seqlets.Where(s => s.Example >= 30), Is.Empty, "no seqlets in pure noise");
            Assert.That(result.Seqlets.All(s => s.Length == 41 && s.Start >= 0 && s.End <= 100 && s.Strand == Strand.Forward), Is.True);
            Assert.That(result.PositiveThreshold, Is.GreaterThan(0));
            Assert.That(result.NegativeThreshold, Is.LessThan(0));
        }
    }

    [Test]
    public void PassingFractionIsClampedToTheMaximum()
    {
        // Most windows carry a planted peak, so the isotonic threshold would pass > 20 % of windows.
        var track = PlantedTrack();
        var result = WindowedSeqletCaller.Call(track);
        var sums = WindowedSeqletCaller.WindowSums(track, 21);
        var passing = sums.Cast<double>().Count(v => v >= result.PositiveThreshold || v <= result.NegativeThreshold) / (double)sums.Length;
        Assert.That(passing, Is.LessThanOrEqualTo(0.2 + 1.0 / sums.Length));
    }

    [Test]
    public void SameSeedSameSeqlets()
    {
        var a = WindowedSeqletCaller.Call(PlantedTrack());
        var b = WindowedSeqletCaller.Call(PlantedTrack());
        Assert.That(b.Seqlets, Is.EqualTo(a.Seqlets));
    }

    [Test]
    public void SuppressionKeepsSeqletCentresApart()
    {
        var result = WindowedSeqletCaller.Call(PlantedTrack(), new WindowedSeqletOptions { MaxPassingFraction = 1, MinPassingFraction = 0.5 });
        foreach (var group in result.Seqlets.GroupBy(s => s.Example))
        {
            var starts = group.Select(s => s.Start).OrderBy(s => s).ToArray();
            for (var k = 1; k < starts.Length; k++)
            {
                Assert.That(starts[k] - starts[k - 1], Is.GreaterThanOrEqualTo(20));
            }
        }
    }

    [Test]
    public void InvalidInputsThrowNamingTheArgument()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => WindowedSeqletCaller.Call(new double[2, 30]), Throws.ArgumentException.With.Property("ParamName").EqualTo("contributions"));
            Assert.That(() => WindowedSeqletCaller.Call(new double[,] { { double.NaN } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("contributions"));
            Assert.That(() => WindowedSeqletCaller.Call(new double[2, 60], new WindowedSeqletOptions { TargetFdr = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("TargetFdr"));
        }
    }

    [Test]
    public void IsotonicRegressionPoolsViolatorsAndTies()
    {
        var increasing = new IsotonicRegression([1, 2, 3, 3], [1, 0, 1, 0], [1, 1, 1, 1], increasing: true);
        var decreasing = new IsotonicRegression([1, 2, 3], [0, 1, 0], [1, 1, 2], increasing: false);
        using (Assert.EnterMultipleScope())
        {
            // Ties at x = 3 pool to 0.5; then (1, 0) violate and pool to 0.5 as well.
            Assert.That(increasing.Predict(1), Is.EqualTo(0.5).Within(1e-12));
            Assert.That(increasing.Predict(3), Is.EqualTo(0.5).Within(1e-12));
            Assert.That(decreasing.Predict(1), Is.EqualTo(0.5).Within(1e-12));
            Assert.That(decreasing.Predict(3), Is.EqualTo(0).Within(1e-12));
            Assert.That(decreasing.Predict(10), Is.EqualTo(0).Within(1e-12), "clipped beyond the data");
            Assert.That(decreasing.LowEndX, Is.EqualTo(3));
        }
    }
}

[TestFixture]
public sealed class RecursiveSeqletCallerTests
{
    [Test]
    public void CallsThePlantedRunAndNothingInNoise()
    {
        var random = new Random(3);
        var track = new double[10, 80];
        for (var i = 0; i < 10; i++)
        {
            for (var j = 0; j < 80; j++)
            {
                track[i, j] = random.NextDouble() * 0.2 - 0.1;
            }
        }

        for (var j = 40; j < 48; j++)
        {
            track[2, j] = 1;
        }

        var seqlets = RecursiveSeqletCaller.Call(track, new RecursiveSeqletOptions { Bins = 200, MaxLength = 12 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seqlets.Select(s => s.Example).Distinct(), Is.EqualTo(new[] { 2 }));
            var best = seqlets.OrderByDescending(s => s.Length).First();
            Assert.That(best.Start, Is.LessThanOrEqualTo(41));
            Assert.That(best.End, Is.GreaterThanOrEqualTo(47));
            Assert.That(best.Score, Is.GreaterThan(6));
            Assert.That(seqlets.Where(s => s.Example == 2).SelectMany(s => Enumerable.Range(s.Start, s.Length)).GroupBy(p => p).All(g => g.Count() == 1), Is.True, "no overlap");
        }
    }

    // Noise with planted bumps; `levels` > 0 rounds the scores to that many steps per unit so that sums tie often.
    private static double[,] RandomTrack(int seed, int n, int l, int levels)
    {
        var random = new Random(seed);
        var track = new double[n, l];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < l; j++)
            {
                track[i, j] = (random.NextDouble() - 0.5) * 0.2;
            }

            for (var b = random.Next(0, 4); b > 0; b--)
            {
                var start = random.Next(0, l);
                var end = Math.Min(l, start + random.Next(1, 20));
                var height = (random.NextDouble() * 0.6) + 0.1;
                for (var j = start; j < end; j++)
                {
                    track[i, j] += height;
                }
            }

            for (var j = 0; j < l && levels > 0; j++)
            {
                track[i, j] = Math.Round(track[i, j] * levels) / levels;
            }
        }

        return track;
    }

    [TestCase(1, 30, 200, 0, 0.01, 4, 25, 0, 1000)]
    [TestCase(2, 20, 150, 0, 0.05, 1, 12, 2, 100)]
    [TestCase(3, 10, 80, 10, 0.05, 3, 30, 1, 50)]       // Coarse scores: many tied p-values.
    [TestCase(4, 5, 40, 4, 0.2, 2, 200, 0, 10)]         // Max length beyond the sequence, few bins.
    [TestCase(5, 25, 120, 0, 0.001, 6, 18, 3, 3000)]
    [TestCase(6, 8, 60, 0, 0.1, 1, 1, 0, 997)]          // Single positions only.
    [TestCase(7, 12, 300, 0, 0.02, 5, 40, 0, 777)]
    public void Call_EqualsTheReferenceImplementation(int seed, int n, int l, int levels, double threshold, int minLength, int maxLength, int flank, int bins)
    {
        var track = RandomTrack(seed, n, l, levels);
        var options = new RecursiveSeqletOptions { Threshold = threshold, MinLength = minLength, MaxLength = maxLength, AdditionalFlank = flank, Bins = bins };
        var expected = RecursiveSeqletReference.Call(track, options);
        var actual = RecursiveSeqletCaller.Call(track, options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(expected, Is.Not.Empty);
        }
    }

    [Test]
    public void Call_OnAConstantTrack_EqualsTheReference()
    {
        var track = new double[3, 20];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 20; j++)
            {
                track[i, j] = 0.5;
            }
        }

        var options = new RecursiveSeqletOptions { Threshold = 0.5, MinLength = 2, MaxLength = 6, Bins = 10 };
        Assert.That(RecursiveSeqletCaller.Call(track, options), Is.EqualTo(RecursiveSeqletReference.Call(track, options)));
    }

    [Test]
    public void Call_RejectsBadInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => RecursiveSeqletCaller.Call(null!), Throws.ArgumentNullException);
            Assert.That(() => RecursiveSeqletCaller.Call(new double[0, 10]), Throws.ArgumentException);
            Assert.That(() => RecursiveSeqletCaller.Call(new double[2, 3]), Throws.ArgumentException);
            Assert.That(() => RecursiveSeqletCaller.Call(new double[2, 30], new RecursiveSeqletOptions { Bins = 5 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => RecursiveSeqletCaller.Call(new double[2, 30], new RecursiveSeqletOptions { Threshold = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => RecursiveSeqletCaller.Call(new double[,] { { 0, 1, double.NaN, 0, 0 } }), Throws.ArgumentException);
        }
    }
}

[TestFixture]
public sealed class ZScoreSeqletCallerTests
{
    [Test]
    public void ScanToleratesOneGapAndNeedsFourSignificantPositions()
    {
        double[] r = [0, 3, 3, 0, 3, 3, 0, 0, 3, 3, 3, 0, 0, -3, -3, -3, -3, 0];
        var runs = ZScoreSeqletCaller.Scan(r);
        Assert.That(runs, Is.EqualTo(new[] { (1, 6, 1), (13, 17, -1) }));
    }

    [Test]
    public void ScanDoesNotCountAStrongNeighbourhoodAsGap()
    {
        // Position 3 fails (1.5) but the mean over ±1 is (4 + 1.5 + 4) / 3 > 1.96; positions 3 and 7 are two gaps then.
        double[] r = [0, 3, 4, 1.5, 4, 3, 0, 0, 3];
        Assert.That(ZScoreSeqletCaller.Scan(r), Is.EqualTo(new[] { (1, 6, 1) }));
        // Without gaps the ±0 neighbourhood is the position itself, so the run splits into two runs of 2.
        Assert.That(ZScoreSeqletCaller.Scan(r, new ZScoreSeqletOptions { MaxGap = 0 }), Is.Empty);
        Assert.That(ZScoreSeqletCaller.Scan(r, new ZScoreSeqletOptions { MinSize = 5 }), Is.Empty);
    }

    [Test]
    public void PairedAllelesGetEffectsAndCommonFlags()
    {
        const int L = 30;
        var a1 = new float[1, 4, L];
        var a2 = new float[1, 4, L];
        var x = new float[1, 4, L];
        for (var j = 0; j < L; j++)
        {
            x[0, j % 4, j] = 1;
            a1[0, j % 4, j] = 0.1f;
            a2[0, j % 4, j] = 0.1f;
        }

        // Allele 1: a motif at [5, 10); allele 2: a shared motif at [5, 10) and its own at [20, 25).
        for (var j = 5; j < 10; j++)
        {
            a1[0, j % 4, j] = 5;
            a2[0, j % 4, j] = 4;
        }

        for (var j = 20; j < 25; j++)
        {
            a2[0, j % 4, j] = -5;
        }

        var seqlets = ZScoreSeqletCaller.Call(a1, x, a2, x);
        var first = seqlets.Single(s => s.Allele == 0);
        var unique = seqlets.Single(s => s.Allele == 1 && s.Seqlet.Start == 20);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seqlets, Has.Count.EqualTo(3));
            Assert.That((first.Seqlet.Start, first.Seqlet.End, first.Common), Is.EqualTo((5, 10, true)));
            Assert.That(first.MeanEffect, Is.EqualTo(5).Within(1e-6));
            Assert.That(first.OtherMeanEffect, Is.EqualTo(4).Within(1e-6));
            Assert.That(first.DeltaMeanEffect, Is.EqualTo(1).Within(1e-6));
            Assert.That((unique.Common, unique.Sign, unique.MaxEffect), Is.EqualTo((false, -1, -5.0)));
            Assert.That(unique.Matrix[(20 % 4), 0], Is.GreaterThan(0), "matrix oriented by the sign of the mean effect");
            Assert.That(unique.Name("neg"), Is.EqualTo("seq_idx_0_neg_20-25_B_unique"));
        }

        var negated = ZScoreSeqletCaller.Call(a1, x, a2, x, new ZScoreSeqletOptions { NegateSecondAllele = true });
        Assert.That(negated.Single(s => s.Allele == 1 && s.Seqlet.Start == 20).Sign, Is.EqualTo(1));
    }

    [Test]
    public void MismatchedShapesThrow()
    {
        Assert.That(() => ZScoreSeqletCaller.Call(new float[1, 4, 10], new float[1, 4, 11], new float[1, 4, 10], new float[1, 4, 10]),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("firstOneHot"));
    }
}

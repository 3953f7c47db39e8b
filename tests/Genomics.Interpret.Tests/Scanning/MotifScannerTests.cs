using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Scanning;

public sealed class MotifScannerTests
{
    private static readonly MotifBackground s_background = new([0.3, 0.2, 0.2, 0.3]);

    private static Motif RandomMotif(int width, int seed)
    {
        var random = new Random(seed);
        var counts = new double[4, width];
        for (var w = 0; w < width; w++)
        {
            for (var a = 0; a < 4; a++)
            {
                counts[a, w] = Math.Pow(random.NextDouble(), 2);
            }
        }

        return new Motif($"m{seed}", PositionProbabilityMatrix.FromCounts(counts, 0.01)) { Sites = 10 };
    }

    private static IEnumerable<string> AllSites(int width)
    {
        var total = 1 << (2 * width);
        for (var code = 0; code < total; code++)
        {
            var chars = new char[width];
            for (var w = 0; w < width; w++)
            {
                chars[w] = "ACGT"[(code >> (2 * w)) & 3];
            }

            yield return new string(chars);
        }
    }

    private static double Probability(string site) => site.Aggregate(1.0, (p, c) => p * s_background["ACGT".IndexOf(c, StringComparison.Ordinal)]);

    [TestCase(1, 1)]
    [TestCase(3, 2)]
    [TestCase(4, 3)]
    [TestCase(5, 4)]
    public void PValues_EqualBruteForceEnumeration(int width, int seed)
    {
        var scanner = new MotifScanner(RandomMotif(width, seed), new MotifScanOptions { Background = s_background });
        var sites = AllSites(width).ToList();
        int Integer(string site) => Enumerable.Range(0, width).Sum(w => scanner.IntegerScore("ACGT".IndexOf(site[w], StringComparison.Ordinal), w));
        var integerScores = sites.ToDictionary(s => s, Integer);
        var raw = sites.ToDictionary(s => s, s => scanner.WeightMatrix.Score(s)!.Value);
        using (Assert.EnterMultipleScope())
        {
            foreach (var site in sites)
            {
                var exact = sites.Where(o => integerScores[o] >= integerScores[site]).Sum(Probability);
                Assert.That(scanner.PValue(site), Is.EqualTo(exact).Within(1e-12), site);

                // Against the unrounded scores the integerisation error stays within a few steps.
                var rawExact = sites.Where(o => raw[o] >= raw[site] - 1e-12).Sum(Probability);
                var looser = sites.Where(o => raw[o] >= raw[site] - (width / scanner.Scale)).Sum(Probability);
                var stricter = sites.Where(o => raw[o] >= raw[site] + (width / scanner.Scale)).Sum(Probability);
                Assert.That(scanner.PValue(site)!.Value, Is.InRange(stricter - 1e-12, looser + 1e-12), site);
                Assert.That(rawExact, Is.InRange(stricter - 1e-12, looser + 1e-12), site);
            }
        }
    }

    [Test]
    public void Hits_EqualANaiveScanOfBothStrands()
    {
        var motif = RandomMotif(6, 9);
        var options = new MotifScanOptions { Background = s_background, PValueThreshold = 0.01 };
        var scanner = new MotifScanner(motif, options);
        var random = new Random(2);
        var sequences = Enumerable.Range(0, 5).Select(_ => new string(Enumerable.Range(0, 90).Select(_ => "ACGTN"[random.Next(random.NextDouble() < 0.02 ? 5 : 4)]).ToArray())).ToList();
        var hits = scanner.Scan(sequences);
        var expected = new List<(int, int, Strand, string)>();
        for (var s = 0; s < sequences.Count; s++)
        {
            for (var start = 0; start + 6 <= sequences[s].Length; start++)
            {
                var forward = sequences[s].Substring(start, 6);
                if (forward.Contains('N', StringComparison.Ordinal))
                {
                    continue;
                }

                var reverse = Genomics.Models.Encoding.Alphabet.Dna.ReverseComplement(forward);
                if (scanner.PValue(forward) <= 0.01)
                {
                    expected.Add((s, start, Strand.Forward, forward));
                }

                if (scanner.PValue(reverse) <= 0.01)
                {
                    expected.Add((s, start, Strand.Reverse, reverse));
                }
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits.Select(h => (h.SequenceIndex, h.Start, h.Strand, h.Site)), Is.EqualTo(expected));
            Assert.That(hits.All(h => Math.Abs(h.Score - scanner.WeightMatrix.Score(h.Site)!.Value) < 1e-9), Is.True);
            Assert.That(hits.All(h => h.End == h.Start + 6 && h.QValue is null), Is.True);
            Assert.That(expected, Is.Not.Empty);
        }
    }

    [Test]
    public void ForwardOnly_AndOneHotInput_AgreeWithStrings()
    {
        var motif = RandomMotif(5, 11);
        var sequences = new[] { "ACGTTGCAACGTAGGCTTAGCATGCNNACGTACGATCG", "TTTTTGGGGGCCCCCAAAAAACGTACGTAGCTAGCTAG" };
        var options = new MotifScanOptions { PValueThreshold = 0.05 };
        var fromStrings = new MotifScanner(motif, options).Scan(sequences);
        var length = sequences[0].Length;
        var oneHot = new float[2 * 4 * length];
        for (var s = 0; s < 2; s++)
        {
            for (var i = 0; i < length; i++)
            {
                var a = "ACGT".IndexOf(sequences[s][i], StringComparison.Ordinal);
                if (a >= 0)
                {
                    oneHot[(s * 4 * length) + (a * length) + i] = 1;
                }
            }
        }

        var fromOneHot = new MotifScanner(motif, options).ScanOneHot(oneHot, 2, length);
        var forwardOnly = new MotifScanner(motif, options with { BothStrands = false }).Scan(sequences);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromOneHot, Is.EqualTo(fromStrings));
            Assert.That(forwardOnly, Is.EqualTo(fromStrings.Where(h => h.Strand == Strand.Forward)));
            Assert.That(() => new MotifScanner(motif).ScanOneHot(oneHot, 2, length + 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot"));
        }
    }

    [Test]
    public void QValues_AreBenjaminiHochbergOverAllWindows()
    {
        var motif = RandomMotif(4, 5);
        var sequence = "ACGTACGGTACCATGACTGACTGGGATCAGTCAGCTAGCTAGCATCGACTAGC";
        var all = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 1, ComputeQValues = true }).Scan(sequence);
        var m = all.Count;
        var sorted = all.Select(h => h.PValue).OrderBy(p => p).ToArray();
        var filtered = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 0.2, QValueThreshold = 0.9 }).Scan(sequence);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m, Is.EqualTo(2 * (sequence.Length - 3)));
            foreach (var hit in all)
            {
                var expected = Enumerable.Range(0, m).Where(r => sorted[r] >= hit.PValue).Min(r => Math.Min(1, sorted[r] * m / (r + 1)));
                Assert.That(hit.QValue, Is.EqualTo(expected).Within(1e-12));
            }

            Assert.That(filtered.Select(h => (h.Start, h.Strand)), Is.EqualTo(all.Where(h => h.PValue <= 0.2 && h.QValue <= 0.9).Select(h => (h.Start, h.Strand))));
        }
    }

    [Test]
    public void ConsensusSite_HasTheSmallestPValue()
    {
        var motif = MemeMotifFormat.Read(SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme")).Find("MA0139.1");
        var scanner = new MotifScanner(motif!);
        var consensus = motif!.Probabilities.Consensus();
        var hits = scanner.Scan("TTTTTTTTTT" + consensus + "TTTTTTTTTT");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits.Any(h => h.Start == 10 && h.Strand == Strand.Forward), Is.True);
            Assert.That(scanner.PValue(consensus), Is.LessThan(1e-7));
            Assert.That(scanner.PValue(consensus), Is.EqualTo(Math.Pow(0.25, consensus.Length)).Within(1e-15).Or.GreaterThan(Math.Pow(0.25, consensus.Length)));
        }
    }

    [Test]
    public void InvalidArguments_Throw()
    {
        var motif = RandomMotif(4, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new MotifScanner((Motif)null!), Throws.ArgumentNullException);
            Assert.That(() => new MotifScanner(motif).Scan((string)null!), Throws.ArgumentNullException);
            Assert.That(() => new MotifScanner(motif).PValue("ACG"), Throws.ArgumentException);
            Assert.That(new MotifScanner(motif).PValue("ACNT"), Is.Null);
            Assert.That(() => new MotifScanOptions { PValueThreshold = 2 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MotifScanOptions { ScoreRange = 1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.That(() => new MotifScanner(motif).Scan(["ACGTACGT"], cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }
}

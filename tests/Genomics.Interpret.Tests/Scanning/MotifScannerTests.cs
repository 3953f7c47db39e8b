using Genomics.Interpret.MotifComparison;
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

    /// <summary>Every window scored letter by letter from <see cref="MotifScanner.PValue"/>: the hits the scanner must report.</summary>
    private static List<(int Sequence, int Start, Strand Strand, double P, string Site)> ReferenceHits(MotifScanner scanner, IReadOnlyList<string> sequences, double threshold, bool bothStrands)
    {
        var width = scanner.WeightMatrix.Width;
        var expected = new List<(int, int, Strand, double, string)>();
        for (var s = 0; s < sequences.Count; s++)
        {
            for (var start = 0; start + width <= sequences[s].Length; start++)
            {
                var forward = sequences[s].Substring(start, width).ToUpperInvariant().Replace('U', 'T');
                if (scanner.PValue(forward) is not { } p)
                {
                    continue;
                }

                if (p <= threshold)
                {
                    expected.Add((s, start, Strand.Forward, p, forward));
                }

                var reverse = Genomics.Models.Encoding.Alphabet.Dna.ReverseComplement(forward);
                var pr = scanner.PValue(reverse)!.Value;
                if (bothStrands && pr <= threshold)
                {
                    expected.Add((s, start, Strand.Reverse, pr, reverse));
                }
            }
        }

        return expected;
    }

    private static List<string> RandomSequences(Random random, int count, double blocked)
    {
        const string Letters = "ACGTacgtUu";
        return Enumerable.Range(0, count).Select(i =>
        {
            // Lengths around the vector block sizes, shorter than a motif, and long ones.
            var length = i % 4 == 0 ? random.Next(0, 40) : random.Next(40, 400);
            return new string(Enumerable.Range(0, length).Select(_ => random.NextDouble() < blocked ? "NnX-"[random.Next(4)] : Letters[random.Next(Letters.Length)]).ToArray());
        }).ToList();
    }

    [TestCase(1, 0.3, 100, true)]
    [TestCase(4, 0.01, 100, true)]
    [TestCase(6, 1e-3, 100, false)]
    [TestCase(9, 1e-3, 100, true)]
    [TestCase(15, 1e-4, 100, true)]
    [TestCase(21, 1e-4, 100, true)]
    [TestCase(30, 1e-5, 100, true)]
    [TestCase(8, 1e-3, 1000, true)]
    [TestCase(8, 1e-3, 50_000, true)]   // Window totals beyond a short: scored one window at a time.
    [TestCase(12, 1e-4, 20_000, false)]
    [TestCase(5, 1, 100, true)]          // Every window is a hit.
    [TestCase(5, 0, 100, true)]          // Only windows scoring above the maximum (none).
    public void Hits_EqualAReferenceScanOfRandomMotifsAndSequences(int width, double threshold, int scoreRange, bool bothStrands)
    {
        var random = new Random((width * 1000) + scoreRange);
        var motif = RandomMotif(width, width + scoreRange);
        var options = new MotifScanOptions { Background = s_background, PValueThreshold = threshold, ScoreRange = scoreRange, BothStrands = bothStrands };
        var scanner = new MotifScanner(motif, options);
        var sequences = RandomSequences(random, 40, 0.01);

        // A planted consensus site on both strands so that strict thresholds still have hits.
        var consensus = motif.Probabilities.Consensus();
        sequences.Add("ACGT" + consensus + "TTAGCA" + Genomics.Models.Encoding.Alphabet.Dna.ReverseComplement(consensus) + "GG");
        var expected = ReferenceHits(scanner, sequences, threshold, bothStrands);
        var hits = scanner.Scan(sequences);
        var encoded = EncodedSequences.FromStrings(sequences);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits.Select(h => (h.SequenceIndex, h.Start, h.Strand, h.PValue, h.Site)), Is.EqualTo(expected));
            Assert.That(hits.All(h => Math.Abs(h.Score - scanner.WeightMatrix.Score(h.Site)!.Value) < 1e-9 && h.End == h.Start + width && h.MotifId == motif.Id), Is.True);
            Assert.That(scanner.Scan(encoded), Is.EqualTo(hits));
            Assert.That(scanner.Scan(encoded), Is.EqualTo(hits), "an encoding can be scanned again");
            if (threshold > 0)
            {
                Assert.That(expected, Is.Not.Empty);
            }
        }
    }

    [Test]
    public void Scan_WithQValues_SeesTheSameHitsAsWithout()
    {
        var motif = RandomMotif(7, 21);
        var sequences = RandomSequences(new Random(5), 30, 0.02);
        var options = new MotifScanOptions { Background = s_background, PValueThreshold = 1e-3 };
        var plain = new MotifScanner(motif, options).Scan(sequences);
        var withQ = new MotifScanner(motif, options with { ComputeQValues = true }).Scan(sequences);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withQ.Select(h => h with { QValue = null }), Is.EqualTo(plain));
            Assert.That(withQ.All(h => h.QValue >= h.PValue), Is.True);
            Assert.That(plain, Is.Not.Empty);
        }
    }

    [Test]
    public void EncodedSequences_EncodeLettersAndCheckArguments()
    {
        var encoded = EncodedSequences.FromStrings(["ACGTN", string.Empty, "acgu"]);
        var oneHot = new float[2 * 4 * 3];
        oneHot[0] = 1;                // sequence 0: A at 0, nothing at 1, two channels at 2
        oneHot[2] = 1;
        oneHot[(1 * 3) + 2] = 1;
        oneHot[12 + (3 * 3) + 1] = 1; // sequence 1: T at 1
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.Count, Is.EqualTo(3));
            Assert.That(Enumerable.Range(0, 3).Select(encoded.Length), Is.EqualTo(new[] { 5, 0, 4 }));
            Assert.That(encoded.Letters(0), Is.EqualTo(new short[] { 0, 1, 2, 3, EncodedSequences.Blocked }));
            Assert.That(encoded.Letters(2), Is.EqualTo(new short[] { 0, 1, 2, 3 }));
            Assert.That(encoded.BlockedBefore(0), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 1 }));
            Assert.That(encoded.BlockedBefore(2), Is.Null);
            var fromOneHot = EncodedSequences.FromOneHot(oneHot, 2, 3);
            Assert.That(fromOneHot.Letters(0), Is.EqualTo(new short[] { 0, EncodedSequences.Blocked, EncodedSequences.Blocked }));
            Assert.That(fromOneHot.Letters(1), Is.EqualTo(new short[] { EncodedSequences.Blocked, 3, EncodedSequences.Blocked }));
            Assert.That(() => EncodedSequences.FromStrings(null!), Throws.ArgumentNullException);
            Assert.That(() => EncodedSequences.FromStrings(["AC", null!]), Throws.ArgumentNullException);
            Assert.That(() => EncodedSequences.FromOneHot(oneHot, 2, 4), Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot"));
            Assert.That(() => EncodedSequences.FromOneHot(oneHot, -1, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => encoded.Length(3), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MotifScanner(RandomMotif(3, 1)).Scan((EncodedSequences)null!), Throws.ArgumentNullException);
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
    public void BenjaminiHochbergQValues_CountEveryWindow_OverTheReportedHits()
    {
        var motif = RandomMotif(4, 5);
        var sequence = "ACGTACGGTACCATGACTGACTGGGATCAGTCAGCTAGCTAGCATCGACTAGC";
        var bh = new MotifScanOptions { QValues = QValueMethod.BenjaminiHochberg };
        var all = new MotifScanner(motif, bh with { PValueThreshold = 1, ComputeQValues = true }).Scan(sequence);
        var m = all.Count;
        var sorted = all.Select(h => h.PValue).OrderBy(p => p).ToArray();
        var reported = new MotifScanner(motif, bh with { PValueThreshold = 0.2, ComputeQValues = true }).Scan(sequence);
        var hitP = reported.Select(h => h.PValue).OrderBy(p => p).ToArray();
        var filtered = new MotifScanner(motif, bh with { PValueThreshold = 0.2, QValueThreshold = 0.9 }).Scan(sequence);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m, Is.EqualTo(2 * (sequence.Length - 3)));
            foreach (var hit in all)
            {
                var expected = Enumerable.Range(0, m).Where(r => sorted[r] >= hit.PValue).Min(r => Math.Min(1, sorted[r] * m / (r + 1)));
                Assert.That(hit.QValue, Is.EqualTo(expected).Within(1e-12));
            }

            // As FIMO: m counts every window, the monotone minimum runs over the reported hits only.
            foreach (var hit in reported)
            {
                var expected = Enumerable.Range(0, hitP.Length).Where(r => hitP[r] >= hit.PValue).Min(r => Math.Min(1, hitP[r] * m / (r + 1)));
                Assert.That(hit.QValue, Is.EqualTo(expected).Within(1e-12));
            }

            Assert.That(reported, Is.Not.Empty);
            Assert.That(filtered.Select(h => (h.Start, h.Strand)), Is.EqualTo(reported.Where(h => h.QValue <= 0.9).Select(h => (h.Start, h.Strand))));
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
            Assert.That(() => new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 2 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PValueThreshold"));
            Assert.That(() => new MotifScanner(motif, new MotifScanOptions { ScoreRange = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ScoreRange"));
            Assert.That(() => new MotifScanner(motif.ToWeightMatrix(), "m", new MotifScanOptions { Pseudocount = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Pseudocount"));
            Assert.That(() => new MotifScanOptions { QValueThreshold = -0.5 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("QValueThreshold"));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.That(() => new MotifScanner(motif).Scan(["ACGTACGT"], cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }
}

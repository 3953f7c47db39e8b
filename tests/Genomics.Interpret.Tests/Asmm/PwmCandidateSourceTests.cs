using Genomics.Interpret.Asmm;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

[NonParallelizable]
public sealed class PwmCandidateSourceTests
{
    private static readonly string[] s_samples =
    [
        "ACGTACGTACGA", "ACGTTTACGTAC", "GGACGTACCATG", "TTTACGNACGTT",
        "ACGTACGTTTAC", "CATGCATGACGT", "ACGACGACGTAC", "TTTTACGTACGG",
    ];

    /// <summary>A one-hot consensus motif scanned forward-only at the exact-match p-value finds exactly the k-mer's occurrences.</summary>
    [Test]
    public void ExactConsensusMotif_FindsTheKmerOccurrences_AndScoresLikeTheKmer()
    {
        var background = AsmmBackground.FromSequences(s_samples);
        var motif = new Motif("TAC", PositionProbabilityMatrix.FromConsensus("TAC"));
        var options = new MotifScanOptions { BothStrands = false, PValueThreshold = 1.5 / 64 };
        var pwm = new PwmCandidateSource([motif], options).Locate(background);
        var kmers = new KmerCandidateSource(3, 1).Locate(background);
        var k = kmers.IndexOf("TAC");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pwm.Names, Is.EqualTo(new[] { "TAC" }));
            Assert.That(pwm.OccurrenceSamples(0).ToArray(), Is.EqualTo(kmers.OccurrenceSamples(k).ToArray()));
            Assert.That(pwm.OccurrencePositions(0).ToArray(), Is.EqualTo(kmers.OccurrencePositions(k).ToArray()));
            Assert.That(pwm.Pattern(0).ToArray(), Is.EqualTo(kmers.Pattern(k).ToArray()));
        }

        using var model = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, 12, 2));
        var engine = new DeepAsmm(new DeepAsmmOptions { TopFraction = null });
        var fromPwm = engine.Run(model, background, pwm).Motifs[0];
        var fromKmer = engine.Run(model, background, kmers.Select([k])).Motifs[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromPwm.AutonomyRaw, Is.EqualTo(fromKmer.AutonomyRaw).Within(1e-4).Percent);
            Assert.That(fromPwm.SynergyRaw, Is.EqualTo(fromKmer.SynergyRaw).Within(1e-4).Percent);
        }
    }

    [Test]
    public void Locate_MergesStrands_DropsRareMotifs_AndMapsSubSequences()
    {
        var background = AsmmBackground.FromSamples([["GGTACA", "AAAAAA"], ["CCCCCC", "TGTACC"]]);
        var palindrome = new Motif("GTAC", PositionProbabilityMatrix.FromConsensus("GTAC"));
        var absent = new Motif("AAAT", PositionProbabilityMatrix.FromConsensus("AAAT"));
        var options = new MotifScanOptions { PValueThreshold = 1.5 / 256 };
        var set = new PwmCandidateSource([palindrome, absent], options).Locate(background);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Is.EqualTo(new[] { "GTAC" }));
            Assert.That(set.OccurrenceSamples(0).ToArray(), Is.EqualTo(new[] { 0, 1 }), "a palindromic site hit on both strands counts once");
            Assert.That(set.OccurrencePositions(0).ToArray(), Is.EqualTo(new[] { 1, 7 }), "positions are in the concatenated input");
        }
    }

    /// <summary>Real motifs (CIS-BP, Basset's database) on real backgrounds: every occurrence is a site the scanner accepts on one strand.</summary>
    [Test]
    public void DatabaseMotifs_OnBassetSequences_OccurrencesAreScannerHits()
    {
        var motifs = MemeMotifFormat.Read(SharedData.Path("basset", "Homo_sapiens.meme")).Take(6).ToList();
        var table = AsmmTableReader.Read(SharedData.Path("deepasmm", "basset_8988T.csv"));
        var background = AsmmBackground.FromTable(table).Subset(Enumerable.Range(0, 40).ToArray());
        var options = new MotifScanOptions { PValueThreshold = 1e-3 };
        var set = new PwmCandidateSource(motifs, options).Locate(background);
        Assert.That(set.Count, Is.GreaterThan(0));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < set.Count; i++)
            {
                var motif = motifs.Single(m => m.Id == set.Names[i]);
                var scanner = new MotifScanner(motif, options);
                var xs = set.OccurrenceSamples(i);
                var zs = set.OccurrencePositions(i);
                Assert.That(set.Width(i), Is.EqualTo(motif.Width));
                for (var j = 0; j < xs.Length; j++)
                {
                    var site = background.Sequence(xs[j], 0).Substring(zs[j], motif.Width);
                    var reverse = new string(site.Reverse().Select(c => c switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', _ => 'A' }).ToArray());
                    Assert.That(Math.Min(scanner.PValue(site) ?? 1, scanner.PValue(reverse) ?? 1), Is.LessThanOrEqualTo(1e-3), $"{set.Names[i]} at {xs[j]}:{zs[j]}");
                    Assert.That(j == 0 || (xs[j], zs[j]).CompareTo((xs[j - 1], zs[j - 1])) > 0, Is.True, "scan order");
                }
            }
        }
    }

    [Test]
    public void Constructor_RejectsBadArguments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new PwmCandidateSource([]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("motifs"));
            Assert.That(() => new PwmCandidateSource([new Motif("A", PositionProbabilityMatrix.FromConsensus("ACG"))], null, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("minimumCount"));
        }
    }
}

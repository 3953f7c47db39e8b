using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Variants;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Variants;

[TestFixture]
public sealed class VariantScorerTests
{
    private const string Chr1 = "ACGTACGTTTGACTCAGGGGCCCCAAAATTGCATGCATGCCCGGGTTTAAACCCGGG";   // 57 nt

    private ScratchFolder _folder = null!;
    private IndexedFasta _genome = null!;

    [SetUp]
    public void CreateGenome()
    {
        _folder = new ScratchFolder();
        _genome = IndexedFasta.Open(_folder.WriteText("genome.fa", $">chr1\n{Chr1}\n>chr2\nACGTACGTAC\n"));
    }

    [TearDown]
    public void DeleteGenome()
    {
        _genome.Dispose();
        _folder.Dispose();
    }

    [Test]
    public void Substitution_IsCentredAndWritesTheAllele()
    {
        var v = Allele(21, "C", "T");                     // 0-based 20
        var w = VariantWindow.Make(_genome, v, 10)!;
        Assert.That(w.Start, Is.EqualTo(15));
        Assert.That(w.Reference, Is.EqualTo(Chr1[15..25]));
        Assert.That(w.Alternative, Is.EqualTo(Chr1[15..20] + "T" + Chr1[21..25]));
    }

    [Test]
    public void Insertion_CropsTheRightEnd_DeletionPullsInTheGenomesNextBases()
    {
        var insertion = VariantWindow.Make(_genome, Allele(21, "C", "CGG"), 10)!;
        Assert.That(insertion.Alternative, Is.EqualTo((Chr1[15..21] + "GG" + Chr1[21..25])[..10]));
        var deletion = VariantWindow.Make(_genome, Allele(21, "CCC", "C"), 10)!;   // REF 20..22, centre 21
        Assert.That(deletion.Start, Is.EqualTo(16));
        Assert.That(deletion.Reference, Is.EqualTo(Chr1[16..26]));
        Assert.That(deletion.Alternative, Is.EqualTo(Chr1[16..21] + Chr1[23..26] + Chr1[26..28]));
    }

    [Test]
    public void WindowsLeavingTheChromosome_AreNull()
    {
        Assert.That(VariantWindow.Make(_genome, Allele(3, "G", "A"), 10), Is.Null);
        Assert.That(VariantWindow.Make(_genome, Allele(54, "C", "A"), 10), Is.Null);
        Assert.That(VariantWindow.Make(_genome, Allele(53, "C", "A"), 10), Is.Not.Null, "ends exactly at the chromosome's end");
        Assert.That(VariantWindow.Make(_genome, Allele(50, "AAA", "A"), 12), Is.Null, "the deletion would pull in bases past the end");
    }

    [Test]
    public void Scores_EqualTheModelOnBothWindows_ChunkByChunk_AndSkipsNearEnds()
    {
        using var seed = new TorchSeedScope(3);
        using var model = new ToyBlockModel(new ToyBlockModelOptions(Length: 30, Targets: 2));
        var variants = new[] { Allele(21, "C", "T"), Allele(2, "C", "G"), Allele(27, "A", "AT"), Allele(30, "TGC", "T"), Allele(25, "A", "G") };
        var summary = new VariantScoringSummary();
        var scores = new VariantScorer(new VariantScorerOptions { ChunkSize = 2 }).Run(model, _genome, variants, summary).ToList();
        Assert.That(scores.Select(s => s.Variant.Position), Is.EqualTo(new long[] { 21, 27, 30, 25 }));
        Assert.That((summary.Scored, summary.NearChromosomeEnd), Is.EqualTo((4L, 1L)));
        foreach (var score in scores)
        {
            var window = VariantWindow.Make(_genome, score.Variant, 30)!;
            using var scope = torch.NewDisposeScope();
            var expected = new PredictionFunction(ApplyActivation: true).Apply(model, OneHotEncoder.Encode([window.Reference, window.Alternative])).data<float>().ToArray();
            Assert.That(score.Reference, Is.EqualTo(expected[..2]).Within(1e-6));
            Assert.That(score.Alternative, Is.EqualTo(expected[2..]).Within(1e-6));
            Assert.That(score.Difference(1), Is.EqualTo(expected[3] - expected[1]).Within(1e-6));
            var ratio = expected[0] < 0 || expected[2] < 0 ? double.NaN : Math.Log2(expected[2] / (double)expected[0]);
            Assert.That(score.Log2Ratio(0, 0), double.IsNaN(ratio) ? Is.NaN : Is.EqualTo(ratio).Within(1e-5));
            Assert.That(score.WindowStart, Is.EqualTo(window.Start));
        }
    }

    [Test]
    public void RawOutputs_CanBeNegative_AndThenHaveNoLogRatio()
    {
        var score = new VariantScore(Allele(21, "C", "T"), 15, [-1f, 2f], [0.5f, 4f]);
        Assert.That(score.Log2Ratio(0, 1e-6), Is.NaN);
        Assert.That(score.Log2Ratio(1, 0), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void ATrackModel_OrBadOptions_AreRefused()
    {
        using var model = new Genomics.Models.Architectures.DeepChrome.DeepChromeModel();
        Assert.That(() => new VariantScorer().Run(model, _genome, []), Throws.ArgumentException.With.Message.Contain("DNA model"));
        Assert.That(() => new VariantScorer(new VariantScorerOptions { ChunkSize = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static Variant Allele(long position, string reference, string alternative) =>
        new("chr1", position, null, reference, alternative, 0, 1, 1);
}

using Genomics.Interpret.Motifs;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class MotifTests
{
    [Test]
    public void Constructor_ValidatesIdNameAndContributionWidth()
    {
        var ppm = PositionProbabilityMatrix.FromConsensus("ACG");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new Motif("", ppm), Throws.ArgumentException);
            Assert.That(() => new Motif("a b", ppm), Throws.ArgumentException);
            Assert.That(() => new Motif("a", ppm, "x\ny"), Throws.ArgumentException);
            Assert.That(() => new Motif("a", ppm) { Contributions = new ContributionMatrix(new double[4, 2]) }, Throws.ArgumentException);
            Assert.That(() => new Motif("a", ppm) { Sites = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(new Motif("a", ppm, "  ").Name, Is.Null);
        }
    }

    [Test]
    public void ReverseComplementAndTrim_TransformEveryMatrix()
    {
        var contributions = new double[4, 5];
        contributions[0, 1] = 2.0;
        contributions[3, 4] = -1.0;
        var motif = new Motif("m1", PositionProbabilityMatrix.FromConsensus("NACGN"), "TF") { Contributions = new ContributionMatrix(contributions), Sites = 12 };
        var rc = motif.ReverseComplement();
        var trimmed = motif.Trim(1.0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc.Probabilities.IupacConsensus(), Is.EqualTo("NCGTN"));
            Assert.That(rc.Contributions![3, 3], Is.EqualTo(2.0));
            Assert.That(rc.Contributions[0, 0], Is.EqualTo(-1.0));
            Assert.That(rc.Sites, Is.EqualTo(12));
            Assert.That(trimmed!.Offset, Is.EqualTo(1));
            Assert.That(trimmed.Value.Width, Is.EqualTo(3));
            Assert.That(trimmed.Value.Contributions![0, 0], Is.EqualTo(2.0));
            Assert.That(trimmed.Value.Name, Is.EqualTo("TF"));
            Assert.That(motif.Contributions!.AbsoluteSums(), Is.EqualTo(new[] { 0, 2.0, 0, 0, 1.0 }));
            Assert.That(motif.DisplayName, Is.EqualTo("TF"));
        }
    }

    [Test]
    public void MotifSet_RejectsMixedAlphabetsAndFindsById()
    {
        var dna = new Motif("d", PositionProbabilityMatrix.FromConsensus("ACGT"));
        var rna = new Motif("r", PositionProbabilityMatrix.FromConsensus("ACGU"));
        var set = new MotifSet([dna, dna with { Id = "e" }]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new MotifSet([dna, rna]), Throws.ArgumentException.With.Property("ParamName").EqualTo("motifs"));
            Assert.That(set.Find("e")!.Id, Is.EqualTo("e"));
            Assert.That(set.Find("zz"), Is.Null);
            Assert.That(set.Background, Is.EqualTo(MotifBackground.Uniform));
        }
    }

    [Test]
    public void MotifBackground_ValidatesAndComplements()
    {
        var bg = new MotifBackground([0.3, 0.2, 0.1, 0.4]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bg.Complement().ToArray(), Is.EqualTo(new[] { 0.4, 0.1, 0.2, 0.3 }).Within(1e-12));
            Assert.That(bg.Symmetrized().ToArray(), Is.EqualTo(new[] { 0.35, 0.15, 0.15, 0.35 }).Within(1e-12));
            Assert.That(() => new MotifBackground([0.5, 0.5, 0, 0]), Throws.ArgumentException);
            Assert.That(() => new MotifBackground([0.5, 0.5]), Throws.ArgumentException);
            Assert.That(() => new MotifBackground([0.4, 0.4, 0.4, 0.4]), Throws.ArgumentException.With.Property("ParamName").EqualTo("frequencies"));
        }
    }
}

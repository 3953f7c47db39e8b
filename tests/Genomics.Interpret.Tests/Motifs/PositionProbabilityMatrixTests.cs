using Genomics.Interpret.Motifs;
using Genomics.Models.Encoding;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class PositionProbabilityMatrixTests
{
    private static PositionProbabilityMatrix Sample() => new(new double[,]
    {
        { 0.25, 0.9, 0.0, 0.5 },
        { 0.25, 0.05, 0.0, 0.5 },
        { 0.25, 0.05, 1.0, 0.0 },
        { 0.25, 0.0, 0.0, 0.0 },
    });

    [Test]
    public void Constructor_RejectsInvalidValues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new PositionProbabilityMatrix(new double[,] { { 1 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("probabilities"));
            Assert.That(() => new PositionProbabilityMatrix(new double[4, 0]), Throws.ArgumentException);
            Assert.That(() => new PositionProbabilityMatrix(new double[,] { { 1.1 }, { -0.1 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Message.Contains("≥ 0"));
            Assert.That(() => new PositionProbabilityMatrix(new double[,] { { double.NaN }, { 0 }, { 0 }, { 1 } }), Throws.ArgumentException);
            Assert.That(() => new PositionProbabilityMatrix(new double[,] { { 0.5 }, { 0 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Message.Contains("sums to"));
            Assert.That(() => new PositionProbabilityMatrix(null!), Throws.ArgumentNullException);
        }
    }

    [Test]
    public void LayoutConversions_AreConsistent()
    {
        var ppm = Sample();
        var positionMajor = ppm.ToPositionMajor();
        var back = PositionProbabilityMatrix.FromPositionMajor(positionMajor);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ppm.Width, Is.EqualTo(4));
            Assert.That(ppm[0, 1], Is.EqualTo(0.9));
            Assert.That(positionMajor[1, 0], Is.EqualTo(0.9));
            Assert.That(back, Is.EqualTo(ppm));
            Assert.That(ppm.Column(2), Is.EqualTo(new[] { 0.0, 0.0, 1.0, 0.0 }));
        }
    }

    [Test]
    public void ReverseComplement_ReversesPositionsAndComplementsLetters()
    {
        var ppm = Sample();
        var rc = ppm.ReverseComplement();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc[3, 0], Is.EqualTo(ppm[0, 3]));
            Assert.That(rc[2, 0], Is.EqualTo(ppm[1, 3]));
            Assert.That(rc[1, 1], Is.EqualTo(1.0));
            Assert.That(rc.ReverseComplement(), Is.EqualTo(ppm));
            Assert.That(PositionProbabilityMatrix.FromConsensus("AACGT").ReverseComplement().Consensus(), Is.EqualTo("ACGTT"));
        }
    }

    [Test]
    public void InformationContent_IsTwoBitsForOneHotAndZeroForUniform()
    {
        var ic = Sample().InformationContent();
        var background = new MotifBackground([0.4, 0.1, 0.1, 0.4]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ic[0], Is.EqualTo(0).Within(1e-12));
            Assert.That(ic[2], Is.EqualTo(2).Within(1e-12));
            Assert.That(ic[3], Is.EqualTo(1).Within(1e-12));
            Assert.That(ic[1], Is.EqualTo(2 + (0.9 * Math.Log2(0.9)) + (0.1 * Math.Log2(0.05))).Within(1e-12));
            Assert.That(Sample().TotalInformationContent(), Is.EqualTo(ic.Sum()).Within(1e-12));
            Assert.That(Sample().InformationContent(background)[2], Is.EqualTo(Math.Log2(10)).Within(1e-12));
        }
    }

    [Test]
    public void Trim_KeepsInformativeCoreAndReportsOffset()
    {
        var ppm = PositionProbabilityMatrix.FromConsensus("NNACGNTNN");
        var trimmed = ppm.Trim(1.0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trimmed, Is.Not.Null);
            Assert.That(trimmed!.Offset, Is.EqualTo(2));
            Assert.That(trimmed.Value.IupacConsensus(), Is.EqualTo("ACGNT"));
            Assert.That(PositionProbabilityMatrix.FromConsensus("NNN").Trim(0.5), Is.Null);
            Assert.That(() => ppm.Trim(double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void Consensus_AndIupacConsensus_FollowCavenerRules()
    {
        var ppm = PositionProbabilityMatrix.FromPositionMajor(new double[,]
        {
            { 0.8, 0.1, 0.05, 0.05 },  // A: > 0.5 and > 2x second
            { 0.5, 0.0, 0.4, 0.1 },    // R: A+G = 0.9 > 0.75
            { 0.1, 0.45, 0.0, 0.45 },  // Y
            { 0.3, 0.3, 0.2, 0.2 },    // N
            { 0.55, 0.3, 0.1, 0.05 },  // M: A not > 2x C, A+C = 0.85
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ppm.Consensus(), Is.EqualTo("AACAA"));
            Assert.That(ppm.IupacConsensus(), Is.EqualTo("ARYNM"));
            Assert.That(ppm.WithAlphabet(Alphabet.Rna).Consensus(), Is.EqualTo("AACAA"));
            Assert.That(PositionProbabilityMatrix.FromConsensus("TTU").Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(PositionProbabilityMatrix.FromConsensus("TTU").Consensus(), Is.EqualTo("UUU"));
        }
    }

    [Test]
    public void FromConsensus_SpreadsIupacCodes()
    {
        var ppm = PositionProbabilityMatrix.FromConsensus("gRnB");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ppm.Column(0), Is.EqualTo(new[] { 0.0, 0.0, 1.0, 0.0 }));
            Assert.That(ppm.Column(1), Is.EqualTo(new[] { 0.5, 0.0, 0.5, 0.0 }));
            Assert.That(ppm.Column(2), Is.EqualTo(new[] { 0.25, 0.25, 0.25, 0.25 }));
            Assert.That(ppm.Column(3), Is.EqualTo(new[] { 0.0, 1 / 3.0, 1 / 3.0, 1 / 3.0 }));
            Assert.That(() => PositionProbabilityMatrix.FromConsensus("AC-T"), Throws.ArgumentException.With.Property("ParamName").EqualTo("consensus"));
            Assert.That(() => PositionProbabilityMatrix.FromConsensus(""), Throws.ArgumentException);
        }
    }

    [Test]
    public void FromCounts_NormalisesWithPseudocount()
    {
        var counts = new double[,] { { 8 }, { 2 }, { 0 }, { 0 } };
        var plain = PositionProbabilityMatrix.FromCounts(counts);
        var smoothed = PositionProbabilityMatrix.FromCounts(counts, pseudocount: 4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Column(0), Is.EqualTo(new[] { 0.8, 0.2, 0, 0 }));
            Assert.That(smoothed.Column(0), Is.EqualTo(new[] { 9 / 14.0, 3 / 14.0, 1 / 14.0, 1 / 14.0 }).Within(1e-12));
            Assert.That(() => PositionProbabilityMatrix.FromCounts(new double[,] { { 0 }, { 0 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("counts"));
            Assert.That(() => PositionProbabilityMatrix.FromCounts(counts, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void Slice_RejectsRangesOutsideTheMatrix()
    {
        var ppm = Sample();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ppm.Slice(1, 2).Column(0), Is.EqualTo(ppm.Column(1)));
            Assert.That(() => ppm.Slice(3, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => ppm.Slice(0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}

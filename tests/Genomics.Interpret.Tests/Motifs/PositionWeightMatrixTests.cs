using Genomics.Interpret.Motifs;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class PositionWeightMatrixTests
{
    [Test]
    public void FromProbabilities_AppliesMemePseudocountAndLogOdds()
    {
        var ppm = PositionProbabilityMatrix.FromConsensus("AC");
        var background = new MotifBackground([0.3, 0.2, 0.2, 0.3]);
        var pwm = PositionWeightMatrix.FromProbabilities(ppm, background, pseudocount: 0.1, sites: 20);
        var expectedA = Math.Log2(((1.0 * 20) + (0.1 * 0.3)) / 20.1 / 0.3);
        var expectedG = Math.Log2(0.1 * 0.2 / 20.1 / 0.2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pwm[0, 0], Is.EqualTo(expectedA).Within(1e-12));
            Assert.That(pwm[2, 0], Is.EqualTo(expectedG).Within(1e-12));
            Assert.That(pwm.MaxScore, Is.EqualTo(pwm[0, 0] + pwm[1, 1]).Within(1e-12));
            Assert.That(pwm.Score("AC"), Is.EqualTo(pwm.MaxScore).Within(1e-12));
            Assert.That(pwm.Score("AN"), Is.Null);
            Assert.That(() => pwm.Score("ACG"), Throws.ArgumentException);
            Assert.That(() => PositionWeightMatrix.FromProbabilities(ppm, pseudocount: 0), Throws.ArgumentException);
        }
    }

    [Test]
    public void ReverseComplement_ScoresTheOppositeStrand()
    {
        var pwm = PositionWeightMatrix.FromProbabilities(PositionProbabilityMatrix.FromConsensus("AACG"));
        var rc = pwm.ReverseComplement();
        Assert.That(rc.Score("CGTT"), Is.EqualTo(pwm.Score("AACG")).Within(1e-12));
    }

    [Test]
    public void Constructor_RejectsNonFiniteScores() =>
        Assert.That(() => new PositionWeightMatrix(new double[,] { { double.NegativeInfinity }, { 0 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("scores"));
}

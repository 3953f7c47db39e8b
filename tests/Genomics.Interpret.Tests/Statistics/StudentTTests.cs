using Genomics.Interpret.Statistics;
using NUnit.Framework;
using MathNetStudentT = MathNet.Numerics.Distributions.StudentT;

namespace Genomics.Interpret.Tests.Statistics;

public sealed class StudentTTests
{
    [TestCase(0.3, 1.0)]
    [TestCase(-1.7, 4.0)]
    [TestCase(2.5, 9.0)]
    [TestCase(-4.2, 30.0)]
    [TestCase(1.1, 2.5)]
    public void TwoSidedPValue_MatchesMathNetCdf(double t, double df)
    {
        var expected = 2 * MathNetStudentT.CDF(0, 1, df, -Math.Abs(t));

        Assert.That(StudentT.TwoSidedPValue(t, df), Is.EqualTo(expected).Within(1e-12));
    }

    // Two-sided 5 % and 1 % critical values from the t table.
    [TestCase(12.706, 1.0, 0.05)]
    [TestCase(2.228, 10.0, 0.05)]
    [TestCase(2.042, 30.0, 0.05)]
    [TestCase(3.169, 10.0, 0.01)]
    public void TwoSidedPValue_MatchesTableCriticalValues(double t, double df, double p)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StudentT.TwoSidedPValue(t, df), Is.EqualTo(p).Within(p * 1e-3));
            Assert.That(StudentT.TwoSidedPValue(-t, df), Is.EqualTo(StudentT.TwoSidedPValue(t, df)));
        }
    }

    [Test]
    public void TwoSidedPValue_EdgeCases()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StudentT.TwoSidedPValue(0, 5), Is.EqualTo(1));
            Assert.That(StudentT.TwoSidedPValue(double.PositiveInfinity, 5), Is.EqualTo(0));
            Assert.That(StudentT.TwoSidedPValue(double.NegativeInfinity, 5), Is.EqualTo(0));
            Assert.That(StudentT.TwoSidedPValue(double.NaN, 5), Is.NaN);
        }
    }
}
